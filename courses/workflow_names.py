"""The editorial workflow and its task are rows that a data migration
created (courses 0002) with English names, which Wagtail's admin shows as
they are ("提交给Course approval"). Each instance loaded gets its name in the
active language; before a save the stored name goes back to the English
original, so editing the workflow in Chinese never renames it."""

from django.db.models.signals import post_init, pre_save
from django.utils.translation import gettext, gettext_lazy, override

# The names the migration stored, marked for translation.
NAMES = {
    "Course approval": gettext_lazy("Course approval"),
    "Lead trainer approval": gettext_lazy("Lead trainer approval"),
}


def _shown(sender, instance, **kwargs):
    name = instance.__dict__.get("name")
    if name in NAMES:
        instance.name = gettext(name)


def _stored(sender, instance, **kwargs):
    for original in NAMES:
        with override("zh-hans"):
            chinese = gettext(original)
        if instance.name in (original, chinese):
            instance.name = original
            return


def connect() -> None:
    from wagtail.models import GroupApprovalTask, Task, Workflow

    for model in (Workflow, Task, GroupApprovalTask):
        post_init.connect(_shown, sender=model, dispatch_uid=f"workflow-name-{model}")
        pre_save.connect(_stored, sender=model, dispatch_uid=f"workflow-save-{model}")
