"""Signing in through the real allauth form, shared by the browser tests."""

from playwright.sync_api import expect


def sign_in(browser, live_server, employee, password, *, width=1024, height=1366):
    """A new browser context (English UI) signed in as `employee`; returns its page.
    HR, trainers and admins get a TOTP authenticator and type its code."""
    from people.access import mfa_required
    from tests.conftest import _with_mfa, totp_code

    user = employee.user
    needs_code = mfa_required(user)
    if needs_code:
        _with_mfa(user)
    context = browser.new_context(
        locale="en-US", viewport={"width": width, "height": height}
    )
    page = context.new_page()
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign In").click()
    if needs_code:
        page.wait_for_url("**/accounts/2fa/authenticate/")
        page.locator("input[name=code]").fill(totp_code(user))
        page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    return page


def session_page(browser, live_server, employee, *, language, viewport):
    """A page of a new context carrying a session for ``employee`` (TOTP set
    up for roles that need it), their language set to ``language``, at
    ``viewport`` (width, height); returns (context, page)."""
    from tests.conftest import _with_mfa
    from tests.e2e.test_performance_import import _signed_in_context

    _with_mfa(employee.user)
    employee.user.language = language
    employee.user.save()
    context = _signed_in_context(browser, live_server, employee.user)
    page = context.new_page()
    page.set_viewport_size({"width": viewport[0], "height": viewport[1]})
    return context, page
