"""Serving course and lesson pages with less of Wagtail's per-request routing.

Wagtail finds a page by walking the tree from the site's root in the active
language: the Site, the Locale, the root's `.specific`, then per level the
child and its `.specific` (8 queries for a lesson). Under a training library
the page types are fixed by `subpage_types` (library → course → lesson), so
one query by URL path finds a live course or lesson. Anything else (other
depths, several sites, not found) is left to Wagtail's own routing, which also
does the "not yet translated" fallback of `LoginRequiredPageMixin.route`.
The route found is handed to Wagtail's `serve`, so its hooks (view
restrictions among them) still run; the same query tells whether any view
restriction could apply, so an unrestricted page (the usual case) skips the
restriction query (LoginRequiredPageMixin.get_view_restrictions).
"""

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.db.models.functions import Length, Substr
from django.utils.translation import get_language
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.models.pages import RouteResult
from wagtail.views import serve as wagtail_serve

from people.precompiled import Precompiled

from .models import CoursePage, LessonPage


def _languages() -> list[str]:
    """Content languages to look in: the active one, then the original."""
    default = get_supported_content_language_variant(settings.LANGUAGE_CODE)
    try:
        active = get_supported_content_language_variant(get_language())
    except LookupError:
        active = default
    return [active] if active == default else [active, default]


def _ancestor_or_self(path_of_related: str):
    """Rows whose page `path_of_related` is the outer page or an ancestor:
    a tree path is a prefix of its descendants' paths."""
    return {path_of_related: Substr(OuterRef("path"), 1, Length(path_of_related))}


def may_be_restricted():
    """True when a view restriction is set on the page or an ancestor, or when
    one of them is an alias (which takes its source's restrictions, so the
    full check must run)."""
    return Exists(
        PageViewRestriction.objects.filter(**_ancestor_or_self("page__path"))
    ) | Exists(Page.objects.filter(alias_of__isnull=False, **_ancestor_or_self("path")))


def _live(model):
    return Precompiled(
        model,
        lambda language, url_path: (
            model.objects.filter(
                live=True, locale__language_code=language, url_path=url_path
            )
            .annotate(may_be_restricted=may_be_restricted())
            .order_by()[:1]
        ),
        language="\x00language",
        url_path="\x00url_path",
    )


# Compiled once per page type: building and compiling this query (a
# multi-table page, two subqueries) took more CPU than running it.
_LIVE = {CoursePage: _live(CoursePage), LessonPage: _live(LessonPage)}


def live_course_or_lesson(path: str):
    """The live course (one path component) or lesson (two) at `path` under
    the single site's root, in the active language or else the original."""
    components = [c for c in path.split("/") if c]
    model = {1: CoursePage, 2: LessonPage}.get(len(components))
    if model is None:
        return None
    roots = Site.get_site_root_paths()  # cached by Wagtail
    if len({r.site_id for r in roots}) != 1:
        return None
    suffix = "".join(f"{c}/" for c in components)
    for language in _languages():
        root = next((r for r in roots if r.language_code == language), None)
        if root is None:
            continue
        page = _LIVE[model].first(language=language, url_path=root.root_path + suffix)
        if page is not None:
            return page
    return None


def serve(request, path):
    if not hasattr(request, "_wagtail_route_for_request"):
        page = live_course_or_lesson(path)
        if page is not None:
            request._wagtail_route_for_request = RouteResult(page)
    return wagtail_serve(request, path)
