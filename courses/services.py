"""Writes of courses/ that other apps may call."""

from django.db import IntegrityError, transaction

from .models import Rubric, RubricVersion
from .selectors import canonical, rubric_snapshot, snapshot_hash, spec_from_snapshot


def rubric_version_current(*, rubric: Rubric) -> RubricVersion:
    """The immutable version matching the rubric's current content, created on
    first use. Call it when an assessment is scored and keep the returned
    version on the assessment: later edits make new versions and never change
    this one. Versions belong to the original rubric and hold the words of
    every translation: the same version whichever language's rubric is
    given. Raises ValueError if the rubric is mis-authored."""
    rubric = canonical(rubric)
    snapshot = rubric_snapshot(rubric)
    spec_from_snapshot(snapshot)  # validate before freezing
    digest = snapshot_hash(snapshot)
    existing = RubricVersion.objects.filter(rubric=rubric, content_hash=digest).first()
    if existing:
        return existing
    for _ in range(3):
        try:
            with transaction.atomic():
                last = (
                    RubricVersion.objects.select_for_update()
                    .filter(rubric=rubric)
                    .order_by("-number")
                    .first()
                )
                return RubricVersion.objects.create(
                    rubric=rubric,
                    number=(last.number + 1) if last else 1,
                    content_hash=digest,
                    snapshot=snapshot,
                )
        except IntegrityError:
            existing = RubricVersion.objects.filter(
                rubric=rubric, content_hash=digest
            ).first()
            if existing:
                return existing
    raise RuntimeError("could not create a rubric version")
