"""The demo data carries a real training effect and a null one."""

import datetime as dt

import pytest
import time_machine
from django.core.management import call_command
from wagtail.models import Locale

from courses import selectors as course_selectors
from performance.analytics import selectors
from performance.models import Metric
from training.demo import EFFECT_COURSE, NULL_COURSE

pytestmark = pytest.mark.django_db


def _seed_and_check():
    call_command("seed_demo", verbosity=0)
    courses = {
        c.slug: c
        for c in course_selectors.live_courses(Locale.get_default()).filter(
            slug__in=[EFFECT_COURSE, NULL_COURSE]
        )
    }
    csat = [Metric.objects.get(code="csat")]
    effect = selectors.effectiveness_report(courses[EFFECT_COURSE], metrics=csat)
    null = selectors.effectiveness_report(courses[NULL_COURSE], metrics=csat)
    assert effect.results[0].verdict == "better", effect.results[0].did
    assert 3.0 < effect.results[0].did.att.estimate < 5.0
    assert null.results[0].verdict == "none", null.results[0].did
    for report in (effect, null):
        assert report.reaction.n >= 8 and report.learning.n >= 8
        assert report.learning.normalised is not None


# The demo is built relative to the day it is seeded: today, and the first of
# a month (the least data in the current month).
@pytest.mark.parametrize("day", [None, dt.datetime(2027, 3, 1, 1, tzinfo=dt.UTC)])
def test_demo_effect_and_null_course(day):
    if day is None:
        _seed_and_check()
        return
    with time_machine.travel(day, tick=True):
        _seed_and_check()
