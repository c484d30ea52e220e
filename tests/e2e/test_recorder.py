"""The role-play recorder in a real browser with Chromium's fake camera and
microphone, used by keyboard alone on a phone, in Chinese and English: the
stop button is hidden until recording starts, the focus follows the button
that replaces the one pressed, and the recording uploads."""

import pytest
from django.utils import translation
from playwright.sync_api import expect
from wagtail.models import Locale

from tests.conftest import CHROMIUM
from tests.e2e.audit import Watch, audit
from tests.e2e.signin import session_page
from tests.training.roleplay import builders as b
from training.models import Recording

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="module")
def media_browser(playwright):
    """A Chromium whose camera and microphone are fake devices, granted
    without a prompt (the shared browser has no media devices)."""
    browser = playwright.chromium.launch(
        executable_path=str(CHROMIUM),
        args=[
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--use-fake-device-for-media-stream",
            "--use-fake-ui-for-media-stream",
        ],
    )
    yield browser
    browser.close()


def words(language: str) -> dict[str, str]:
    with translation.override(language):
        return {
            "record": translation.gettext("Record in the browser"),
            "stop": translation.gettext("Stop recording"),
            "upload": translation.gettext("Upload recording"),
            "uploaded": translation.gettext("Recording uploaded."),
        }


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_record_by_keyboard_and_upload(
    media_browser, live_server, trainer, staff, language, screenshot
):
    for code in ("zh-hans", "en"):
        Locale.objects.get_or_create(language_code=code)
    session = b.schedule(organiser=trainer, learners=[staff], assessors=[trainer])
    w = words(language)
    context, page = session_page(
        media_browser, live_server, staff, language=language, viewport=(390, 844)
    )
    watch = Watch(page, live_server.url)
    page.goto(f"{live_server.url}/learning/roleplay/{session.pk}/")
    start = page.get_by_role("button", name=w["record"])
    stop = page.get_by_role("button", name=w["stop"])
    expect(start).to_be_visible()
    expect(stop).to_be_hidden()
    assert audit(page, watch) == []

    start.focus()
    page.keyboard.press("Enter")
    expect(stop).to_be_visible()
    expect(start).to_be_hidden()
    expect(stop).to_be_focused()
    expect(page.locator("[data-record-status]")).to_have_text("●")
    page.wait_for_timeout(1500)
    screenshot(page, f"recording-{language}")
    page.keyboard.press("Space")
    status = page.locator("[data-record-status]")
    expect(status).to_contain_text("role-play.webm")
    expect(start).to_be_focused()
    expect(stop).to_be_hidden()

    # On to the upload button by keyboard, as a user without a mouse would.
    upload = page.get_by_role("button", name=w["upload"])
    for _ in range(5):
        page.keyboard.press("Tab")
        if upload.evaluate("b => b === document.activeElement"):
            break
    expect(upload).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_text(w["uploaded"])).to_be_visible()
    recording = Recording.objects.get(learner=staff)
    assert recording.content_type == "video/webm"
    assert recording.file.size > 1000
    screenshot(page, f"uploaded-{language}")
    context.close()
