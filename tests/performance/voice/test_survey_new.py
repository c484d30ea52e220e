"""Creating a survey from the staff pages, and closing or opening it again:
a manager for their own store and team, HR for any store; tampered or
inconsistent choices answer 400 with the field's message and store nothing."""

import pytest
from django.urls import reverse

from performance.models import Survey

pytestmark = pytest.mark.django_db

NEW = reverse("performance:survey_new")


def _data(version, **extra):
    return {"name": "前台满意度", "name_en": "Front desk", "version": version.pk,
            "access": "open", **extra}  # fmt: skip


def test_manager_creates_an_open_survey_of_their_store(login, manager, store, versions):
    client = login(manager)
    page = client.get(NEW)
    assert page.status_code == 200
    body = page.content.decode()
    assert f'<option value="{store.pk}"' in body
    response = client.post(NEW, _data(versions["csat"], store=store.pk), follow=True)
    survey = Survey.objects.get()
    assert response.redirect_chain[-1][0] == reverse(
        "performance:survey_detail", args=[survey.pk]
    )
    assert "Survey created." in response.content.decode()
    assert (survey.store, survey.employee, survey.created_by) == (
        store,
        None,
        manager.user,
    )
    assert survey.version == versions["csat"] and survey.is_active


def test_a_survey_of_one_employee_counts_for_their_store(
    login, manager, staff, versions
):
    client = login(manager)
    data = _data(versions["nps"], employee_number=staff.number, access="token")
    client.post(NEW, data)
    survey = Survey.objects.get()
    assert (survey.employee, survey.store, survey.access) == (
        staff,
        staff.store,
        Survey.Access.TOKEN,
    )


@pytest.mark.parametrize(
    "change, field, message",
    [
        ({"store": ""}, "store", "Choose a store or enter an employee number."),
        ({"employee_number": "NOPE-1"}, "employee_number",
         "No active employee you can see has this number."),
        ({"access": "everyone"}, "access", "Select a valid choice."),
        ({"version": "999999"}, "version", "Select a valid choice."),
    ],
)  # fmt: skip
def test_bad_choices_are_refused_with_the_fields_message(
    login, manager, store, versions, change, field, message
):
    response = login(manager).post(
        NEW, {**_data(versions["csat"], store=store.pk), **change}
    )
    assert response.status_code == 400
    assert message in str(response.context["form"].errors[field])
    assert not Survey.objects.exists()


def test_a_manager_cannot_reach_another_stores_people_or_store(
    login, manager, other_store, other_staff, versions
):
    """Another store is not among the choices (a tampered value is refused),
    nor is its staff found by number."""
    client = login(manager)
    assert f'<option value="{other_store.pk}"' not in client.get(NEW).content.decode()
    for data in (
        _data(versions["csat"], store=other_store.pk),
        _data(versions["csat"], employee_number=other_staff.number),
    ):
        assert client.post(NEW, data).status_code == 400
    assert not Survey.objects.exists()


def test_hr_may_create_for_any_store_but_not_with_a_mismatched_employee(
    login, hr, store, other_store, staff, versions
):
    client = login(hr)
    mismatch = _data(
        versions["csat"], store=other_store.pk, employee_number=staff.number
    )
    response = client.post(NEW, mismatch)
    assert response.status_code == 400
    assert "This employee works at another store." in response.content.decode()
    client.post(NEW, _data(versions["csat"], store=other_store.pk))
    assert Survey.objects.get().store == other_store


def test_chinese_form_and_messages(login, manager, store, versions):
    manager.user.language = "zh-hans"
    manager.user.save()
    client = login(manager)
    body = client.get(NEW).content.decode()
    assert "新建调查" in body and "问卷" in body
    response = client.post(NEW, _data(versions["csat"], store=""))
    assert "请选择门店或输入员工工号。" in response.content.decode()


def test_closing_a_survey_stops_its_link_and_opening_it_again_restores_it(
    login, client, manager, make_survey
):
    survey = make_survey()
    public = reverse("performance:survey_answer", args=[survey.code])
    url = reverse("performance:survey_open", args=[survey.pk])
    staff_client = login(manager)
    response = staff_client.post(url, {"is_open": "0"}, follow=True)
    assert "The survey is closed" in response.content.decode()
    survey.refresh_from_db()
    assert not survey.is_active
    assert client.get(public).status_code == 404
    assert staff_client.post(url, {"is_open": "maybe"}).status_code == 400
    staff_client.post(url, {"is_open": "1"})
    survey.refresh_from_db()
    assert survey.is_active
    assert client.get(public).status_code == 200


def test_another_stores_survey_cannot_be_closed(
    login, manager, make_survey, other_store
):
    survey = make_survey(store=other_store)
    url = reverse("performance:survey_open", args=[survey.pk])
    assert login(manager).post(url, {"is_open": "0"}).status_code == 404
    survey.refresh_from_db()
    assert survey.is_active
