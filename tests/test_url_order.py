"""Every named address resolves to its own view: no pattern earlier in the URL configuration takes another's
addresses (the API's include comes before the pages', which are included at the root)."""

from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse

STAND_INS = {
    "int": 7,
    "str": "abc",
    "slug": "abc",
    "path": "a/b",
    "uuid": "12345678-1234-5678-1234-567812345678",
}


def named_patterns(resolver: URLResolver, namespace: str = ""):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from named_patterns(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield namespace + pattern.name, pattern


def test_every_named_address_resolves_to_its_own_view():
    checked = 0
    for name, pattern in named_patterns(get_resolver()):
        converters = getattr(pattern.pattern, "converters", {})
        kwargs = {}
        for key, converter in converters.items():
            kind = type(converter).__name__.removesuffix("Converter").lower()
            if kind not in STAND_INS:
                break
            kwargs[key] = STAND_INS[kind]
        else:
            if pattern.pattern.regex.groups != len(kwargs):
                continue  # a regular expression's own groups: not built here
            address = reverse(name, kwargs=kwargs)
            assert resolve(address).view_name == name, address
            checked += 1
    assert checked > 50
