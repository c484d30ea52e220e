"""Shared by the service modules: the canonical (default-language) page."""

from __future__ import annotations

from courses import selectors as course_selectors


def _canonical(page):
    return course_selectors.canonical(page)
