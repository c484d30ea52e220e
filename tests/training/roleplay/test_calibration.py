"""Calibration: blind scoring of the same recordings, and the agreement
report checked against pingouin and the krippendorff package (used only in
tests) on several datasets, some with missing scores."""

import math
import random

import krippendorff
import numpy as np
import pandas as pd
import pingouin
import pytest
from django.urls import reverse

from tests.courses import factories as cf
from training import agreement
from training.models import RolePlayAssessment
from training.roleplay import selectors, services

from . import builders as b

pytestmark = pytest.mark.django_db
POINTS = (0, 1, 2, 3, 4)
CRITERIA = ["Greeting", "Listening", "Upsell"]  # Upsell allows N/A


def calibration_rubric(points=POINTS):
    return cf.rubric(
        criteria=[
            cf.criterion("Greeting", points=points),
            cf.criterion("Listening", weight=2, points=points),
            cf.criterion("Upsell", allow_na=True, points=points),
        ]
    )


def dataset(seed: int, *, recordings=3, biases=(0, 0, 0), missing=(), na=()):
    """levels[recording][criterion][assessor] (index 0-4 or None). ``missing``
    lists (recording, assessor) sheets never submitted; ``na`` lists
    (recording, criterion, assessor) scored N/A."""
    rng = random.Random(seed)
    data = []
    for r in range(recordings):
        rows = []
        for c in range(len(CRITERIA)):
            truth = rng.randint(0, 4)
            row = []
            for a, bias in enumerate(biases):
                if (r, a) in missing:
                    row.append("missing")
                elif (r, c, a) in na and c == 2:
                    row.append(None)
                else:
                    row.append(min(4, max(0, truth + bias + rng.choice([-1, 0, 0, 1]))))
            rows.append(row)
        data.append(rows)
    return data


DATASETS = {
    "complete": dict(seed=1),
    "lenient-and-severe": dict(seed=2, biases=(0, 1, -1)),
    "missing-sheet": dict(seed=3, recordings=4, missing={(3, 2)}),
    "na-and-missing": dict(
        seed=4, recordings=4, missing={(0, 1)}, na={(1, 2, 0), (2, 2, 2)}
    ),
    "five-recordings": dict(seed=5, recordings=5, biases=(0, 0, 2)),
}


def build(data, organiser, assessors, points=POINTS):
    calibration = services.calibration_create(
        organiser=organiser,
        title="Calibration",
        rubric=calibration_rubric(points),
        assessors=assessors,
    )
    ordered = list(calibration.assessors.order_by("name", "pk"))
    for rec_levels in data:
        recording = b.calibration_recording(calibration=calibration, uploader=organiser)
        for a, assessor in enumerate(ordered):
            if rec_levels[0][a] == "missing":
                continue
            sheet = services.calibration_start_sheet(
                calibration=calibration, recording=recording, assessor=assessor
            )
            snapshot = sheet.rubric_version.snapshot["criteria"]
            scores = {}
            for c, criterion in enumerate(snapshot):
                index = rec_levels[c][a]
                level = None if index is None else criterion["levels"][index]["id"]
                scores[criterion["id"]] = (level, "")
            services.assessment_save(assessment=sheet, scores=scores, submit=True)
    return calibration


def reference_matrix(data):
    """Rows recording x criterion, columns assessors, values 0-100 (NaN missing)."""
    rows = []
    for rec_levels in data:
        for crit in rec_levels:
            rows.append([np.nan if v in (None, "missing") else v * 25.0 for v in crit])
    return np.array(rows, dtype=float)


def pingouin_icc(matrix):
    complete = matrix[~np.isnan(matrix).any(axis=1)]
    long = pd.DataFrame(
        [
            {"target": i, "rater": j, "rating": complete[i, j]}
            for i in range(complete.shape[0])
            for j in range(complete.shape[1])
        ]
    )
    table = pingouin.intraclass_corr(
        data=long, targets="target", raters="rater", ratings="rating"
    ).set_index("Type")["ICC"]
    return {k: table[k] for k in ("ICC(A,1)", "ICC(C,1)", "ICC(A,k)", "ICC(C,k)")}


def close(ours, reference):
    """Equal to three decimals."""
    assert ours is not None
    assert abs(ours - float(reference)) < 5e-4


@pytest.fixture
def three_assessors(manager, trainer, hr):
    return [manager, trainer, hr]


@pytest.mark.parametrize("name", list(DATASETS))
def test_report_matches_reference_values(name, trainer, three_assessors):
    """ICC(2,1), ICC(3,1), ICC(2,k), ICC(3,k) match pingouin and alpha
    (interval, ordinal) matches the krippendorff package to three decimals,
    also per criterion and with missing scores."""
    data = dataset(**DATASETS[name])
    calibration = build(data, trainer, three_assessors)
    report = selectors.calibration_report(calibration)
    matrix = reference_matrix(data)
    icc = pingouin_icc(matrix)
    close(report.overall.icc_2_1, icc["ICC(A,1)"])
    close(report.overall.icc_3_1, icc["ICC(C,1)"])
    close(report.overall.icc_2_k, icc["ICC(A,k)"])
    close(report.overall.icc_3_k, icc["ICC(C,k)"])
    close(
        report.overall.alpha_interval,
        krippendorff.alpha(reliability_data=matrix.T, level_of_measurement="interval"),
    )
    close(
        report.overall.alpha_ordinal,
        krippendorff.alpha(reliability_data=matrix.T, level_of_measurement="ordinal"),
    )
    for index, figures in enumerate(report.criteria):
        sub = matrix[index :: len(CRITERIA)]
        pairable = sum(1 for row in sub if (~np.isnan(row)).sum() >= 2)
        values = sub[~np.isnan(sub)]
        if pairable and len(set(values)) > 1:
            close(
                figures.alpha_interval,
                krippendorff.alpha(
                    reliability_data=sub.T, level_of_measurement="interval"
                ),
            )
    # Deviation from consensus: mean over rows with >= 2 scores of x - row mean.
    for j, figure in enumerate(report.per_assessor):
        diffs = [
            row[j] - np.nanmean(row)
            for row in matrix
            if not math.isnan(row[j]) and (~np.isnan(row)).sum() >= 2
        ]
        close(figure.deviation, np.mean(diffs))


def explicit(third):
    """Two assessors agree on level L; the third scores third(L, row)."""
    data = []
    for r in range(4):
        rows = []
        for c in range(len(CRITERIA)):
            level = (r + c) % 3 + 1
            rows.append([level, level, third(level, r * 3 + c)])
        data.append(rows)
    return data


def test_lenient_assessor_is_flagged(trainer, three_assessors):
    """An assessor one level above the two others deviates by +16.7 points
    and is flagged; the others (-8.3) are not."""
    calibration = build(explicit(lambda lv, i: lv + 1), trainer, three_assessors)
    report = selectors.calibration_report(calibration)
    figures = report.per_assessor
    assert figures[2].deviation == pytest.approx(100 / 6)
    assert figures[0].deviation == pytest.approx(-100 / 12)
    assert [f.flagged for f in figures] == [False, False, True]
    assert figures[2].reasons == ["deviation"]


def test_inconsistent_assessor_is_flagged_on_agreement(trainer, three_assessors):
    """Two levels up or down: never within one level of the others, so
    flagged below the agreement threshold."""
    calibration = build(
        explicit(lambda lv, i: lv + 2 if lv <= 2 else lv - 2),
        trainer,
        three_assessors,
    )
    figures = selectors.calibration_report(calibration).per_assessor
    assert figures[2].agreement < 0.6
    assert "agreement" in figures[2].reasons
    assert not figures[0].flagged and not figures[1].flagged


def test_sheets_are_blind_between_assessors(trainer, three_assessors):
    from training.roleplay import permissions

    calibration = build(dataset(seed=1), trainer, three_assessors)
    manager = three_assessors[0]
    visible = permissions.assessments_visible_to(manager.user).filter(
        calibration=calibration
    )
    assert set(visible.values_list("assessor", flat=True)) == {manager.pk}


def test_report_page_for_organiser_only(login, trainer, three_assessors):
    calibration = build(dataset(seed=2, biases=(0, 1, -1)), trainer, three_assessors)
    url = reverse("training:calibration_report", args=[calibration.pk])
    page = login(trainer).get(url)
    assert page.status_code == 200
    html = page.content.decode()
    report = selectors.calibration_report(calibration)
    assert f"{report.overall.icc_2_1:.3f}" in html
    assert "Krippendorff" in html
    assert login(three_assessors[0]).get(url).status_code == 403


def test_history_lists_sessions_in_order(login, trainer, three_assessors):
    first = build(dataset(seed=1), trainer, three_assessors)
    second = build(dataset(seed=2), trainer, three_assessors)
    html = login(trainer).get(reverse("training:calibration_history")).content.decode()
    assert html.index(
        reverse("training:calibration_report", args=[first.pk])
    ) < html.index(reverse("training:calibration_report", args=[second.pk]))


def test_assessor_scores_a_recording_in_the_browser_form(
    login, trainer, three_assessors
):
    calibration = services.calibration_create(
        organiser=trainer,
        title="Calibration",
        rubric=calibration_rubric(),
        assessors=three_assessors,
    )
    recording = b.calibration_recording(calibration=calibration, uploader=trainer)
    manager = three_assessors[0]
    client = login(manager)
    url = reverse("training:calibration_score", args=[calibration.pk, recording.pk])
    assert client.get(url).status_code == 200
    sheet = RolePlayAssessment.objects.get(assessor=manager)
    data = {"submit": "1"}
    for criterion in sheet.rubric_version.snapshot["criteria"]:
        data[f"level_{criterion['id']}"] = criterion["levels"][3]["id"]
    assert client.post(url, data).status_code == 302
    sheet.refresh_from_db()
    assert sheet.is_submitted


def test_double_scoring_pairs_feed_agreement(
    settings, trainer, staff, manager, scenario
):
    """Primary and blind second sheets of real assessments give agreement
    figures (two raters) per rubric."""
    settings.ROLEPLAY_DOUBLE_SCORING_SHARE = 1.0
    picks = [
        {"Greeting": 2, "Empathy": 1, "Record the complaint": 2, "Upsell": 0},
        {"Greeting": 1, "Empathy": 1, "Record the complaint": 1, "Upsell": 2},
    ]
    for a, bb in [(picks[0], picks[0]), (picks[1], picks[0])]:
        session = b.schedule(
            organiser=trainer,
            learners=[staff],
            assessors=[manager],
            scenario_obj=scenario,
        )
        kind = RolePlayAssessment.Kind
        primary = services.session_start_assessment(
            session=session, learner=staff, assessor=manager, kind=kind.ASSESSOR
        )
        second = services.session_start_assessment(
            session=session, learner=staff, assessor=trainer, kind=kind.SECOND
        )
        b.fill(primary, a)
        b.fill(second, bb)
    figures = selectors.double_scoring_figures(trainer.user)
    assert figures.subjects == 8 and figures.raters == 2
    assert figures.percent_exact == pytest.approx(5 / 8)
    # The ten statistics, with pairs (not recordings) as the rows.
    assert [st.key for st in figures.statistics] == list(selectors.STATISTICS)
    assert figures.units is None and figures.complete == 8


def test_report_page_queries_are_bounded(
    login, trainer, three_assessors, django_assert_max_num_queries
):
    """The report's queries do not grow with recordings and sheets."""
    client = login(trainer)
    for recordings in (1, 4):
        calibration = build(
            dataset(seed=recordings, recordings=recordings), trainer, three_assessors
        )
        url = reverse("training:calibration_report", args=[calibration.pk])
        with django_assert_max_num_queries(16):
            assert client.get(url).status_code == 200


def pingouin_table(matrix):
    """pingouin's ICC table over the complete rows, unrounded."""
    complete = matrix[~np.isnan(matrix).any(axis=1)]
    long = pd.DataFrame(
        [
            {"target": i, "rater": j, "rating": complete[i, j]}
            for i in range(complete.shape[0])
            for j in range(complete.shape[1])
        ]
    )
    saved = dict(pingouin.options)
    pingouin.options.update({"round": None, "round.column.CI95": None})
    try:
        return pingouin.intraclass_corr(
            data=long, targets="target", raters="rater", ratings="rating"
        ).set_index("Type")
    finally:
        pingouin.options.clear()
        pingouin.options.update(saved)


PINGOUIN = {
    "icc_1_1": "ICC(1,1)",
    "icc_1_k": "ICC(1,k)",
    "icc_2_1": "ICC(A,1)",
    "icc_2_k": "ICC(A,k)",
    "icc_3_1": "ICC(C,1)",
    "icc_3_k": "ICC(C,k)",
}


@pytest.mark.filterwarnings("ignore:The inplace keyword")
@pytest.mark.parametrize("name", ["complete", "na-and-missing"])
def test_report_gives_ten_statistics_with_intervals_and_verdicts(
    name, trainer, three_assessors
):
    """Six ICC forms with pingouin's F intervals, alpha nominal, ordinal and
    interval on the 0-100 scores and ratio on the levels' own points (1-5
    here, so rescaling would change it), each with a bootstrap interval and
    a verdict; n counts the complete rows and recordings."""
    data = dataset(**DATASETS[name])
    calibration = build(data, trainer, three_assessors, points=(1, 2, 3, 4, 5))
    overall = selectors.calibration_report(calibration).overall
    matrix = reference_matrix(data)
    table = pingouin_table(matrix)
    stats = {s.key: s for s in overall.statistics}
    assert list(stats) == list(selectors.STATISTICS)
    for key, label in PINGOUIN.items():
        close(stats[key].value, table.loc[label, "ICC"])
        low, high = table.loc[label, "CI95"]
        assert (stats[key].ci_low, stats[key].ci_high) == pytest.approx((low, high))
        assert stats[key].verdict == agreement.icc_verdict(stats[key].value)
    points = matrix / 25.0 + 1  # level index 0-4 → points 1-5
    for key, level, cells in (
        ("alpha_nominal", "nominal", matrix),
        ("alpha_ordinal", "ordinal", matrix),
        ("alpha_interval", "interval", matrix),
        ("alpha_ratio", "ratio", points),
    ):
        reference = krippendorff.alpha(
            reliability_data=cells.T, level_of_measurement=level
        )
        close(stats[key].value, reference)
        assert stats[key].ci_low <= stats[key].value <= stats[key].ci_high
        assert stats[key].verdict == agreement.alpha_verdict(stats[key].value)
    rescaled = krippendorff.alpha(
        reliability_data=matrix.T, level_of_measurement="ratio"
    )
    assert abs(stats["alpha_ratio"].value - rescaled) > 1e-3
    complete_rows = int((~np.isnan(matrix).any(axis=1)).sum())
    assert overall.complete == complete_rows
    recordings = len(data)
    complete = sum(
        1
        for r in range(recordings)
        if not np.isnan(matrix[r * len(CRITERIA) : (r + 1) * len(CRITERIA)]).any()
    )
    assert (overall.units, overall.complete_units) == (recordings, complete)
    assert overall.headline.key == "icc_2_1"
    if name == "na-and-missing":
        assert complete < recordings


def test_deviation_in_levels(trainer, three_assessors):
    """One level above two agreeing assessors: +2/3 of a level (16.7 points
    of 100 on a five-level rubric), the others -1/3."""
    calibration = build(explicit(lambda lv, i: lv + 1), trainer, three_assessors)
    figures = selectors.calibration_report(calibration).per_assessor
    assert figures[2].deviation_levels == pytest.approx(2 / 3)
    assert figures[0].deviation_levels == pytest.approx(-1 / 3)


def test_report_page_shows_intervals_verdicts_and_headline(
    login, trainer, three_assessors
):
    """The page names the figure that answers "one sheet?", gives each
    statistic its interval and verdict, the n, the deviation in levels, and
    aligns the score matrix's headers with its numbers; in Chinese too."""
    calibration = build(
        dataset(seed=5, recordings=5, biases=(0, 0, 2)), trainer, three_assessors
    )
    report = selectors.calibration_report(calibration)
    url = reverse("training:calibration_report", args=[calibration.pk])
    html = login(trainer).get(url).content.decode()
    assert "Do our assessors agree on one sheet? ICC(2,1)" in html
    for s in report.overall.statistics:
        assert f'data-stat="{s.key}">{s.value:.3f}<' in html
        assert f"{s.ci_low:.2f} – {s.ci_high:.2f}" in html
        assert f'badge-{s.tone}">{s.verdict_label}<' in html
    assert "of 5 recordings complete" in html
    assert f"{report.per_assessor[2].deviation_levels:.2f} levels" in html
    for a in report.assessors:
        assert f'<th scope="col" class="num">{a.name}</th>' in html
    trainer.user.language = "zh-hans"
    trainer.user.save()
    html = login(trainer).get(url).content.decode()
    assert "评估人对同一张评分表的意见一致吗" in html
    assert "95% 区间" in html
    assert report.overall.headline.verdict in selectors.VERDICTS
    assert str(selectors.VERDICTS[report.overall.headline.verdict]) not in ("", None)


def test_report_api_gives_the_same_figures(login, trainer, three_assessors):
    """The API's report carries the ten statistics, intervals, verdicts, n
    and the deviation in levels, as the page does."""
    calibration = build(
        dataset(seed=4, recordings=4, missing={(0, 1)}), trainer, three_assessors
    )
    report = selectors.calibration_report(calibration)
    body = (
        login(trainer).get(f"/api/calibration-sessions/{calibration.pk}/report/").json()
    )
    overall = body["overall"]
    assert overall["headline"] == "icc_2_1"
    assert (overall["complete"], overall["units"], overall["complete_units"]) == (
        report.overall.complete,
        4,
        3,
    )
    by_key = {s["key"]: s for s in overall["statistics"]}
    for s in report.overall.statistics:
        got = by_key[s.key]
        assert (got["value"], got["ci_low"], got["ci_high"]) == pytest.approx(
            (s.value, s.ci_low, s.ci_high)
        )
        assert got["verdict"] == s.verdict and got["verdict_label"]
    assert [a["deviation_levels"] for a in body["assessors"]] == pytest.approx(
        [a.deviation_levels for a in report.per_assessor]
    )


def test_calibration_link_only_for_those_who_can_use_it(
    login, staff, manager, other_staff, trainer, hr
):
    """The role-play list links to calibration for trainers and HR (who run
    it), managers (who assess) and staff chosen to assess one; other staff
    never see it."""
    services.calibration_create(
        organiser=trainer,
        title="Calibration",
        rubric=calibration_rubric(),
        assessors=[manager, other_staff],
    )
    url = reverse("training:calibration_list")
    link = f'href="{url}"'

    def listed(who) -> bool:
        body = login(who).get(reverse("training:roleplay_list")).content.decode()
        return link in body

    assert not listed(staff)
    assert listed(trainer)
    assert listed(hr)
    assert listed(manager)
    assert listed(other_staff)  # staff chosen to assess a calibration
