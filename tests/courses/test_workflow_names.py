"""The workflow and task names a migration stored in English show in the
admin user's language, and stay stored in English whatever language saves
them."""

import pytest
from django.urls import reverse
from django.utils import translation
from wagtail.models import Task, Workflow

from . import factories as f

pytestmark = pytest.mark.django_db


def test_names_follow_the_active_language():
    with translation.override("zh-hans"):
        assert Workflow.objects.get(name="Course approval").name == "课程审批"
        assert Task.objects.get(name="Lead trainer approval").specific.name == (
            "首席培训师审批"
        )
    with translation.override("en"):
        assert Workflow.objects.get(name="Course approval").name == "Course approval"


def test_saving_in_chinese_keeps_the_stored_name():
    with translation.override("zh-hans"):
        workflow = Workflow.objects.get(name="Course approval")
        workflow.save()
        task = Task.objects.get(name="Lead trainer approval").specific
        task.save()
    assert Workflow.objects.filter(name="Course approval").count() == 1
    assert Task.objects.filter(name="Lead trainer approval").count() == 1


def test_the_chinese_editor_offers_to_submit_to_the_chinese_name(
    trainer, library, login
):
    trainer.user.language = "zh-hans"
    trainer.user.save()
    course = f.CoursePageFactory.build(title="新课程", slug="new-course", live=False)
    library.add_child(instance=course)
    course.save_revision(user=trainer.user)
    body = login(trainer).get(reverse("wagtailadmin_pages:edit", args=[course.pk]))
    html = body.content.decode()
    assert "课程审批" in html and "Course approval" not in html
