"""The select among hundreds of agencies (`tasktracker.filters.LongSelect`) writes what it wrote when every
label went through Django's `escape`: names that must be escaped, nothing chosen, one chosen, a choice that
is no agency."""

import pytest
from django.forms.utils import flatatt
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from directives.filtersets import PartFilterSet
from tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db


def written_before(widget, name, value, attrs=None) -> str:
    """LongSelect.render as it was, Django's `escape` on every label."""
    chosen = {str(item) for item in widget.format_value(value)}
    field = widget.choices.field
    nothing = "" if chosen - {""} else " selected"
    options = [f'<option value=""{nothing}>{escape(field.empty_label or "")}</option>']
    for pk, label in widget.choices.queryset.values_list("pk", widget.label_field):
        selected = " selected" if str(pk) in chosen else ""
        options.append(f'<option value="{pk}"{selected}>{escape(label)}</option>')
    return format_html(
        '<select name="{}"{}>{}</select>',
        name,
        flatatt(widget.build_attrs(widget.attrs, attrs)),
        mark_safe("".join(options)),
    )


@pytest.mark.parametrize("chosen", [None, "", "CHOSEN", "999999999", "abc"])
def test_the_agencies_select_writes_what_it_wrote(agency, chosen):
    tricky = AgencyFactory(name='Sở "Xây dựng" & <Giao thông> d\'Hà')
    AgencyFactory(name="Ủy ban nhân dân huyện Đồng Văn")
    value = str(tricky.pk) if chosen == "CHOSEN" else chosen
    form = PartFilterSet({"agency": value} if value is not None else {}).form
    for name in ("agency", "supporting_agency"):
        field = form[name]
        widget = field.field.widget
        html = widget.render(name, field.value(), {"id": f"id_{name}"})
        assert html == written_before(widget, name, field.value(), {"id": f"id_{name}"})
        assert "&quot;Xây dựng&quot; &amp; &lt;Giao thông&gt; d&#x27;Hà" in html
        assert html.count("<option") == 4
    selected = form["agency"].as_widget()
    # A value that names no agency selects nothing (the browser shows the first option), as before.
    assert selected.count(" selected") == (0 if chosen in ("999999999", "abc") else 1)
    assert (f'<option value="{tricky.pk}" selected>' in selected) == (chosen == "CHOSEN")
