import pytest

from performance.models import QuestionnaireVersion, Survey
from performance.voice.services import questionnaires_ensure, survey_create


@pytest.fixture
def versions(db):
    questionnaires_ensure()
    return {v.code: v for v in QuestionnaireVersion.objects.all()}


@pytest.fixture
def make_survey(versions, store):
    def make(code="servqual-classic", *, access=Survey.Access.OPEN, **kwargs):
        kwargs.setdefault("store", store)
        return survey_create(
            version=versions[code], name="问卷", name_en="Survey", access=access,
            **kwargs,
        )  # fmt: skip

    return make


@pytest.fixture
def full_answers():
    """Every SERVQUAL item answered: expectation 6, perception 5 (item gap −1,
    or +1 on reverse-scored items)."""
    return {n: (6, 5) for n in range(1, 23)}
