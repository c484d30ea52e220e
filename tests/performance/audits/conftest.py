import pytest

from courses.selectors import rubric_content
from tests.courses import factories as cf


@pytest.fixture
def audit_rubric(db):
    """Greeting (critical, pass at 1 point), Product knowledge (N/A allowed),
    Farewell (weight 2)."""
    return cf.rubric(
        [
            cf.criterion("Greeting", critical=True, pass_points=1),
            cf.criterion("Product knowledge", allow_na=True),
            cf.criterion("Farewell", weight=2),
        ],
        title="Counter visit",
    )


def ids(rubric):
    """[(criterion id, [level ids low→high])] of the rubric's content."""
    return [
        (c["id"], [lv["id"] for lv in c["levels"]])
        for c in rubric_content(rubric)["criteria"]
    ]


def levels_at(rubric, *positions):
    """Scores with the level at each position (None = N/A), no notes."""
    return {
        cid: (None if p is None else levels[p], "")
        for (cid, levels), p in zip(ids(rubric), positions, strict=True)
    }
