"""Wagtail documents are served only to signed-in people."""

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from wagtail.documents import get_document_model

pytestmark = pytest.mark.django_db


@pytest.fixture
def document():
    Document = get_document_model()
    doc = Document(title="Policy")
    doc.file.save("policy.txt", ContentFile(b"secret policy"), save=False)
    doc.save()
    return doc


def test_anonymous_visitors_are_sent_to_sign_in(document):
    response = Client().get(document.url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_a_user_without_employee_record_is_refused(document, django_user_model):
    user = django_user_model.objects.create_user(email="x@example.com", password="x")
    client = Client()
    client.force_login(user)
    assert client.get(document.url).status_code == 403


def test_staff_read_documents(document, staff, login):
    response = login(staff).get(document.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"secret policy"
