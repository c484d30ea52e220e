"""The Wagtail admin view behind the translation editor's "Submit
translation for approval" button (see courses/translations.py)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail_localize.models import Translation

from .translations import TranslationNotReady, translation_submit


@require_POST
def submit(request, translation_id: int):
    translation = get_object_or_404(Translation, pk=translation_id, enabled=True)
    page = translation.get_target_instance()
    try:
        translation_submit(translation=translation, user=request.user)
    except TranslationNotReady as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("Submitted to “%(workflow)s”: a lead trainer reviews and publishes it.")
            % {"workflow": page.get_workflow().name},
        )
    return redirect(reverse("wagtailadmin_pages:edit", args=[page.pk]))
