"""A manager on a phone in Chinese, and HR on a desktop in English, create a
customer survey, get its QR code and close it; the closed link takes no
answers. The pages pass the layout and axe-core checks."""

import pytest
from django.utils import translation
from playwright.sync_api import expect

from performance.models import QuestionnaireVersion, Survey
from performance.voice.services import questionnaires_ensure
from tests.e2e.audit import Watch, audit
from tests.e2e.signin import session_page

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def words(language: str) -> dict[str, str]:
    with translation.override(language):
        return {
            key: translation.gettext(text)
            for key, text in {
                "new": "New survey",
                "create": "Create survey",
                "created": "Survey created.",
                "close": "Close the survey",
                "closed": "The survey is closed: its links no longer take answers.",
            }.items()
        }


@pytest.mark.parametrize(
    "role, language, viewport",
    [("manager", "zh-hans", (390, 844)), ("hr", "en", (1280, 900))],
)
def test_create_a_survey_get_its_qr_code_and_close_it(
    request, browser, live_server, store, role, language, viewport, screenshot
):
    questionnaires_ensure()  # transactional tests flush the migration's rows
    person = request.getfixturevalue(role)
    csat = QuestionnaireVersion.objects.get(code="csat")
    w = words(language)
    context, page = session_page(
        browser, live_server, person, language=language, viewport=viewport
    )
    watch = Watch(page, live_server.url)
    page.goto(live_server.url + "/performance/surveys/")
    page.get_by_role("link", name=w["new"]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(w["new"])
    assert audit(page, watch) == []
    screenshot(page, f"form-{language}")

    page.locator("#id_name").fill("前台满意度")
    page.locator("#id_name_en").fill("Front desk satisfaction")
    page.locator("#id_version").select_option(str(csat.pk))
    page.locator("#id_store").select_option(str(store.pk))
    page.locator("#id_access").select_option("open")
    page.get_by_role("button", name=w["create"]).click()
    expect(page.get_by_text(w["created"])).to_be_visible()
    survey = Survey.objects.get()
    assert (survey.store, survey.version, survey.created_by) == (
        store,
        csat,
        person.user,
    )
    qr = page.locator("figure.qr img")
    expect(qr).to_be_visible()
    # The QR code is made by our server (SVG): it loads and has a size.
    assert qr.evaluate("img => img.decode().then(() => img.naturalWidth)") > 0
    link = page.locator("#survey-url").get_attribute("href")
    watch.reset()
    assert audit(page, watch) == []
    screenshot(page, f"created-{language}")

    page.get_by_role("button", name=w["close"]).click()
    expect(page.get_by_text(w["closed"])).to_be_visible()
    customer = context.new_page()
    response = customer.goto(link)
    assert response.status == 404
    context.close()
