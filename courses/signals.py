"""Keep the page tree sound when wagtail-localize publishes translations."""

from django.dispatch import receiver
from wagtail.models import Page
from wagtail.signals import page_published


@receiver(page_published)
def page_numchild_repair(sender, instance, **kwargs):
    """wagtail-localize's "Translate" (with subtree) publishes the translated
    course on commit from an object loaded before its lessons were
    translated, so the save writes numchild=0 over the real count. Treebeard
    then treats the course as a leaf: its lessons are unreachable and learners
    silently get the original language. Recount from the paths."""
    actual = Page.objects.child_of(instance).count()
    if actual != instance.numchild:
        Page.objects.filter(pk=instance.pk).update(numchild=actual)
        instance.numchild = actual
