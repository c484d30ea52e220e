"""Bilingual names and titles: the Chinese text is the original, the English
one is shown to English readers when there is one."""

from django.utils.translation import get_language


def in_viewer_language(zh: str, en: str) -> str:
    """`en` for an English reader when set, otherwise `zh`."""
    if en and (get_language() or "").startswith("en"):
        return en
    return zh
