"""Cached course and lesson content (courses.selectors.page_content) is keyed
by the page's own row; what it only refers to (other pages, snippets, images,
documents) makes it stale through these receivers."""

from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published, page_unpublished, post_page_move

REFERENCED = [
    "courses.Question",
    "courses.Quiz",
    "courses.RolePlayScenario",
    "courses.SkillArea",
    "courses.CoursePage",
    "courses.LessonPage",
    "courses.TrainingLibraryPage",
    "wagtailimages.Image",
    "wagtaildocs.Document",
]


def _changed(sender, **kwargs):
    from .selectors import contents_changed

    contents_changed()


def connect() -> None:
    from django.apps import apps

    for label in REFERENCED:
        model = apps.get_model(label)
        post_save.connect(_changed, sender=model, dispatch_uid=f"lesson-body-{label}")
        post_delete.connect(
            _changed, sender=model, dispatch_uid=f"lesson-body-del-{label}"
        )
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(_changed, dispatch_uid=f"lesson-body-{id(signal)}")
