"""The role-play list as a store manager: their people's sessions only, a
bounded number of queries whatever the history, older sessions by keyset."""

import re

import pytest
from django.urls import reverse

from training.models import RolePlaySession

from . import builders as b

pytestmark = pytest.mark.django_db


def session_ids(body: str) -> list[int]:
    return [int(pk) for pk in re.findall(r"/learning/roleplay/(\d+)/", body)]


def test_manager_list_bounded_and_paged(
    login, manager, staff, other_staff, trainer, scenario, django_assert_max_num_queries
):
    theirs = b.schedule(
        organiser=trainer,
        learners=[other_staff],
        assessors=[trainer],
        scenario_obj=scenario,
    )
    client = login(manager)
    for n in (2, 55):
        while RolePlaySession.objects.exclude(pk=theirs.pk).count() < n:
            b.schedule(
                organiser=trainer,
                learners=[staff],
                assessors=[trainer],
                scenario_obj=scenario,
            )
        # session, user, groups, employee; sessions, learners, assessors
        with django_assert_max_num_queries(8):
            response = client.get(reverse("training:roleplay_list"))
        assert response.status_code == 200
    body = response.content.decode()
    first = session_ids(body)
    assert len(first) == 50 and theirs.pk not in first
    assert staff.name in body and other_staff.name not in body
    cursor = re.search(r'href="\?after=([\w-]+)"', body).group(1)
    rest = session_ids(
        client.get(
            reverse("training:roleplay_list"), {"after": cursor}
        ).content.decode()
    )
    mine = RolePlaySession.objects.exclude(pk=theirs.pk).order_by(
        "-scheduled_at", "-pk"
    )
    assert first + rest == list(mine.values_list("pk", flat=True))
    assert (
        client.get(reverse("training:roleplay_list"), {"after": "x"}).status_code == 200
    )
