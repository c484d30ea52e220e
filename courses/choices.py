"""Choosing a course, path, scenario or rubric in a form: each item once (its
default-language row, the one services store), labelled in the viewer's
language when translated (else the original)."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.db.models import QuerySet
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page


def originals(queryset: QuerySet) -> QuerySet:
    """The default-language rows of a translatable queryset (by language
    code: no query, so form classes may call it at import)."""
    default = get_supported_content_language_variant(settings.LANGUAGE_CODE)
    return queryset.filter(locale__language_code=default)


def titles_in_viewer_language(queryset: QuerySet) -> dict[int, str]:
    """{default-language pk: title in the active language, else the original}
    in two queries."""
    rows = list(queryset.values_list("pk", "translation_key", "title"))
    titles = {pk: title for pk, _key, title in rows}
    active = Locale.get_active()
    if active.pk == Locale.get_default().pk or not rows:
        return titles
    model = queryset.model
    translated = model.objects.filter(
        locale=active, translation_key__in=[key for _pk, key, _t in rows]
    )
    if issubclass(model, Page):
        translated = translated.filter(live=True)
    by_key = dict(translated.values_list("translation_key", "title"))
    return {pk: by_key.get(key, title) for pk, key, title in rows}


def localized_choices(queryset: QuerySet) -> list[tuple[int, str]]:
    """(pk, title) of the originals in ``queryset``, titled for the viewer."""
    qs = originals(queryset)
    titles = titles_in_viewer_language(qs)
    return [(pk, titles[pk]) for pk in qs.values_list("pk", flat=True)]


class LocalizedModelChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField over the originals, labelled in the viewer's
    language."""

    def _set_queryset(self, queryset):
        super()._set_queryset(None if queryset is None else originals(queryset.all()))
        self._titles = None

    queryset = property(forms.ModelChoiceField._get_queryset, _set_queryset)

    def label_from_instance(self, obj):
        if self._titles is None:
            self._titles = titles_in_viewer_language(self.queryset)
        return self._titles.get(obj.pk, str(obj))
