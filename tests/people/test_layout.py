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
