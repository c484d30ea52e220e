"""Role-play in a real browser: a trainer schedules, the learner uploads a
recording and self-assesses, the trainer scores, the learner sees both side
by side; a calibration session with three assessors shows its report."""

import re

import pytest
from playwright.sync_api import expect
from wagtail.models import Locale

from tests.e2e.signin import sign_in
from tests.training.roleplay import builders as b
from training.roleplay import selectors

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def pick(page, criterion: str, level: str):
    card = page.locator("fieldset.criterion-card", has_text=criterion)
    card.locator("label.level", has_text=level).click()


def fill_sheet(page, levels: dict[str, str]):
    for criterion, level in levels.items():
        pick(page, criterion, level)


@pytest.fixture
def scenario(db):
    # Transactional tests flush the locales Wagtail's migrations created.
    for code in ("zh-hans", "en"):
        Locale.objects.get_or_create(language_code=code)
    return b.scenario()


def test_schedule_upload_self_assess_score_side_by_side(
    browser, live_server, trainer, staff, password, scenario, screenshot
):
    trainer_page = sign_in(browser, live_server, trainer, password)
    trainer_page.goto(live_server.url + "/learning/roleplay/new/")
    trainer_page.get_by_label("Scenario").select_option(str(scenario.pk))
    trainer_page.get_by_label("Learners").select_option([str(staff.pk)])
    trainer_page.get_by_label("Assessors").select_option([str(trainer.pk)])
    trainer_page.get_by_label("Date and time").fill("2030-05-01T10:00")
    trainer_page.locator("#id_location").fill("Training room 1")
    trainer_page.get_by_role("button", name="Schedule", exact=True).click()
    expect(trainer_page.get_by_text("Role-play scheduled.")).to_be_visible()
    session_url = trainer_page.url

    learner = sign_in(browser, live_server, staff, password)
    learner.goto(session_url)
    expect(learner.get_by_text("The order is late.")).to_be_visible()
    expect(learner.get_by_text("SECRET-MARKER")).to_have_count(0)
    learner.get_by_label("Recording (audio or video)").set_input_files(
        {"name": "role-play.mp4", "mimeType": "video/mp4", "buffer": b.ELF}
    )
    learner.get_by_role("button", name="Upload recording").click()
    expect(learner.get_by_role("alert")).to_contain_text(
        "is a program, not a recording"
    )
    learner.get_by_label("Recording (audio or video)").set_input_files(
        {"name": "role-play.wav", "mimeType": "audio/wav", "buffer": b.wav_bytes(2)}
    )
    learner.get_by_role("button", name="Upload recording").click()
    expect(learner.get_by_text("Recording uploaded.")).to_be_visible()
    expect(learner.locator("audio[data-player]")).to_have_count(1)
    duration = learner.locator("audio[data-player]").evaluate(
        "a => new Promise(r => a.readyState >= 1 ? r(a.duration) :"
        " a.addEventListener('loadedmetadata', () => r(a.duration)))"
    )
    assert duration > 1.5
    learner.get_by_role("link", name="Assess yourself").click()
    fill_sheet(
        learner,
        {
            "Greeting": "L2",
            "Empathy": "L2",
            "Record the complaint": "L1",
            "Upsell": "L1",
        },
    )
    learner.get_by_label("Overall comment").fill("I stayed calm.")
    learner.get_by_role("button", name="Submit", exact=True).click()
    expect(learner.get_by_text("Assessment submitted.")).to_be_visible()

    trainer_page.goto(session_url)
    trainer_page.get_by_role("link", name=f"Score {staff.name}").click()
    expect(trainer_page.locator("audio[data-player]")).to_have_count(1)
    fill_sheet(
        trainer_page,
        {
            "Greeting": "L2",
            "Empathy": "L1",
            "Record the complaint": "L2",
            "Upsell": "Not applicable",
        },
    )
    trainer_page.get_by_role("button", name="Insert the current time").click()
    trainer_page.keyboard.type("Good apology")
    expect(trainer_page.get_by_label("Notes against the recording")).to_have_value(
        "[00:00] Good apology"
    )
    screenshot(trainer_page, "scoring-tablet")
    trainer_page.get_by_role("button", name="Submit", exact=True).click()
    expect(trainer_page.locator("dd.result")).to_contain_text("75.0%")

    learner.goto(session_url)
    learner.get_by_role("link", name=f"Assessor: {trainer.name}").click()
    expect(
        learner.get_by_role("heading", name="Assessor and self-assessment side by side")
    ).to_be_visible()
    table = learner.locator("table.side-by-side")
    expect(table.locator("tr", has_text="Empathy")).to_contain_text("L1")
    expect(table.locator("tr", has_text="Empathy")).to_contain_text("L2")
    learner.get_by_role("button", name="I have read this feedback").click()
    expect(learner.get_by_text("You acknowledged this result")).to_be_visible()
    screenshot(learner, "side-by-side")


def test_calibration_with_three_assessors_shows_report(
    browser, live_server, trainer, manager, hr, password, scenario, screenshot
):
    organiser = sign_in(browser, live_server, trainer, password)
    organiser.goto(live_server.url + "/learning/roleplay/calibration/new/")
    organiser.get_by_label("Title").fill("Complaint handling calibration")
    organiser.get_by_label("Rubric").select_option(str(scenario.rubric.pk))
    organiser.get_by_label("Assessors").select_option(
        [str(manager.pk), str(trainer.pk), str(hr.pk)]
    )
    organiser.get_by_role("button", name="Create").click()
    for n in (1, 2):
        organiser.get_by_label("Recording (audio or video)").set_input_files(
            {"name": f"call-{n}.wav", "mimeType": "audio/wav", "buffer": b.wav_bytes(1)}
        )
        organiser.get_by_role("button", name="Upload recording").click()
        expect(organiser.get_by_text("Recording uploaded.")).to_be_visible()
    calibration_url = organiser.url

    sheets = {
        trainer: [["L2", "L1", "L2", "L1"], ["L1", "L0", "L1", "L0"]],
        manager: [["L2", "L2", "L2", "L1"], ["L1", "L1", "L1", "L0"]],
        hr: [["L2", "L2", "L2", "L2"], ["L2", "L1", "L2", "L1"]],
    }
    criteria = ["Greeting", "Empathy", "Record the complaint", "Upsell"]
    for who, per_recording in sheets.items():
        page = (
            organiser
            if who == trainer
            else sign_in(browser, live_server, who, password)
        )
        for levels in per_recording:
            page.goto(calibration_url)
            page.get_by_role("link", name="Score this recording").first.click()
            fill_sheet(page, dict(zip(criteria, levels, strict=True)))
            page.get_by_role("button", name="Submit", exact=True).click()
            expect(page.get_by_text("Assessment submitted.")).to_be_visible()

    organiser.goto(calibration_url)
    organiser.get_by_role("link", name="Agreement report").click()
    expect(organiser.get_by_text("6 of 6 score sheets submitted")).to_be_visible()
    for stat in selectors.STATISTICS:
        expect(organiser.locator(f'td[data-stat="{stat}"]')).to_have_text(
            re.compile(r"^-?\d\.\d{3}$")
        )
    assessors = organiser.locator("table", has_text="Mean deviation from consensus")
    expect(assessors.locator("tbody tr")).to_have_count(3)
    screenshot(organiser, "calibration-report")
