"""Course authoring in a real browser (F2 "done when"): a trainer writes a quiz,
a role-play scenario, a course and its lesson in the Wagtail admin and submits
them to "Course approval"; staff cannot see the draft; a lead trainer approves;
the trainer translates with wagtail-localize; English and Chinese learners each
see the live course in their language."""

import re
from importlib import import_module

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from playwright.sync_api import expect
from wagtail.models import Collection, Locale

from courses.models import CoursePage, LessonPage, Quiz, RolePlayScenario
from tests.courses import factories as cf
from tests.e2e import signin
from tests.factories import employee_with_role
from tests.training.conftest import wagtail_root

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

COURSE = "Greeting guests at the door"
COURSE_ZH = "门口迎宾"
LESSON = "The first ten seconds"
LESSON_ZH = "最初的十秒钟"
QUIZ = "Greeting check"
SCENARIO = "Guest arrives while the phone rings"
NOTES = "ASSESSOR-ONLY-e2e-31c9"
EDIT_URL = re.compile(r"/admin/pages/\d+/edit/$")


def migration_data():
    """What migrations made and a transactional test's flush removed: locales,
    root page and collection, groups, page and translation permissions, the
    "Course approval" workflow."""
    wagtail_root()
    Locale.objects.get_or_create(language_code="en")
    Locale.objects.get_or_create(language_code="zh-hans")
    if not Collection.objects.exists():
        Collection.add_root(name="Root")
    import_module(
        "wagtail_localize.migrations.0006_create_submit_translation_permission"
    ).create_submit_translation_permission(apps, None)
    migration = import_module("courses.migrations.0002_taxonomy_roles_workflow")
    labels = ("courses", "wagtailimages", "wagtaildocs", "wagtailcore")
    modules = {label: apps.get_app_config(label).models_module for label in labels}
    try:  # the data migration is idempotent; it marks its app configs loaded
        migration.forwards(apps, None)
    finally:
        for label, module in modules.items():
            apps.get_app_config(label).models_module = module


def seed_authoring():
    """migration_data() plus a bilingual library (the site root) and rubric."""
    migration_data()
    en = Locale.objects.get(language_code="en")
    zh = Locale.objects.get(language_code="zh-hans")
    library = cf.library_site()
    library.title = "Training library"
    library.save_revision().publish()
    zh_library = library.copy_for_translation(zh)
    zh_library.title = "培训中心"
    zh_library.save_revision().publish()
    rubric = cf.rubric(title="Door greeting rubric", locale=en)
    rubric_zh = rubric.copy_for_translation(zh)
    rubric_zh.title = "迎宾评分表"
    rubric_zh.save()
    return library


def sign_in(browser, live_server, employee, password):
    # The Wagtail editor wants a wider window than the tablet score sheet.
    return signin.sign_in(
        browser, live_server, employee, password, width=1280, height=1000
    )


def field(page, label: str):
    """A Wagtail admin field by its label (required ones end in "*")."""
    name = re.compile(rf"^\s*{re.escape(label)}\*?\s*$")
    return page.get_by_label(name).and_(page.locator("input, select, textarea"))


def rich_text(page, name: str, text: str):
    """Type into a Draftail editor (the field's wrapper is named after it)."""
    page.locator(f'[id$="-{name}-wrapper"]').get_by_role("textbox").click()
    page.keyboard.type(text)


def set_slug(page, slug: str):
    page.get_by_role("tab", name="Promote").click()
    slug_field = field(page, "Slug")
    slug_field.clear()
    slug_field.fill(slug)
    slug_field.press("Tab")
    expect(slug_field).to_have_value(slug)
    page.get_by_role("tab", name="Content").click()


def choose_in_modal(page, button_name: str, item: str):
    page.get_by_role("button", name=button_name).click()
    modal = page.get_by_role("dialog")
    modal.get_by_role("link", name=item).click()
    expect(modal).to_be_hidden()


def submit_to_workflow(page):
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Submit to Course approval").click()
    expect(page.get_by_text("has been submitted for moderation")).to_be_visible()


def approve(page, live_server, pk: int):
    page.goto(f"{live_server.url}/admin/pages/{pk}/edit/")
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Approve and Publish", exact=True).click()
    # Approving the only task publishes the page and returns to the explorer.
    expect(page).to_have_url(re.compile(r"/admin/pages/\d+/$"))
    expect(page.get_by_text("has been updated.")).to_be_visible()


@pytest.fixture
def people(db):
    staff_en = employee_with_role("staff")
    staff_zh = employee_with_role("staff")
    staff_zh.user.language = "zh-hans"
    staff_zh.user.save()
    trainer = employee_with_role("trainer", store=None, team=None)
    lead = employee_with_role("lead_trainer", store=None, team=None)
    lead.user.groups.add(Group.objects.get(name="trainer"))
    return trainer, lead, staff_en, staff_zh


def test_trainer_authors_lead_approves_live_in_both_languages(
    browser, live_server, password, people, screenshot, settings
):
    """Quiz, scenario (rubric chooser), course and lesson authored in the admin,
    submitted, unseen by staff as a draft, approved, translated with
    wagtail-localize, and live for an English and a Chinese learner."""
    # Wagtail 8 autosaves drafts every 500 ms. A "Save draft" click racing the
    # first autosave on the create form posts the new page twice (a 500 on the
    # duplicate slug), so the test saves only by clicking (and, with autosave
    # off, Wagtail leaves the slug to the author: set on the Promote tab).
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0
    library = seed_authoring()
    trainer, lead, staff_en, staff_zh = people
    admin = live_server.url + "/admin"

    author = sign_in(browser, live_server, trainer, password)
    author.goto(f"{admin}/snippets/courses/quiz/add/?locale=en")
    field(author, "Title").fill(QUIZ)
    field(author, "Pass mark (%)").fill("75")
    author.get_by_role("button", name="Save").click()
    expect(author.get_by_text(f"Quiz '{QUIZ}' created.")).to_be_visible()

    author.goto(f"{admin}/snippets/courses/roleplayscenario/add/?locale=en")
    field(author, "Title").fill(SCENARIO)
    field(author, "Touchpoint").select_option(label="Face to face")
    field(author, "Customer mood").select_option(label="In a hurry")
    field(author, "Customer persona").fill("A regular in a hurry")
    rich_text(author, "situation", "The phone rings as a guest walks in.")
    field(author, "Goal for the staff member").fill("Greet within 10 seconds.")
    choose_in_modal(author, "Choose rubric", "Door greeting rubric")
    rich_text(author, "assessor_notes", NOTES)
    screenshot(author, "scenario")
    author.get_by_role("button", name="Save").click()
    expect(author.get_by_text("created.")).to_be_visible()

    author.goto(f"{admin}/pages/{library.pk}/add_subpage/")
    field(author, "Title").fill(COURSE)
    field(author, "Title").press("Tab")
    set_slug(author, "greeting-guests")
    field(author, "Summary").fill("Welcome every guest within ten seconds.")
    author.get_by_role("button", name="Save draft").click()
    expect(author).to_have_url(EDIT_URL)
    course = CoursePage.objects.get(title=COURSE)
    submit_to_workflow(author)

    author.goto(f"{admin}/pages/{course.pk}/add_subpage/")
    field(author, "Title").fill(LESSON)
    field(author, "Title").press("Tab")
    set_slug(author, "first-ten-seconds")
    body = author.locator("#panel-child-content-body-section")
    body.get_by_role("button", name="Insert a block").first.click()
    author.get_by_role("option", name="Quiz").click()
    choose_in_modal(author, "Choose quiz", QUIZ)
    body.get_by_role("button", name="Insert a block").last.click()
    author.get_by_role("option", name="Role-play scenario").click()
    choose_in_modal(author, "Choose role-play scenario", SCENARIO)
    screenshot(author, "lesson")
    author.get_by_role("button", name="Save draft").click()
    expect(author).to_have_url(EDIT_URL)
    lesson = LessonPage.objects.get(title=LESSON)
    submit_to_workflow(author)
    assert not CoursePage.objects.get(pk=course.pk).live

    learner_en = sign_in(browser, live_server, staff_en, password)
    learner_en.goto(live_server.url + "/learn/")
    expect(learner_en.get_by_role("heading", name="Training library")).to_be_visible()
    expect(learner_en.get_by_text(COURSE)).to_have_count(0)
    response = learner_en.goto(f"{live_server.url}/learn/{course.slug}/")
    assert response.status == 404
    response = learner_en.goto(f"{admin}/pages/{course.pk}/edit/preview/")
    assert response.status == 403
    expect(learner_en.get_by_text(COURSE)).to_have_count(0)

    reviewer = sign_in(browser, live_server, lead, password)
    approve(reviewer, live_server, course.pk)
    approve(reviewer, live_server, lesson.pk)
    course.refresh_from_db()
    assert course.live and LessonPage.objects.get(pk=lesson.pk).live

    # The trainer translates the live course and its lesson ("Translate"),
    # which publishes a synced zh-hans copy, then translates the titles in
    # wagtail-localize's editor; only a lead trainer may publish the result.
    author.goto(f"{admin}/pages/{course.pk}/edit/")
    author.get_by_role("button", name="Actions", exact=True).click()
    author.get_by_role("link", name="Translate").click()
    author.get_by_label("简体中文").check()
    author.get_by_label(re.compile("Include subtree")).check()
    author.get_by_role("button", name="Submit").click()
    zh = Locale.objects.get(language_code="zh-hans")
    course_zh = course.get_translation(zh)
    lesson_zh = lesson.get_translation(zh)
    assert Quiz.objects.filter(locale=zh, title=QUIZ).exists()
    assert RolePlayScenario.objects.filter(locale=zh, title=SCENARIO).exists()
    for page_obj, title_zh in ((course_zh, COURSE_ZH), (lesson_zh, LESSON_ZH)):
        author.goto(f"{admin}/pages/{page_obj.pk}/edit/")
        row = author.locator("li", has_text=re.compile(r"^Title")).first
        row.get_by_role("button", name="Translate").click()
        row.get_by_role("textbox").fill(title_zh)
        row.get_by_role("button", name="Save").click()
        expect(row.get_by_text(title_zh)).to_be_visible()
        reviewer.goto(author.url)
        reviewer.get_by_role("button", name="Publish in 简体中文").click()
        # Untranslated fields (summary, slug) keep the English source.
        expect(
            reviewer.get_by_text(f"Published '{title_zh}' in 简体中文")
        ).to_be_visible()

    learner_en.goto(live_server.url + "/learn/")
    learner_en.get_by_role("link", name=COURSE).click()
    expect(learner_en.get_by_role("heading", level=1)).to_have_text(COURSE)
    learner_en.get_by_role("link", name=LESSON).click()
    expect(learner_en.get_by_role("heading", name=f"Quiz: {QUIZ}")).to_be_visible()
    expect(
        learner_en.get_by_role("heading", name=f"Role-play: {SCENARIO}")
    ).to_be_visible()
    expect(learner_en.get_by_text(NOTES)).to_have_count(0)
    screenshot(learner_en, "lesson-en")

    learner_zh = sign_in(browser, live_server, staff_zh, password)
    learner_zh.goto(live_server.url + "/learn/")
    expect(learner_zh.get_by_role("heading", name="培训中心")).to_be_visible()
    expect(learner_zh.get_by_text("Not yet translated")).to_have_count(0)
    learner_zh.get_by_role("link", name=COURSE_ZH).click()
    expect(learner_zh.get_by_role("heading", level=1)).to_have_text(COURSE_ZH)
    learner_zh.get_by_role("link", name=LESSON_ZH).click()
    expect(learner_zh.get_by_role("heading", level=1)).to_have_text(LESSON_ZH)
    expect(learner_zh.locator("section.roleplay-card")).to_contain_text(SCENARIO)
    expect(learner_zh.get_by_text(NOTES)).to_have_count(0)
    screenshot(learner_zh, "lesson-zh")
