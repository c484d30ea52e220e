"""Property-based API tests: schemathesis generates requests from the OpenAPI
schema (drf-spectacular) for every performance operation and checks there is
no server error and every response matches the schema."""

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
)

from people.services import api_token_create

pytestmark = pytest.mark.django_db

CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]


@pytest.fixture
def api_schema(db):
    """The schema served by the app, called in-process over WSGI. As Django's
    test client does, requests must not close the test's DB connection."""
    from django.core.signals import request_finished, request_started
    from django.core.wsgi import get_wsgi_application
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi(
            "/api/schema/", get_wsgi_application()
        ).include(path_regex=r"^/api/performance/")
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def token(hr, staff):
    """An HR integration token with every scope, and one employee to find."""
    return api_token_create(
        user=hr.user, name="schemathesis", scopes=["read", "observations:write"]
    )[1]


def test_api_matches_schema(api_schema, token):
    """For each performance operation, generated requests (positive and
    negative) never get a 5xx, and responses match the published schema."""
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 7
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @given(case=operation.as_strategy(generation_mode=mode))
            @settings(
                max_examples=10,
                deadline=None,
                suppress_health_check=list(HealthCheck),
                derandomize=True,
                database=None,
            )
            def run(case):
                case.call_and_validate(
                    headers={"Authorization": f"Bearer {token}"}, checks=CHECKS
                )

            run()


def test_schema_documents_token_auth(client):
    """The schema names the bearer-token scheme and the bulk endpoint."""
    doc = client.get("/api/schema/?format=json").json()
    assert doc["components"]["securitySchemes"]["tokenAuth"]["scheme"] == "bearer"
    assert "/api/performance/observations/bulk/" in doc["paths"]
