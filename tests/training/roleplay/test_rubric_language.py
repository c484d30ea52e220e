"""A rubric version keeps its texts in both languages: each viewer reads the
rubric, criteria and levels of a sheet in their own language, whichever
language it was scored in."""

from copy import deepcopy

import pytest
from django.urls import reverse
from django.utils import translation
from wagtail.models import Locale

from courses.selectors import rubric_snapshot, snapshot_localized
from courses.services import rubric_version_current
from tests.courses import factories as cf
from training.models import RolePlayAssessment

from . import builders as b

pytestmark = pytest.mark.django_db


def _bilingual_rubric():
    """The original (default locale) and its translation, whose titles,
    descriptions, level labels and descriptors all carry a "译" prefix."""
    rubric = cf.rubric(
        title="Counter rubric",
        criteria=[cf.criterion("Greeting"), cf.criterion("Empathy", weight=2)],
    )
    other = cf.other_locale()
    copy = rubric.copy_for_translation(other)
    copy.title = "译 Counter rubric"
    data = deepcopy(list(copy.criteria.raw_data))  # the copy shares the original's
    for block in data:
        value = block["value"]
        value["title"] = "译 " + value["title"]
        value["description"] = "译 described"
        for level in value["levels"]:
            level["value"]["label"] = "译 " + level["value"]["label"]
            level["value"]["descriptor"] = "译 " + level["value"]["descriptor"]
    copy.criteria = data
    copy.save()
    return rubric, copy, other


def test_version_keeps_both_languages_and_reads_either():
    rubric, copy, other = _bilingual_rubric()
    original = Locale.get_default().language_code
    version = rubric_version_current(rubric=rubric)
    # The same version whichever language's rubric the scenario named.
    assert rubric_version_current(rubric=copy) == version
    theirs = snapshot_localized(version.snapshot, other.language_code)
    assert theirs["title"] == "译 Counter rubric"
    assert [c["title"] for c in theirs["criteria"]] == ["译 Greeting", "译 Empathy"]
    assert theirs["criteria"][0]["description"] == "译 described"
    assert [lv["label"] for lv in theirs["criteria"][0]["levels"]] == [
        "译 L0",
        "译 L1",
        "译 L2",
    ]
    assert theirs["criteria"][0]["levels"][1]["descriptor"] == "译 level 1"
    mine = snapshot_localized(version.snapshot, original)
    assert mine["title"] == "Counter rubric"
    assert [c["title"] for c in mine["criteria"]] == ["Greeting", "Empathy"]
    # Scoring data is the original's, the same in both.
    for a, b_ in zip(mine["criteria"], theirs["criteria"], strict=True):
        assert a["id"] == b_["id"] and a["weight"] == b_["weight"]
        assert [lv["id"] for lv in a["levels"]] == [lv["id"] for lv in b_["levels"]]


def test_untranslated_texts_fall_back_to_the_original():
    rubric = cf.rubric(title="Only original", criteria=[cf.criterion("Greeting")])
    version = rubric_version_current(rubric=rubric)
    theirs = snapshot_localized(version.snapshot, cf.other_locale().language_code)
    assert theirs["title"] == "Only original"
    assert theirs["criteria"][0]["title"] == "Greeting"


def test_translation_edit_makes_a_new_version():
    """Changing a translated text changes what a sheet would show: old sheets
    keep the texts they were scored with."""
    rubric, copy, other = _bilingual_rubric()
    first = rubric_version_current(rubric=rubric)
    copy.title = "译 Counter rubric, revised"
    copy.save()
    second = rubric_version_current(rubric=rubric)
    assert second.number == first.number + 1
    assert snapshot_localized(first.snapshot, other.language_code)["title"] == (
        "译 Counter rubric"
    )


def _speaks(employee, code):
    employee.user.language = code
    employee.user.save()


@pytest.mark.parametrize("language", ["original", "other"])
def test_sheet_pages_in_the_viewers_language(login, trainer, staff, language):
    rubric, copy, other = _bilingual_rubric()
    code = (
        Locale.get_default().language_code
        if language == "original"
        else other.language_code
    )
    session = b.schedule(
        organiser=trainer,
        learners=[staff],
        assessors=[trainer],
        scenario_obj=cf.scenario(rubric),
    )
    from training.roleplay import services

    sheet = services.session_start_assessment(
        session=session,
        learner=staff,
        assessor=trainer,
        kind=RolePlayAssessment.Kind.ASSESSOR,
    )
    # Scored by a trainer reading the other language.
    with translation.override(other.language_code):
        b.fill(sheet, {"Greeting": 2, "Empathy": 1})
    _speaks(staff, code)
    html = (
        login(staff)
        .get(reverse("training:roleplay_assessment", args=[sheet.pk]))
        .content.decode()
    )
    translated = language == "other"
    prefix = "译 " if translated else ""
    assert f"{prefix}Counter rubric v" in html
    assert f"<strong>{prefix}Greeting</strong>" in html
    assert f"{prefix}L2" in html and f"{prefix}level 2" in html
    if not translated:
        assert "译" not in html

    _speaks(trainer, code)
    draft = services.session_start_assessment(
        session=session,
        learner=staff,
        assessor=staff,
        kind=RolePlayAssessment.Kind.SELF,
    )
    html = (
        login(staff)
        .get(reverse("training:roleplay_score", args=[session.pk, staff.pk]))
        .content.decode()
    )
    assert draft.rubric_version_id == sheet.rubric_version_id
    assert f'<span class="criterion-title">{prefix}Empathy</span>' in html
    assert f'<span class="level-label">{prefix}L1</span>' in html


def test_snapshot_of_the_original_keeps_its_top_level_texts():
    """Readers that take the snapshot as it is (ids, points, titles in the
    original language) keep working."""
    rubric, _copy, _other = _bilingual_rubric()
    snapshot = rubric_snapshot(rubric)
    assert snapshot["title"] == "Counter rubric"
    assert [c["title"] for c in snapshot["criteria"]] == ["Greeting", "Empathy"]


def test_migration_completes_versions_taken_in_one_language():
    """A version stored before (one language's words) gets the translations'
    words and the hash of today's snapshot: the unchanged rubric keeps it."""
    import importlib

    from django.apps import apps

    from courses.models import RubricVersion
    from courses.selectors import snapshot_hash

    migration = importlib.import_module("courses.migrations.0004_rubric_version_texts")
    rubric, _copy, other = _bilingual_rubric()
    current = rubric_snapshot(rubric)
    old = {k: v for k, v in current.items() if k not in ("language", "texts")}
    version = RubricVersion.objects.create(
        rubric=rubric, number=1, content_hash=snapshot_hash(old), snapshot=old
    )
    migration.add_texts(apps, None)
    version.refresh_from_db()
    assert version.snapshot == current
    assert rubric_version_current(rubric=rubric) == version
    theirs = snapshot_localized(version.snapshot, other.language_code)
    assert theirs["criteria"][1]["title"] == "译 Empathy"


def test_untranslated_scenario_brief_has_the_shared_notice(login, session, staff):
    """The session's brief in the original language carries the same notice
    as course pages."""
    _speaks(staff, cf.other_locale().language_code)
    html = login(staff).get(reverse("training:roleplay_session", args=[session.pk]))
    html = html.content.decode()
    assert "fallback-notice" in html
    assert "Angry customer at the counter" in html
