"""Translating a live course with its lessons keeps the translated tree whole."""

import pytest
from wagtail_localize.operations import TranslationCreator

from . import factories as f

pytestmark = pytest.mark.django_db


def test_translated_course_keeps_its_translated_lessons(
    trainer, library, django_capture_on_commit_callbacks
):
    """wagtail-localize saves the translated course on commit, after its
    lessons were added; the course must still know it has children once it
    is published (by the approval of its translation), or its lessons cannot
    be routed to and learners get the original instead."""
    zh = f.other_locale()
    library.copy_for_translation(zh).save_revision().publish()
    course = f.CoursePageFactory(parent=library)
    lesson = f.LessonPageFactory(parent=course)
    with django_capture_on_commit_callbacks(execute=True):
        creator = TranslationCreator(trainer.user, [zh])
        creator.create_translations(course)
        creator.create_translations(lesson)
    course_zh = course.get_translation(zh)
    course_zh.refresh_from_db()
    assert not course_zh.live  # a draft until its translation is approved
    course_zh.get_latest_revision().publish()
    course_zh.refresh_from_db()
    assert course_zh.live and course_zh.numchild == 1
    assert list(course_zh.get_children().specific()) == [lesson.get_translation(zh)]
