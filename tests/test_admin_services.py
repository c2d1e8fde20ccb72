"""The admin changes what services own only through those services, so history and versions stay true."""

from datetime import date

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from agencies.models import Agency
from directives.choices import TaskStatus, UpdateKind
from directives.models import Part, ProgressUpdate
from tests.factories import AgencyFactory, DirectiveFactory, PartFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def task(agency, other_agency):
    directive = DirectiveFactory(
        title="Tiêu thoát nước", deadline=date(2025, 6, 30), deadline_text="tháng 6/2025"
    )
    PartFactory(directive=directive, agency=agency, status=TaskStatus.IN_PROGRESS)
    PartFactory(directive=directive, agency=other_agency)
    return directive


def change_form_data(client, url):
    """The change form as the admin shows it, ready to post back."""
    form = client.get(url).context["adminform"].form
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None:
            continue
        data[name] = [str(item) for item in value] if isinstance(value, list) else str(value)
    for formset in client.get(url).context["inline_admin_formsets"]:
        management = formset.formset.management_form
        for name in management.fields:
            data[f"{management.prefix}-{name}"] = management[name].value()
        for inline_form in formset.formset.forms:
            for name in inline_form.fields:
                value = inline_form[name].value()
                if value is not None:
                    data[f"{inline_form.prefix}-{name}"] = str(getattr(value, "pk", value))
    return data


def saved(client, view: str, pk: int, **changes) -> None:
    """Post an admin change form back as it shows the record, with `changes`, and check it was saved."""
    url = reverse(view, args=[pk])
    data = change_form_data(client, url)
    data.update(changes)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors


def test_the_deadline_and_lead_agencies_are_read_only_in_the_task_form(client, office_staff, task):
    client.force_login(office_staff)
    url = reverse("admin:directives_directive_change", args=[task.pk])
    response = client.get(url)
    form = response.context["adminform"].form
    assert "deadline" not in form.fields and "notice" not in form.fields
    inline = response.context["inline_admin_formsets"][0]
    assert not inline.has_add_permission and not inline.has_delete_permission
    assert "agency" not in inline.formset.forms[0].fields


def test_a_correction_saved_in_the_admin_goes_through_the_service(client, office_staff, task):
    client.force_login(office_staff)
    saved(
        client,
        "admin:directives_directive_change",
        task.pk,
        title="Tiêu thoát nước các KCN",
        deadline="31/12/2030",
    )
    task.refresh_from_db()
    assert task.title == "Tiêu thoát nước các KCN"
    assert task.version == 1  # raised by correct_directive: a page opened before now sees a conflict
    assert task.deadline == date(2025, 6, 30)  # read-only: the posted deadline was ignored


def test_a_notice_dated_again_in_the_admin_dates_its_tasks_parts(client, office_staff, task):
    client.force_login(office_staff)
    saved(
        client,
        "admin:directives_notice_change",
        task.notice_id,
        issued_on="15/03/2025",
        meeting_on="27/02/2025",
    )
    assert set(Part.objects.filter(directive=task).values_list("notice_date", flat=True)) == {
        date(2025, 3, 15)
    }


def test_the_correct_deadline_action_records_history_on_every_part(client, office_staff, task):
    client.force_login(office_staff)
    url = reverse("admin:directives_directive_changelist")
    chosen = {"action": "correct_deadline", ACTION_CHECKBOX_NAME: [task.pk]}
    page = client.post(url, chosen)
    assert page.status_code == 200
    assert "deadline" in page.context["form"].fields
    response = client.post(
        url,
        {
            **chosen,
            "apply": "1",
            "deadline": "31/12/2025",
            "deadline_text": "hết năm 2025",
            "recurrence": "none",
        },
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert (task.deadline, task.deadline_text, task.version) == (date(2025, 12, 31), "hết năm 2025", 1)
    history = ProgressUpdate.objects.filter(part__directive=task, kind=UpdateKind.TASK_CORRECTED)
    assert history.count() == 2
    assert {(h.deadline_before, h.deadline_after) for h in history} == {
        (date(2025, 6, 30), date(2025, 12, 31))
    }
    assert set(Part.objects.filter(directive=task).values_list("effective_deadline", flat=True)) == {
        date(2025, 12, 31)
    }


def test_the_leader_cannot_run_the_actions(client, leader, task):
    client.force_login(leader)
    response = client.post(
        reverse("admin:directives_directive_changelist"),
        {
            "action": "correct_deadline",
            ACTION_CHECKBOX_NAME: [task.pk],
            "apply": "1",
            "deadline": "31/12/2025",
        },
    )
    assert response.status_code == 200  # the action is not offered to a reader: nothing selected runs
    task.refresh_from_db()
    assert task.deadline == date(2025, 6, 30)
    assert not ProgressUpdate.objects.exists()


def test_an_agency_s_successor_and_active_flag_are_read_only(client, office_staff, agency):
    client.force_login(office_staff)
    form = client.get(reverse("admin:agencies_agency_change", args=[agency.pk])).context["adminform"].form
    assert not {"successor", "is_active", "dissolved_on"} & set(form.fields)
    assert "name" in form.fields


def test_merging_an_agency_hands_its_open_tasks_over(client, office_staff, agency, task):
    successor = AgencyFactory(name="Sở Nông nghiệp và Môi trường")
    done = PartFactory(agency=agency, status=TaskStatus.DONE, completed_on=date(2025, 1, 2))
    client.force_login(office_staff)
    url = reverse("admin:agencies_agency_changelist")
    chosen = {"action": "hand_over", ACTION_CHECKBOX_NAME: [agency.pk]}
    assert client.post(url, chosen).status_code == 200
    response = client.post(url, {**chosen, "apply": "1", "successor": successor.pk, "on": "01/07/2025"})
    assert response.status_code == 302
    agency.refresh_from_db()
    assert (agency.is_active, agency.successor, agency.dissolved_on) == (False, successor, date(2025, 7, 1))
    moved = Part.objects.get(directive=task, agency=successor)
    transfer = moved.updates.get(kind=UpdateKind.TRANSFERRED)
    assert transfer.agency == Agency.objects.get(pk=agency.pk) and transfer.author == office_staff
    done.refresh_from_db()
    assert done.agency_id == agency.pk  # finished work stays with the agency that did it


def test_only_superusers_change_the_accounts_of_people_who_see_everything(
    client, office_staff, leader, agency
):
    agency_user = UserFactory(username="chuyenvien2", agency=agency)
    client.force_login(office_staff)
    leader_password = reverse("admin:auth_user_password_change", args=[leader.pk])
    response = client.post(
        leader_password, {"password1": "Mat-khau-moi-2025!", "password2": "Mat-khau-moi-2025!"}
    )
    assert response.status_code == 403
    leader.refresh_from_db()
    assert not leader.check_password("Mat-khau-moi-2025!")
    agency_password = reverse("admin:auth_user_password_change", args=[agency_user.pk])
    response = client.post(
        agency_password, {"password1": "Mat-khau-moi-2025!", "password2": "Mat-khau-moi-2025!"}
    )
    assert response.status_code == 302
    agency_user.refresh_from_db()
    assert agency_user.check_password("Mat-khau-moi-2025!")

    superuser = UserFactory(username="quantri", is_superuser=True, role=None, agency=None)
    client.force_login(superuser)
    response = client.post(
        leader_password, {"password1": "Mat-khau-moi-2025!", "password2": "Mat-khau-moi-2025!"}
    )
    assert response.status_code == 302
    leader.refresh_from_db()
    assert leader.check_password("Mat-khau-moi-2025!")
