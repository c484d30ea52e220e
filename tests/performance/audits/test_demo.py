import pytest
from django.core.management import call_command

from performance.models import Audit, AuditDispute, Observation

pytestmark = pytest.mark.django_db


def test_demo_has_audits_with_a_failed_critical_item_and_disputes():
    """The demo seeds a few audits per store through the services: one fails
    on a critical criterion (score 0), one dispute is decided in part and one
    is open, and their scores are observations."""
    call_command("seed_demo", verbosity=0)
    assert Audit.objects.count() >= 4
    failed = Audit.objects.exclude(failed_critical=[])
    assert failed.exists() and set(failed.values_list("percent", flat=True)) == {0}
    assert AuditDispute.objects.filter(state="partly").exists()
    assert AuditDispute.objects.filter(state="open").exists()
    assert Observation.objects.filter(source="audits").exists()
    assert Audit.objects.filter(employee__user__email="staff@demo.local").exists()
