import pytest

from people import demo as people_demo
from people.models import Store
from performance.models import Observation, Survey, SurveyResponse
from performance.voice import demo
from performance.voice.services import SOURCE

pytestmark = pytest.mark.django_db


def test_every_demo_store_has_surveys_with_answers_in_both_languages():
    """Idempotent; each store gets SERVQUAL and NPS figures from its answers."""
    people_demo.seed()
    demo.seed()
    counts = SurveyResponse.objects.count()
    demo.seed()
    assert SurveyResponse.objects.count() == counts
    for store in Store.objects.all():
        kinds = set(
            Survey.objects.filter(store=store).values_list("version__kind", flat=True)
        )
        assert kinds == {"servqual", "nps", "csat"}
        assert set(
            SurveyResponse.objects.filter(store=store).values_list(
                "language", flat=True
            )
        ) == {"zh-hans", "en"}
        assert (
            Observation.objects.filter(
                store=store, source=SOURCE, metric__code="servqual_overall"
            ).count()
            >= 5
        )
    assert Observation.objects.filter(
        source=SOURCE, level="employee", metric__code="csat"
    )
