"""The select among hundreds of agencies (`tasktracker.filters.LongSelect`) writes what it wrote when every
label went through Django's `escape`: names that must be escaped, nothing chosen, one chosen, a choice that
is no agency. Both agency selects of the task list read the agencies once, show a change at once, and one
filter set's choices and errors never reach another's (`tasktracker.filters.FilterSet`)."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.forms.utils import flatatt
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from agencies.models import Agency
from directives.filtersets import PartFilterSet
from directives.models import Part
from tests.factories import AgencyFactory, NoticeFactory

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


def agency_reads(queries) -> int:
    return sum('FROM "agencies_agency"' in query["sql"] for query in queries)


def both_selects(data=None, user=None) -> tuple[str, str]:
    request = RequestFactory().get("/directives/")
    request.user = user or AnonymousUser()
    form = PartFilterSet(data, request=request).form
    return str(form["agency"]), str(form["supporting_agency"])


def test_both_agency_selects_read_the_agencies_once(agency):
    AgencyFactory(name="Sở Tài chính")
    with CaptureQueriesContext(connection) as queries:
        lead, supporting = both_selects({"supporting_agency": str(agency.pk)})
    assert agency_reads(queries) == 1
    assert lead.count("<option") == supporting.count("<option") == 3
    assert f'<option value="{agency.pk}" selected>' in supporting
    assert " selected" not in lead.replace('<option value="" selected>', "")


def test_the_selects_show_a_renamed_merged_or_new_agency_once_committed(agency, committed):
    merged = committed(lambda: AgencyFactory(name="Sở Khoa học và Công nghệ"))
    assert "Sở Khoa học và Công nghệ" in both_selects()[0]

    def rename_and_add():
        merged.name = "Sở Khoa học, Công nghệ & Truyền thông"
        merged.save()
        AgencyFactory(name="Ban Quản lý dự án")

    committed(rename_and_add)
    lead, supporting = both_selects()
    for html in (lead, supporting):
        assert "Sở Khoa học, Công nghệ &amp; Truyền thông" in html
        assert "Sở Khoa học và Công nghệ<" not in html
        assert "Ban Quản lý dự án" in html

    def merge():
        Part.objects.filter(agency=merged).delete()
        merged.delete()

    committed(merge)
    assert f'value="{merged.pk}"' not in both_selects()[1]


def test_the_agencies_are_kept_until_a_change_is_committed(agency, committed):
    """Read once for both selects, then kept (filed under the changes version, `counts.kept_counts`) until
    any change is committed."""
    with CaptureQueriesContext(connection) as queries:
        both_selects()
        both_selects({"agency": str(agency.pk)})
    assert agency_reads(queries) == 1
    committed(lambda: AgencyFactory(name="Sở Nội vụ"))
    with CaptureQueriesContext(connection) as queries:
        assert "Sở Nội vụ" in both_selects()[0]
    assert agency_reads(queries) == 1


def test_a_select_given_other_records_lists_its_own(agency):
    other = AgencyFactory(name="Sở Y tế")
    form = PartFilterSet({}).form
    form.fields["supporting_agency"].queryset = Agency.objects.filter(pk=other.pk)
    assert form["supporting_agency"].as_widget().count("<option") == 2
    assert form["agency"].as_widget().count("<option") == 3


def test_one_filter_sets_choices_and_errors_never_reach_the_next(agency, office_staff, agency_head):
    notice = NoticeFactory()
    first = PartFilterSet({"agency": "abc", "notice": str(notice.pk)}, request=_request(office_staff))
    assert first.errors
    first_html = [str(field) for field in first.form]
    second = PartFilterSet({"supporting_agency": str(agency.pk)}, request=_request(agency_head))
    assert second.is_valid() and not second.errors
    assert not {id(field) for field in first.form.fields.values()} & {
        id(field) for field in second.form.fields.values()
    }
    second_html = {field.name: str(field) for field in second.form}
    assert " selected" not in second_html["agency"].replace('<option value="" selected>', "")
    assert f'<option value="{agency.pk}" selected>' in second_html["supporting_agency"]
    # The first (office staff) chose a notice: the second person's select offers none.
    assert any(notice.number in html for html in first_html)
    assert notice.number not in second_html["notice"]
    assert PartFilterSet(None, request=_request(office_staff)).form.errors == {}


def _request(user):
    request = RequestFactory().get("/directives/")
    request.user = user
    return request
