"""The layout's own links (brand, language switch, security, sign in/out),
which come from the navigation context processor instead of {% url %}."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_signed_in_layout_links():
    client = Client()
    client.force_login(UserFactory())
    html = client.get(reverse("home")).content.decode()
    assert f'class="brand" href="{reverse("home")}"' in html
    assert f'href="{reverse("mfa_index")}"' in html
    assert f'action="{reverse("account_logout")}"' in html
    assert f'action="{reverse("people:set_language")}"' in html


def test_anonymous_layout_links():
    html = Client().get(reverse("account_login")).content.decode()
    assert f'href="{reverse("account_login")}"' in html
    assert f'action="{reverse("people:set_language")}"' in html
    assert reverse("account_logout") not in html


def test_one_menu_entry_is_current(hr, login):
    """Only the most specific menu entry is marked current, and the new
    sections (reviews, surveys, skills, effectiveness) are in HR's menu."""
    client = login(hr)
    html = client.get(reverse("performance:complaint_list")).content.decode()
    assert html.count('aria-current="page"') == 1
    assert f'href="{reverse("performance:complaint_list")}" aria-current' in html
    for name in (
        "performance:review_home",
        "performance:survey_list",
        "performance:analytics_skills",
        "performance:analytics_courses",
    ):
        assert f'href="{reverse(name)}"' in html


def test_staff_menu_leaves_out_manager_sections(staff, login):
    """Staff see their reviews but not the survey, skill or analytics pages."""
    html = login(staff).get(reverse("training:dashboard")).content.decode()
    assert f'href="{reverse("performance:review_home")}"' in html
    assert f'href="{reverse("performance:survey_list")}"' not in html
    assert f'href="{reverse("performance:analytics_skills")}"' not in html


def test_favicon_is_served():
    """/favicon.ico leads to the site icon instead of a 404 on every page."""
    response = Client().get("/favicon.ico")
    from django.contrib.staticfiles import finders

    assert response.status_code == 301
    assert response["Location"].endswith("icons/favicon-32.png")
    assert finders.find("icons/favicon-32.png")
