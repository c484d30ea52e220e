"""The installable app's files: the manifest and the service worker, served
from the site root with the right types and caching headers."""

import json

import pytest

pytestmark = pytest.mark.django_db


def test_manifest(client):
    response = client.get("/manifest.webmanifest", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    data = json.loads(response.content)
    assert data["start_url"] == "/learning/" and data["display"] == "standalone"
    assert {i["sizes"] for i in data["icons"]} == {"192x192", "512x512"}
    assert any(i.get("purpose") == "maskable" for i in data["icons"])


def test_service_worker_at_the_root(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert response["Cache-Control"] == "no-cache"
    body = response.content.decode()
    assert "/static/css/site.css" in body and "/people/offline/" in body


def test_offline_page_and_layout_links(client):
    body = client.get("/people/offline/").content.decode()
    assert 'rel="manifest" href="/manifest.webmanifest"' in body
    assert 'data-sw="/sw.js"' in body
