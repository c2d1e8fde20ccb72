"""Escaping for HTML written in Python."""

import html


def escape(text) -> str:
    """What `{{ text }}` writes of a value: Django's `escape` (which escapes even safe strings), without the
    wrapper it has for lazy arguments, which costs more than the escaping on a page that escapes hundreds
    of values. A plain string with none of the five characters to escape is written as it is: looking for
    them costs less than the five calls of `str.replace` that would find none (most names and notes)."""
    if type(text) is str and not ("&" in text or "<" in text or ">" in text or '"' in text or "'" in text):
        return text
    return html.escape(str(text))


def csrf_input(csrf_token) -> str:
    """What `{% csrf_token %}` writes, given the template context's `csrf_token`: the hidden input, or
    nothing when the view gave no token."""
    if not csrf_token or csrf_token == "NOTPROVIDED":
        return ""
    return f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(csrf_token)}">'
