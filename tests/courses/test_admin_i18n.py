"""The Wagtail admin reads in one language: the user's."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "title"), [("en", "Choose rubric"), ("zh-hans", "选择 评分表")]
)
def test_snippet_chooser_title_in_users_language(trainer, login, language, title):
    """The chooser modal's title is not frozen in the server's default language."""
    trainer.user.language = language
    trainer.user.save()
    client = login(trainer)
    url = reverse("wagtailsnippetchoosers_courses_rubric:choose")
    response = client.get(url, headers={"x-requested-with": "XMLHttpRequest"})
    assert response.status_code == 200
    heading = re.search(r"<h1[^>]*>(.*?)</h1>", response.json()["html"], re.S)
    assert " ".join(re.sub(r"<[^>]+>", " ", heading.group(1)).split()) == title
