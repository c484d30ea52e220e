import pytest
from django.apps import apps
from django.core.management import call_command
from django.urls import reverse

from people.demo import DEMO_PASSWORD
from people.models import Employee, Region, Store, User

pytestmark = pytest.mark.django_db


def _counts():
    return {
        m._meta.label: m.objects.count()
        for m in apps.get_models()
        if m._meta.app_label in {"people", "courses", "training", "performance"}
    }


def test_seed_demo_is_idempotent_and_has_role_logins():
    """seed_demo builds the demo organisation with one login per role, and a
    second run changes no counts."""
    call_command("seed_demo", verbosity=0)
    first = _counts()
    call_command("seed_demo", verbosity=0)
    assert _counts() == first
    assert Region.objects.count() == 2 and Store.objects.count() == 4
    assert Employee.objects.filter(number__startswith="E").count() == 30
    for email, role in [
        ("staff@demo.local", "staff"),
        ("manager@demo.local", "manager"),
        ("trainer@demo.local", "trainer"),
        ("hr@demo.local", "hr"),
    ]:
        user = User.objects.get(email=email)
        assert user.check_password(DEMO_PASSWORD)
        assert user.groups.filter(name=role).exists()


def test_demo_courses_have_covers_in_both_languages(client):
    """Every demo course, Chinese and English, has a cover, and the learner's
    course cards show it; seeding again adds no image."""
    from wagtail.images import get_image_model

    from courses.models import CoursePage

    call_command("seed_demo", verbosity=0)
    images = get_image_model().objects.count()
    courses = CoursePage.objects.all()
    assert courses.count() >= 2
    assert not courses.filter(cover_image__isnull=True).exists()
    call_command("seed_demo", verbosity=0)
    assert get_image_model().objects.count() == images
    staff = User.objects.get(email="staff@demo.local")
    for language in ("zh-hans", "en"):
        staff.language = language
        staff.save(update_fields=["language"])
        client.force_login(staff)
        page = client.get(reverse("training:dashboard")).content.decode()
        assert 'class="cover" src="' in page
