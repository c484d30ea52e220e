"""Translations of course pages go through "Course approval" like any other
edit: wagtail-localize saves a new translation as a draft (the setting
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE is off, so an English page is
never live with the Chinese text it was copied from), and a trainer who may
not publish submits the finished translation to the page's workflow from the
translation editor. A lead trainer approves it as any page: approval
publishes it."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.models import Page
from wagtail_localize.models import Translation


class TranslationNotReady(Exception):
    """Raised with the message to show the translator; nothing was saved."""


def missing_texts(translation: Translation) -> int:
    """How many of the source's texts have no translation yet."""
    segments = translation.source.stringsegment_set.all()
    return (
        segments.annotate_translation(translation.target_locale)
        .filter(translation__isnull=True)
        .count()
    )


@transaction.atomic
def translation_submit(*, translation: Translation, user) -> Page:
    """Write the translated texts into a draft revision of the target page
    and start its workflow. Refused (nothing saved) while a text is missing,
    while the page already waits for approval, or for a user who may not
    submit it."""
    page = translation.get_target_instance()
    if not isinstance(page, Page):
        raise PermissionDenied
    perms = page.permissions_for_user(user)
    if not perms.can_edit():
        raise PermissionDenied
    if page.workflow_in_progress:
        raise TranslationNotReady(
            _("This translation is already waiting for approval.")
        )
    workflow = page.get_workflow()
    if workflow is None or not perms.can_submit_for_moderation():
        raise PermissionDenied
    missing = missing_texts(translation)
    if missing:
        raise TranslationNotReady(
            ngettext(
                "%(n)d text is not translated yet: translate it, then submit.",
                "%(n)d texts are not translated yet: translate them, then submit.",
                missing,
            )
            % {"n": missing}
        )
    translation.save_target(user=user, publish=False)
    page = page.specific_class.objects.get(pk=page.pk)
    workflow.start(page, user)
    return page
