import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(
    ("locale", "sign_in", "welcome"),
    [("zh-CN", "登录", "欢迎"), ("en-US", "Sign In", "Welcome")],
)
def test_sign_in_and_reach_dashboard(
    browser, live_server, staff, password, screenshot, locale, sign_in, welcome
):
    """A staff member signs in, in Chinese or English, and reaches the dashboard."""
    staff.user.language = ""
    staff.user.save()
    context = browser.new_context(locale=locale)
    page = context.new_page()
    page.goto(live_server.url + "/")
    expect(page).to_have_url(f"{live_server.url}/accounts/login/?next=/")
    page.get_by_label(re.compile("Email|电子邮")).fill(staff.user.email)
    page.get_by_label("Password" if locale == "en-US" else "密码").fill(password)
    page.get_by_role("button", name=sign_in).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(welcome)
    expect(page.get_by_role("heading", level=1)).to_contain_text(staff.name)
    expect(page.locator("html")).to_have_attribute(
        "lang", "zh-hans" if locale == "zh-CN" else "en"
    )
    page.keyboard.press("Tab")  # the skip link is the first stop
    expect(
        page.get_by_role(
            "link", name="跳到正文" if locale == "zh-CN" else "Skip to content"
        )
    ).to_be_focused()
    screenshot(page, "dashboard")
    context.close()


def test_language_switcher_remembers_choice(page, live_server, staff, password):
    """Switching to Chinese in the header is remembered for the next sign-in."""
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email").fill(staff.user.email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign In").click()
    page.get_by_label("Language").select_option("zh-hans")
    page.get_by_role("button", name="Switch").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("欢迎")
    staff.user.refresh_from_db()
    assert staff.user.language == "zh-hans"
