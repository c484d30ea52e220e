"""Cached course and lesson content (courses.selectors.page_content) is keyed
by the page's own row; what it only refers to (other pages, snippets, images,
documents) makes it stale through these receivers. Also keeps the page tree
sound when wagtail-localize publishes translations."""

from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published, page_unpublished, post_page_move

# Page saves are not receivers, only deletes: a draft save (Wagtail autosaves
# every 500 ms while editing) changes nothing learners see; publish, unpublish
# and move do (connected below).
REFERENCED = [
    "courses.Question",
    "courses.Quiz",
    "courses.RolePlayScenario",
    "courses.SkillArea",
    "wagtailimages.Image",
    "wagtaildocs.Document",
]
PAGES = ["courses.CoursePage", "courses.LessonPage", "courses.TrainingLibraryPage"]


def _changed(sender, **kwargs):
    from .selectors import contents_changed

    contents_changed()


def page_numchild_repair(sender, instance, **kwargs):
    """wagtail-localize's "Translate" (with subtree) publishes the translated
    course on commit from an object loaded before its lessons were
    translated, so the save writes numchild=0 over the real count. Treebeard
    then treats the course as a leaf: its lessons are unreachable and learners
    silently get the original language. Recount from the paths."""
    from wagtail.models import Page

    actual = Page.objects.child_of(instance).count()
    if actual != instance.numchild:
        Page.objects.filter(pk=instance.pk).update(numchild=actual)
        instance.numchild = actual


def connect() -> None:
    from django.apps import apps

    for label in REFERENCED:
        model = apps.get_model(label)
        post_save.connect(_changed, sender=model, dispatch_uid=f"lesson-body-{label}")
    for label in REFERENCED + PAGES:
        model = apps.get_model(label)
        post_delete.connect(
            _changed, sender=model, dispatch_uid=f"lesson-body-del-{label}"
        )
    page_published.connect(page_numchild_repair, dispatch_uid="page-numchild-repair")
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(_changed, dispatch_uid=f"lesson-body-{id(signal)}")
