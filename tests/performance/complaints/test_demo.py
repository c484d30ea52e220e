import pytest

from people.demo import seed as people_seed
from people.models import Store
from performance.complaints.demo import seed
from performance.models import Complaint

pytestmark = pytest.mark.django_db


def test_demo_has_every_step_per_store_in_both_languages():
    people_seed()
    assert seed()["complaints"] > 0
    assert seed() == {"complaints": 0}  # idempotent
    for store in Store.objects.all():
        states = set(
            Complaint.objects.filter(store=store).values_list("state", flat=True)
        )
        assert states == set(Complaint.State.values), store
        assert Complaint.objects.filter(
            store=store, paused_since__isnull=False
        ).exists()
    sample = Complaint.objects.first().description
    assert any("\u4e00" <= ch <= "\u9fff" for ch in sample) and " / " in sample
