"""A translated course goes through "Course approval": wagtail-localize saves
the new translation as a draft (not live with the original's text), the
trainer submits it from the translation editor once every text is
translated, and the lead trainer's approval publishes it."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail_localize.models import StringTranslation, Translation
from wagtail_localize.operations import TranslationCreator

from tests.factories import employee_with_role

from . import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def lead(db):
    employee = employee_with_role("lead_trainer", store=None, team=None)
    employee.user.groups.add(Group.objects.get(name="trainer"))
    return employee


@pytest.fixture
def translated(trainer, library, django_capture_on_commit_callbacks):
    """A live course of the default language, translated into the other."""
    other = f.other_locale()
    library.copy_for_translation(other).save_revision().publish()
    course = f.CoursePageFactory(parent=library, title="Greeting customers")
    with django_capture_on_commit_callbacks(execute=True):
        TranslationCreator(trainer.user, [other]).create_translations(course)
    return Translation.objects.get(
        source__object_id=course.translation_key, target_locale=other
    )


def _translate_every_text(translation):
    for segment in translation.source.stringsegment_set.select_related("string"):
        StringTranslation.objects.create(
            translation_of=segment.string,
            locale=translation.target_locale,
            context=segment.context,
            data=f"[{translation.target_locale.language_code}] {segment.string.data}",
        )


def test_a_new_translation_is_a_draft_not_a_live_copy(translated):
    page = translated.get_target_instance()
    assert page.live is False
    assert page.title == "Greeting customers"  # still the original's text


def test_trainer_submits_and_the_lead_approval_publishes(
    translated, trainer, lead, login
):
    _translate_every_text(translated)
    client = login(trainer)
    editor = reverse("wagtailadmin_pages:edit", args=[translated.get_target_instance().pk])
    body = client.get(editor).content.decode()
    assert "Submit translation for approval" in body
    url = reverse("courses_translation_submit", args=[translated.pk])
    response = client.post(url, follow=True)
    assert "Submitted to “Course approval”" in response.content.decode()
    page = translated.get_target_instance()
    page.refresh_from_db()
    assert page.live is False and page.workflow_in_progress
    assert page.get_latest_revision().as_object().title.startswith("[")
    # Submitting again while it waits changes nothing.
    client.post(url)
    assert page.workflow_states.count() == 1

    task_state = page.current_workflow_task_state
    assert [a[0] for a in task_state.task.specific.get_actions(page, trainer.user)] == []
    task_state.task.specific.on_action(task_state, lead.user, "approve")
    page.refresh_from_db()
    assert page.live and page.title.startswith("[")


def test_an_incomplete_translation_is_not_submitted(translated, trainer, login):
    response = login(trainer).post(
        reverse("courses_translation_submit", args=[translated.pk]), follow=True
    )
    assert "not translated yet" in response.content.decode()
    page = translated.get_target_instance()
    assert not page.workflow_in_progress and page.live is False


def test_the_lead_publishes_directly_and_sees_no_submit_button(
    translated, lead, login
):
    page = translated.get_target_instance()
    body = login(lead).get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert "Submit translation for approval" not in body.content.decode()


def test_people_outside_the_admin_cannot_submit(translated, staff, login):
    _translate_every_text(translated)
    response = login(staff).post(
        reverse("courses_translation_submit", args=[translated.pk])
    )
    assert response.status_code in (302, 403)  # to the admin's sign-in, or refused
    assert not translated.get_target_instance().workflow_in_progress
