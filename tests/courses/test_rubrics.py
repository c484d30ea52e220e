"""Rubric models scored through courses.scoring: weights, critical criteria,
N/A and versioning."""

import pytest
from django.core.exceptions import ValidationError

from courses import scoring
from courses.selectors import rubric_snapshot, rubric_spec
from courses.services import rubric_version_current

from . import factories as f

pytestmark = pytest.mark.django_db


def _levels(snapshot, title):
    c = next(c for c in snapshot["criteria"] if c["title"] == title)
    return c["id"], [lv["id"] for lv in c["levels"]]


def test_weights():
    """percent = weighted mean of normalised level points."""
    r = f.rubric([f.criterion("A", weight=1), f.criterion("B", weight=3)])
    v = rubric_version_current(rubric=r)
    a, a_levels = _levels(v.snapshot, "A")
    b, b_levels = _levels(v.snapshot, "B")
    result = scoring.score_rubric(rubric_spec(v), {a: a_levels[2], b: b_levels[0]})
    assert result.percent == pytest.approx(25.0)


def test_critical_criterion_fails_assessment():
    """A critical criterion below its pass level fails, whatever the percent."""
    r = f.rubric(
        [
            f.criterion("Ownership", weight=1, critical=True, pass_points=1),
            f.criterion("Warmth", weight=9),
        ],
        pass_mark=50,
    )
    v = rubric_version_current(rubric=r)
    own, own_levels = _levels(v.snapshot, "Ownership")
    warm, warm_levels = _levels(v.snapshot, "Warmth")
    result = scoring.score_rubric(
        rubric_spec(v), {own: own_levels[0], warm: warm_levels[2]}
    )
    assert result.percent == pytest.approx(90.0)
    assert not result.passed and result.failed_critical == [own]


def test_na_only_where_allowed():
    """N/A drops a criterion from the score only if the criterion allows it."""
    r = f.rubric([f.criterion("Hold", allow_na=True), f.criterion("Greet")])
    v = rubric_version_current(rubric=r)
    hold, _ = _levels(v.snapshot, "Hold")
    greet, greet_levels = _levels(v.snapshot, "Greet")
    result = scoring.score_rubric(rubric_spec(v), {hold: None, greet: greet_levels[1]})
    assert result.percent == pytest.approx(50.0)
    with pytest.raises(scoring.InvalidResponse):
        scoring.score_rubric(rubric_spec(v), {hold: None, greet: None})


def test_levels_sorted_by_points():
    """Levels authored in any order are ordered by points in the snapshot."""
    r = f.rubric([f.criterion("A", points=(2, 0, 1))])
    levels = rubric_snapshot(r)["criteria"][0]["levels"]
    assert [lv["points"] for lv in levels] == [0, 1, 2]


def test_versions_immutable_and_numbered():
    """A used rubric edited later gets version 2; version 1 still scores the
    old assessment the same way."""
    r = f.rubric([f.criterion("A", weight=1), f.criterion("B", weight=1)])
    v1 = rubric_version_current(rubric=r)
    a, a_levels = _levels(v1.snapshot, "A")
    b, b_levels = _levels(v1.snapshot, "B")
    sheet = {a: a_levels[2], b: b_levels[0]}
    before = scoring.score_rubric(rubric_spec(v1), sheet).percent
    data = r.criteria.raw_data
    data[1]["value"]["weight"] = 3
    r.criteria = data
    r.save()
    v2 = rubric_version_current(rubric=r)
    assert (v1.number, v2.number) == (1, 2)
    v1.refresh_from_db()
    assert scoring.score_rubric(rubric_spec(v1), sheet).percent == before == 50.0
    assert scoring.score_rubric(rubric_spec(v2), sheet).percent == pytest.approx(25.0)
    assert rubric_version_current(rubric=r) == v2


def test_misauthored_rubric_rejected():
    """A critical criterion needs a pass level; the admin form says so."""
    r = f.rubric([f.criterion("A", critical=True)])
    with pytest.raises(ValidationError):
        r.clean()
    with pytest.raises(ValueError):
        rubric_version_current(rubric=r)
