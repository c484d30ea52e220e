"""A customer answers a SERVQUAL survey in Chinese on a phone through the QR
link printed for their receipt; the store's gaps update; the same token
cannot be used again."""

import io
import re

import pytest
import segno
from django.test import Client
from playwright.sync_api import expect

from performance.models import Observation, QuestionnaireVersion, SurveyResponse
from performance.services import metric_builtins_ensure
from performance.voice.services import SOURCE, questionnaires_ensure, survey_create

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _signed_in_context(browser, live_server, user, **options):
    client = Client()
    client.force_login(user)
    context = browser.new_context(locale="en-US", **options)
    context.add_cookies(
        [
            {
                "name": "sessionid",
                "value": client.cookies["sessionid"].value,
                "url": live_server.url,
            }
        ]
    )
    return context


def test_customer_answers_servqual_in_chinese_via_receipt_qr(
    browser, live_server, manager, store, screenshot
):
    metric_builtins_ensure()  # transactional tests flush the migration's rows
    questionnaires_ensure()
    manager.user.language = "en"
    manager.user.save()
    survey = survey_create(
        version=QuestionnaireVersion.objects.get(code="servqual-classic"),
        name="南京路店服务质量调查",
        name_en="Nanjing Road service quality",
        store=store,
        access="token",
    )

    # The manager prints a token for one receipt: QR code and link side by side.
    staff_context = _signed_in_context(browser, live_server, manager.user)
    page = staff_context.new_page()
    page.goto(f"{live_server.url}/performance/surveys/{survey.pk}/")
    page.get_by_label("Receipt or ticket number").fill("POS-8801")
    page.get_by_role("button", name="Issue").click()
    qr_image = page.get_by_role("img", name="QR code of the token link")
    expect(qr_image).to_be_visible()
    url = page.locator("#survey-url").inner_text()
    assert re.fullmatch(rf"{live_server.url}/performance/s/{survey.code}/[\w-]+/", url)
    svg = page.request.get(live_server.url + qr_image.get_attribute("src"))
    expected = io.BytesIO()
    segno.make(url, error="m").save(
        expected, kind="svg", scale=6, border=2, title=survey.name_en
    )
    assert svg.ok and svg.body() == expected.getvalue()  # the QR encodes the link
    screenshot(page, "token")

    # The customer scans it on a phone set to Chinese.
    phone = browser.new_context(
        locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True
    )
    customer = phone.new_page()
    customer.goto(url)
    expect(customer.get_by_role("heading", level=1)).to_have_text(
        "南京路店服务质量调查"
    )
    expect(customer.get_by_text("有现代化的服务设备。")).to_be_visible()
    customer.get_by_role("button", name="提交").click()  # nothing answered yet
    expect(customer.get_by_role("alert")).to_contain_text("请回答所有必答题")
    for n in range(1, 23):
        item = customer.locator(f"#item-{n}")
        item.locator("label", has=customer.locator('input[value="6"]')).first.click()
        item.locator("label", has=customer.locator('input[value="5"]')).nth(1).click()
    customer.get_by_label("还有什么想告诉我们的吗？（选填）").fill("员工很耐心。")
    screenshot(customer, "answered")
    customer.get_by_role("button", name="提交").click()
    expect(customer.get_by_role("heading", level=1)).to_have_text("谢谢您")
    assert SurveyResponse.objects.filter(survey=survey).count() == 1

    # The store's gaps: items 1–9 and 14–17 are −1, reverse-scored ones +1.
    gaps = dict(
        Observation.objects.filter(store=store, source=SOURCE).values_list(
            "metric__code", "value"
        )
    )
    assert gaps["servqual_tangibles"] == -1 and gaps["servqual_empathy"] == 1
    page.goto(f"{live_server.url}/performance/surveys/results/?store={store.pk}")
    table = page.locator("#dimension-table")
    expect(table.get_by_role("row", name="Tangibles")).to_contain_text("-1.00")
    expect(table.get_by_role("row", name="Responsiveness")).to_contain_text("1.00")
    expect(page.locator("#chart-dimensions")).to_have_attribute("data-drawn", "1")
    screenshot(page, "results")

    # The same receipt's link again: refused, in Chinese, nothing counted.
    customer.goto(url)
    expect(customer.get_by_role("alert")).to_contain_text("此问卷链接无法使用")
    customer.go_back()
    customer.go_back()
    form = {"nonce": "another-device", "lang": "zh-hans"}
    form.update({f"e{n}": "7" for n in range(1, 23)})
    form.update({f"p{n}": "1" for n in range(1, 23)})
    token = customer.context.cookies()
    csrf = next(c["value"] for c in token if c["name"] == "csrftoken")
    replay = customer.request.post(
        url, form=form, headers={"X-CSRFToken": csrf, "Referer": url}
    )
    assert replay.status == 404 and "此问卷链接无法使用" in replay.text()
    assert SurveyResponse.objects.filter(survey=survey).count() == 1
    assert (
        Observation.objects.get(
            store=store, source=SOURCE, metric__code="servqual_overall"
        ).sample_size
        == 1
    )
    phone.close()
    staff_context.close()
