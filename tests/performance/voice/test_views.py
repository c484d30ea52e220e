"""The public survey pages and the staff pages for links, QR codes and
results."""

import io
import re

import pytest
import segno
from django.urls import reverse

from performance.models import Survey, SurveyResponse
from performance.voice.services import response_submit, token_issue

pytestmark = pytest.mark.django_db


def _post(full_answers, nonce="n1", **extra):
    data = {"nonce": nonce, **extra}
    for n, (e, p) in full_answers.items():
        data[f"e{n}"], data[f"p{n}"] = e, p
    return data


def _nonce(response) -> str:
    return re.search(rb'name="nonce" value="([^"]+)"', response.content)[1].decode()


def test_public_servqual_page_is_small_local_and_bounded(
    client, make_survey, django_assert_max_num_queries
):
    """In the browser's language, 22 items, no external assets, few queries."""
    survey = make_survey()
    url = reverse("performance:survey_answer", args=[survey.code])
    with django_assert_max_num_queries(3):
        response = client.get(url, headers={"accept-language": "zh-CN,zh;q=0.9"})
    body = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="zh-Hans">' in body and "有现代化的服务设备" in body
    assert body.count('name="e') == 22 * 7 and body.count('name="p') == 22 * 7
    assert not re.search(r'(src|href)="(https?:)?//', body)
    assert len(response.content) < 60_000
    english = client.get(url + "?lang=en").content.decode()
    assert "They have modern-looking equipment." in english


def test_complete_answer_is_stored_and_thanked(client, make_survey, full_answers):
    survey = make_survey()
    url = reverse("performance:survey_answer", args=[survey.code])
    nonce = _nonce(client.get(url))
    response = client.post(url, _post(full_answers, nonce))
    assert response.status_code == 302
    assert client.get(response["Location"]).status_code == 200
    assert SurveyResponse.objects.filter(survey=survey).count() == 1
    # The browser sends the same form again (a retry): still one response.
    assert client.post(url, _post(full_answers, nonce)).status_code == 302
    assert SurveyResponse.objects.filter(survey=survey).count() == 1


def test_missing_or_out_of_range_answers_are_refused_in_the_visitors_language(
    client, make_survey, full_answers
):
    survey = make_survey()
    url = reverse("performance:survey_answer", args=[survey.code])
    partial = {k: v for k, v in full_answers.items() if k != 5}
    response = client.post(url, _post(partial, lang="zh-hans"))
    assert response.status_code == 400
    body = response.content.decode()
    assert "请回答所有必答题" in body
    assert 'id="item-5" class="invalid"' in body
    assert 'name="e1" value="6" checked' in body  # answers given are kept
    response = client.post(url + "?lang=en", _post({**full_answers, 3: (9, 5)}))
    assert response.status_code == 400
    assert "outside the scale" in response.content.decode()
    response = client.post(url, _post({**full_answers, 3: ("x", 5)}))
    assert response.status_code == 400
    assert not SurveyResponse.objects.exists()


def test_unknown_and_used_tokens_look_the_same(client, make_survey, full_answers):
    """A used token, a forged one and a wrong survey code get one answer."""
    survey = make_survey(access=Survey.Access.TOKEN)
    token = token_issue(survey=survey, transaction_ref="R-1")
    url = reverse("performance:survey_answer_token", args=[survey.code, token.key])
    nonce = _nonce(client.get(url))
    assert client.post(url, _post(full_answers, nonce)).status_code == 302
    used = client.get(url)
    forged = client.get(
        reverse("performance:survey_answer_token", args=[survey.code, "x" * 24])
    )
    wrong = client.get(reverse("performance:survey_answer", args=["nope"]))
    assert used.status_code == forged.status_code == wrong.status_code == 404
    assert used.content == forged.content == wrong.content
    replay = client.post(url, _post(full_answers, "another"))
    assert replay.status_code == 404 and replay.content == used.content
    assert SurveyResponse.objects.filter(survey=survey).count() == 1


def test_open_link_is_rate_limited_per_device(client, make_survey, full_answers):
    survey = make_survey()
    url = reverse("performance:survey_answer", args=[survey.code])
    client.get(url)  # sets the device cookie
    for i in range(3):
        assert client.post(url, _post(full_answers, f"n{i}")).status_code == 302
    response = client.post(url, _post(full_answers, "n9"))
    assert response.status_code == 429
    assert SurveyResponse.objects.count() == 3


def test_open_link_is_rate_limited_per_address(client, make_survey, settings):
    survey = make_survey("nps")
    url = reverse("performance:survey_answer", args=[survey.code])
    statuses = [
        client.post(url, {"nonce": f"n{i}", "rating": 9}).status_code for i in range(31)
    ]  # no device cookie: only the address limit (30 an hour) applies
    assert statuses[:30] == [302] * 30 and statuses[30] == 429


def test_qr_codes_encode_the_printed_link(login, manager, make_survey):
    """The SVG and PNG encode exactly the URL printed beside them."""
    survey = make_survey()
    client = login(manager)
    page = client.get(reverse("performance:survey_detail", args=[survey.pk]))
    url = re.search(rb'id="survey-url" href="([^"]+)"', page.content)[1].decode()
    assert url.endswith(f"/performance/s/{survey.code}/")
    svg = client.get(reverse("performance:survey_qr", args=[survey.pk, "svg"]))
    assert svg["Content-Type"] == "image/svg+xml"
    expected = io.BytesIO()
    segno.make(url, error="m").save(
        expected, kind="svg", scale=6, border=2, title=survey.display_name
    )
    assert svg.content == expected.getvalue()
    png = client.get(reverse("performance:survey_qr", args=[survey.pk, "png"]))
    assert png["Content-Type"] == "image/png" and png.content[:4] == b"\x89PNG"


def test_token_qr_is_issued_per_receipt(login, manager, make_survey):
    survey = make_survey(access=Survey.Access.TOKEN)
    client = login(manager)
    url = reverse("performance:survey_detail", args=[survey.pk])
    page = client.post(url, {"transaction_ref": "POS-0042"})
    token = survey.tokens.get(transaction_ref="POS-0042")
    assert token.key in page.content.decode()
    qr = reverse("performance:survey_qr", args=[survey.pk, "svg"])
    assert client.get(qr + f"?token={token.key}").status_code == 200
    assert client.get(qr).status_code == 404  # token surveys have no open link
    assert client.post(url, {"transaction_ref": " "}).status_code == 200
    assert survey.tokens.count() == 1


def test_manager_sees_only_their_stores_surveys(
    login, manager, make_survey, other_store
):
    mine, theirs = make_survey(), make_survey(store=other_store)
    client = login(manager)
    assert (
        client.get(reverse("performance:survey_detail", args=[mine.pk])).status_code
        == 200
    )
    assert (
        client.get(reverse("performance:survey_detail", args=[theirs.pk])).status_code
        == 404
    )
    assert (
        client.get(
            reverse("performance:survey_qr", args=[theirs.pk, "png"])
        ).status_code
        == 404
    )


@pytest.mark.parametrize("responses", [2, 40])
def test_results_page_shows_gaps_with_n_in_bounded_queries(
    login,
    hr,
    store,
    make_survey,
    full_answers,
    responses,
    django_assert_max_num_queries,
    django_capture_on_commit_callbacks,
):
    survey = make_survey()
    nps = make_survey("nps")
    with django_capture_on_commit_callbacks(execute=True):
        for i in range(responses):
            response_submit(survey=survey, nonce=f"s{i}", answers=full_answers)
            response_submit(survey=nps, nonce=f"p{i}", rating=10)
    client = login(hr, mfa=True)
    url = reverse("performance:survey_results") + f"?store={store.pk}"
    with django_assert_max_num_queries(12):
        page = client.get(url)
    body = page.content.decode()
    assert page.status_code == 200
    assert 'id="dimension-table"' in body and f"<td>{responses}</td>" in body
    assert "-1.00" in body and "100.00" in body  # tangibles gap, NPS
    assert 'id="voice-chart"' in body


def test_hr_can_recalculate_every_stores_figures(login, hr):
    client = login(hr, mfa=True)
    response = client.post(reverse("performance:survey_rebuild"))
    assert (
        response.status_code == 302 and "/performance/imports/" in response["Location"]
    )
