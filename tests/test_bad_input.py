"""Bad input never reaches a 500: very deep JSON, format suffixes, header
values that overflow integer parsing, garbage in parsed headers. Hypothesis
drives the header and body fuzzing."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


def test_very_deep_json_is_a_400(hr, login):
    client = login(hr)
    body = "[" * 100_000 + "]" * 100_000
    response = client.post(
        "/api/performance/observations/bulk/", body, content_type="application/json"
    )
    assert response.status_code == 400


@pytest.mark.parametrize("suffix", [".json", ".api", ".xml", ".x"])
def test_format_suffixes_are_not_routes(hr, login, suffix):
    client = login(hr)
    assert client.get(f"/api/performance/observations{suffix}").status_code == 404
    assert client.get(
        f"/api/performance/observations/?format={suffix[1:]}"
    ).status_code in (
        200,
        404,
    )


HEADERS = st.sampled_from(
    [
        "HTTP_RANGE",
        "HTTP_X_FORWARDED_FOR",
        "HTTP_X_REAL_IP",
        "HTTP_ACCEPT_LANGUAGE",
        "HTTP_IF_MODIFIED_SINCE",
        "HTTP_IF_NONE_MATCH",
        "HTTP_AUTHORIZATION",
        "HTTP_X_CSRFTOKEN",
    ]
)
VALUES = st.one_of(
    st.integers(min_value=-(10**40), max_value=10**40).map(str),
    st.integers(min_value=0, max_value=10**40).map(lambda n: f"bytes={n}-{n * 7}"),
    st.integers(min_value=0, max_value=10**40).map(lambda n: f"bytes=-{n}"),
    st.text(
        alphabet=st.characters(min_codepoint=32, max_codepoint=0x2FFF),
        max_size=300,
    ),
)


@FUZZ
@given(header=HEADERS, value=VALUES)
def test_parsed_headers_never_500(header, value, staff, login):
    client = login(staff)
    client.raise_request_exception = False
    for url in ("/", "/api/", "/accounts/login/", "/learning/"):
        response = client.get(url, **{header: value})
        assert response.status_code < 500, (url, header, value)


JSON = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(min_value=-(10**30), max_value=10**30),
        st.floats(allow_nan=False),
        st.text(max_size=50),
    ),
    lambda children: (
        st.lists(children, max_size=5)
        | st.dictionaries(st.text(max_size=10), children, max_size=5)
    ),
    max_leaves=30,
)


@FUZZ
@given(body=JSON)
def test_api_bodies_never_500(body, hr, login):
    import json

    client = login(hr)
    client.raise_request_exception = False
    for url in (
        "/api/performance/observations/",
        "/api/performance/observations/bulk/",
    ):
        response = client.post(url, json.dumps(body), content_type="application/json")
        assert response.status_code < 500, (url, body, response.content[:300])
