"""A mis-authored question or rubric is refused with a message in the
trainer's language, not the scoring spec's English."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from courses.authoring_errors import MESSAGES, authoring_message
from courses.models import Question

from . import factories as f

pytestmark = pytest.mark.django_db


def _multiple_with_credits(*credits):
    return f.question(
        kind=Question.Kind.MULTIPLE,
        options=[f.option(f"o{i}", credit=c) for i, c in enumerate(credits)],
    )


@pytest.mark.parametrize(
    "language, expected",
    [("zh-hans", "正确选项的得分比例之和必须为 1。"),
     ("en", "The credits of the correct options must add up to 1.")],
)  # fmt: skip
def test_question_credits_not_adding_up(language, expected):
    question = _multiple_with_credits(0.5, 0.2, -1)
    with translation.override(language), pytest.raises(ValidationError) as refused:
        question.clean()
    assert refused.value.message_dict["options"] == [expected]


def test_rubric_with_two_levels_of_equal_points_in_chinese():
    rubric = f.rubric([f.criterion("Greeting", points=(1, 1, 2))])
    with translation.override("zh-hans"), pytest.raises(ValidationError) as refused:
        rubric.clean()
    assert refused.value.message_dict["criteria"] == [
        "每个评分项至少需要两个等级，且每级分值高于前一级。"
    ]


def test_every_spec_message_is_translated():
    with translation.override("zh-hans"):
        for english, message in MESSAGES.items():
            assert str(message) != english
            assert not any("a" <= ch <= "z" for ch in str(message)), message
        assert "编号相同" in authoring_message(ValueError("duplicate option ids"))
