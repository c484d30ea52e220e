import random

import pytest

from courses.scoring import (
    Criterion,
    InvalidResponse,
    Level,
    Matching,
    MultipleChoice,
    NotEnoughQuestions,
    Option,
    Ordering,
    PoolRule,
    QuestionResult,
    RubricSpec,
    SingleChoice,
    SituationalJudgement,
    TrueFalse,
    draw_questions,
    grade_attempts,
    grade_question,
    passed,
    quiz_score,
    score_rubric,
)

# The eight complaint-handling steps (domain.md), in the correct order.
COMPLAINT_STEPS = (
    "record",
    "judge_validity",
    "assign_department",
    "analyse_cause",
    "propose_resolution",
    "supervisor_approval",
    "carry_out_and_inform",
    "review",
)

# "Which are parts of service recovery?" 1, 2, 3 right; 4, 5 wrong.
RECOVERY = MultipleChoice(
    options=(
        Option(1, 1 / 3),  # apologise
        Option(2, 1 / 3),  # compensate
        Option(3, 1 / 3),  # fix quickly
        Option(4, -0.5),  # argue with the customer
        Option(5, -0.5),  # wait for the customer to complain again
    )
)


# --- single choice and true/false --------------------------------------------


def test_single_choice_correct_option_scores_one():
    """Choosing the correct single-choice option scores 1 and is correct."""
    q = SingleChoice(options=(10, 11, 12), correct=11)
    assert grade_question(q, 11) == QuestionResult(score=1.0, correct=True)


def test_single_choice_wrong_option_scores_zero():
    """Choosing a wrong single-choice option scores 0."""
    q = SingleChoice(options=(10, 11, 12), correct=11)
    assert grade_question(q, 12) == QuestionResult(score=0.0, correct=False)


def test_single_choice_accepts_string_ids():
    """Option ids may be strings (e.g. StreamField block UUIDs)."""
    q = SingleChoice(options=("a", "b"), correct="b")
    assert grade_question(q, "b").correct


@pytest.mark.parametrize("response", [99, True, None, [11], 1.5])
def test_single_choice_rejects_unknown_or_mistyped_ids(response):
    """An unknown option id or a non-id value raises InvalidResponse."""
    q = SingleChoice(options=(10, 11, 12), correct=11)
    with pytest.raises(InvalidResponse):
        grade_question(q, response)


def test_single_choice_spec_needs_correct_among_options():
    """A single-choice spec whose correct id is not an option is rejected."""
    with pytest.raises(ValueError):
        SingleChoice(options=(1, 2), correct=3)


def test_true_false_scores_match_with_answer():
    """True/false scores 1 when the response equals the answer, else 0."""
    q = TrueFalse(answer=False)  # "Silence means the customer is satisfied."
    assert grade_question(q, False).score == 1.0
    assert grade_question(q, True).score == 0.0


@pytest.mark.parametrize("response", ["false", 0, None])
def test_true_false_rejects_non_bool(response):
    """A true/false response that is not a bool raises InvalidResponse."""
    with pytest.raises(InvalidResponse):
        grade_question(TrueFalse(answer=True), response)


# --- multiple choice -----------------------------------------------------------


def test_multiple_choice_all_correct_options_score_full():
    """Choosing exactly the correct options earns full credit."""
    result = grade_question(RECOVERY, [1, 2, 3])
    assert result == QuestionResult(score=1.0, correct=True)


def test_multiple_choice_partial_credit_sums_fractions():
    """Choosing some correct options earns the sum of their fractions."""
    assert grade_question(RECOVERY, [1, 2]).score == pytest.approx(2 / 3)


def test_multiple_choice_wrong_choice_subtracts():
    """A wrong option's negative fraction is subtracted from the credit."""
    result = grade_question(RECOVERY, [1, 2, 3, 4])
    assert result.score == pytest.approx(0.5)
    assert not result.correct


def test_multiple_choice_choosing_all_options_is_not_full_credit():
    """Ticking every option cannot earn full credit when some are wrong."""
    result = grade_question(RECOVERY, [1, 2, 3, 4, 5])
    assert result.score == 0.0
    assert not result.correct


def test_multiple_choice_no_options_chosen_scores_zero():
    """An empty selection is valid and scores 0."""
    assert grade_question(RECOVERY, []).score == 0.0


def test_multiple_choice_score_is_clamped_at_zero():
    """Only wrong options chosen clamps the score to 0, never negative."""
    assert grade_question(RECOVERY, [4, 5]).score == 0.0


def test_multiple_choice_accepts_a_set():
    """The selection may be given as a set of ids."""
    assert grade_question(RECOVERY, {3, 1, 2}).correct


@pytest.mark.parametrize("response", [[1, 1], [1, 9], "123", 1, {1: True}, [True]])
def test_multiple_choice_rejects_malformed_selection(response):
    """Duplicates, unknown ids, strings, scalars and mappings are invalid."""
    with pytest.raises(InvalidResponse):
        grade_question(RECOVERY, response)


@pytest.mark.parametrize(
    "options",
    [
        (Option(1, 0.5), Option(2, 0.5), Option(3, 0.0)),  # wrong option free
        (Option(1, 0.5), Option(2, 0.4), Option(3, -1)),  # positives sum 0.9
        (Option(1, 1), Option(1, -1)),  # duplicate ids
    ],
)
def test_multiple_choice_spec_rejects_bad_fractions(options):
    """Zero-credit wrong options, positives not summing to 1, duplicates fail."""
    with pytest.raises(ValueError):
        MultipleChoice(options=options)


# --- situational judgement -----------------------------------------------------


def test_situational_judgement_scores_option_weight():
    """A situational-judgement answer scores the chosen option's weight."""
    q = SituationalJudgement(
        options=(
            Option("apologise_and_fix", 1.0),
            Option("refer_to_manager", 0.5),
            Option("explain_policy", 0.2),
            Option("ignore", 0.0),
        )
    )
    assert grade_question(q, "refer_to_manager") == QuestionResult(0.5, False)
    assert grade_question(q, "apologise_and_fix").correct
    with pytest.raises(InvalidResponse):
        grade_question(q, "shout")


def test_situational_judgement_spec_rejects_weight_above_one():
    """Situational-judgement weights must lie in [0, 1]."""
    with pytest.raises(ValueError):
        SituationalJudgement(options=(Option(1, 1.5),))


# --- ordering ----------------------------------------------------------------------

STEPS = Ordering(items=COMPLAINT_STEPS)


def test_ordering_full_complaint_process_scores_one():
    """The eight complaint steps in the correct order score 1."""
    assert grade_question(STEPS, list(COMPLAINT_STEPS)).correct


def test_ordering_reversed_complaint_process_scores_zero():
    """The eight complaint steps reversed score 0."""
    assert grade_question(STEPS, list(reversed(COMPLAINT_STEPS))).score == 0.0


def test_ordering_one_adjacent_swap_loses_three_of_seven_pairs():
    """Swapping steps 3 and 4 breaks pairs 2-3, 3-4 and 4-5: score 4/7."""
    order = list(COMPLAINT_STEPS)
    order[2], order[3] = order[3], order[2]
    result = grade_question(STEPS, order)
    assert result.score == pytest.approx(4 / 7)
    assert not result.correct


def test_ordering_moving_first_step_to_end_loses_one_pair():
    """Moving 'record' to the end keeps 6 of the 7 next-item pairs."""
    order = list(COMPLAINT_STEPS[1:]) + [COMPLAINT_STEPS[0]]
    assert grade_question(STEPS, order).score == pytest.approx(6 / 7)


@pytest.mark.parametrize(
    "response",
    [
        list(COMPLAINT_STEPS[:-1]),  # missing a step
        list(COMPLAINT_STEPS) + ["celebrate"],  # unknown step
        list(COMPLAINT_STEPS[:-1]) + ["record"],  # duplicate step
        "record",  # not a list
    ],
)
def test_ordering_rejects_non_permutations(response):
    """An ordering response must be a permutation of the item ids."""
    with pytest.raises(InvalidResponse):
        grade_question(STEPS, response)


# --- matching ------------------------------------------------------------------

# SERVQUAL item -> dimension.
SERVQUAL = Matching(
    pairs={1: "tangibles", 5: "reliability", 10: "responsiveness", 18: "empathy"},
    distractors=frozenset({"profitability"}),
)


def test_matching_all_correct_scores_one():
    """Every prompt matched to its answer scores 1."""
    response = {1: "tangibles", 5: "reliability", 10: "responsiveness", 18: "empathy"}
    assert grade_question(SERVQUAL, response).correct


def test_matching_scores_share_of_correct_prompts():
    """The score is the share of prompts matched correctly (distractor = wrong)."""
    response = {1: "tangibles", 5: "profitability", 10: "empathy", 18: "empathy"}
    assert grade_question(SERVQUAL, response).score == pytest.approx(0.5)


def test_matching_unanswered_prompt_earns_nothing():
    """A prompt left unanswered counts as wrong, not as invalid."""
    assert grade_question(SERVQUAL, {1: "tangibles"}).score == pytest.approx(0.25)


@pytest.mark.parametrize(
    "response",
    [{99: "tangibles"}, {1: "assurance"}, [(1, "tangibles")], {"1": "tangibles"}],
)
def test_matching_rejects_unknown_prompts_answers_and_shapes(response):
    """Unknown prompt or answer ids and non-mapping responses are invalid."""
    with pytest.raises(InvalidResponse):
        grade_question(SERVQUAL, response)


# --- quiz grades -------------------------------------------------------------------


def test_quiz_score_is_weighted_percent():
    """The quiz percent weights each question's score by its weight."""
    assert quiz_score([(2, 1.0), (1, 0.5), (1, 0.0)]) == pytest.approx(62.5)


def test_quiz_score_rejects_zero_total_weight_and_bad_scores():
    """No positive weight, negative weights or scores outside [0, 1] fail."""
    for results in ([], [(0, 1.0)], [(-1, 1.0), (2, 1.0)], [(1, 1.5)]):
        with pytest.raises(ValueError):
            quiz_score(results)


def test_passed_at_exactly_the_pass_mark():
    """Reaching the pass mark exactly passes, even with float noise."""
    assert passed(80.0, 80)
    assert passed(100 * (0.2 + 0.7), 90)  # 89.99999999999999
    assert not passed(79.99, 80)


@pytest.mark.parametrize(
    ("method", "expected"), [("highest", 90.0), ("last", 70.0), ("average", 70.0)]
)
def test_grade_attempts_methods(method, expected):
    """Highest, last and average attempt grading over chronological attempts."""
    assert grade_attempts([50.0, 90.0, 70.0], method) == pytest.approx(expected)


def test_grade_attempts_without_attempts_is_none():
    """No attempts yet gives no grade."""
    assert grade_attempts([], "highest") is None


def test_grade_attempts_rejects_unknown_method():
    """An unknown grading method raises ValueError."""
    with pytest.raises(ValueError):
        grade_attempts([50.0], "first")


# --- random draws ------------------------------------------------------------------


def _bank(tag, ids, difficulty=2):
    return [(i, {tag}, difficulty) for i in ids]


COMPLAINT_POOL = PoolRule(
    tag="complaints",
    count=3,
    min_difficulty=1,
    candidates=_bank("complaints", range(100, 120)),
)
LISTENING_POOL = PoolRule(
    tag="listening",
    count=2,
    min_difficulty=1,
    candidates=_bank("listening", range(200, 210)),
)


def _draw(seed, shuffle=False, pools=(COMPLAINT_POOL, LISTENING_POOL), fixed=(1, 2)):
    rng = random.Random(seed)
    return draw_questions(
        fixed=list(fixed), pools=list(pools), rng=rng, shuffle=shuffle
    )


def test_draw_is_deterministic_for_a_seed():
    """The same seed draws the same questions in the same order."""
    assert _draw(42, shuffle=True) == _draw(42, shuffle=True)
    assert _draw(42) != _draw(43)


def test_draw_ignores_candidate_order():
    """Candidate order (e.g. from the database) does not change the draw."""
    reordered = PoolRule(
        tag="complaints",
        count=3,
        min_difficulty=1,
        candidates=list(reversed(COMPLAINT_POOL.candidates)),
    )
    assert _draw(7, pools=[COMPLAINT_POOL]) == _draw(7, pools=[reordered])


def test_draw_puts_fixed_questions_first_without_shuffle():
    """Without shuffle, fixed questions come first, then each pool's draw."""
    drawn = _draw(1)
    assert drawn[:2] == [1, 2]
    assert all(100 <= q < 120 for q in drawn[2:5])
    assert all(200 <= q < 210 for q in drawn[5:])


def test_draw_shuffle_keeps_the_same_questions():
    """Shuffling reorders the whole list without changing its contents."""
    assert sorted(_draw(5, shuffle=True)) == sorted(_draw(5, shuffle=False))


def test_draw_never_duplicates_fixed_or_drawn_questions():
    """Overlapping pools and fixed questions never yield a duplicate."""
    shared = [(i, {"complaints", "recovery"}, 3) for i in range(1, 7)]
    pools = [
        PoolRule("complaints", 2, 1, shared),
        PoolRule("recovery", 2, 1, shared),
    ]
    for seed in range(50):
        drawn = _draw(seed, pools=pools, fixed=[1, 2])
        assert len(drawn) == len(set(drawn)) == 6


def test_draw_filters_by_tag_and_min_difficulty():
    """Only candidates with the tag and at least the minimum difficulty are drawn."""
    candidates = [
        (1, {"listening"}, 1),
        (2, {"listening"}, 3),
        (3, {"listening"}, 4),
        (4, {"greeting"}, 5),
    ]
    pool = PoolRule("listening", 2, 3, candidates)
    for seed in range(20):
        assert sorted(_draw(seed, pools=[pool], fixed=[])) == [2, 3]


def test_draw_raises_when_pool_too_small():
    """A pool with fewer eligible questions than its count raises clearly."""
    pool = PoolRule("listening", 3, 1, _bank("listening", [1, 2, 3]))
    with pytest.raises(NotEnoughQuestions, match="'listening'.*3.*only 2"):
        _draw(0, pools=[pool], fixed=[3])


def test_draw_rejects_duplicate_fixed_questions():
    """Duplicate fixed question ids are a configuration error."""
    with pytest.raises(ValueError):
        _draw(0, pools=[], fixed=[1, 1])


# --- rubrics -----------------------------------------------------------------------


def _levels(*points):
    return tuple(Level(f"L{p}", p) for p in points)


# A complaint-handling role-play rubric.
GREETING = Criterion("greeting", 1, _levels(0, 1, 2))
LISTENING = Criterion("listening", 2, _levels(1, 2, 3, 4))
APOLOGY = Criterion(
    "apology", 1, _levels(0, 1, 2, 3), critical=True, pass_level_points=2
)
SURPRISE = Criterion("surprise", 1, _levels(0, 1), allow_na=True)
RUBRIC = RubricSpec(criteria=(GREETING, LISTENING, APOLOGY, SURPRISE), pass_mark=70)
PERFECT = {"greeting": "L2", "listening": "L4", "apology": "L3", "surprise": "L1"}


def test_rubric_perfect_sheet_scores_100_and_passes():
    """Top level on every criterion gives 100 percent and a pass."""
    result = score_rubric(RUBRIC, PERFECT)
    assert result.percent == pytest.approx(100)
    assert result.passed and result.failed_critical == []


def test_rubric_weights_and_point_scales_are_normalised():
    """Each criterion is normalised to its own scale, then weighted."""
    scores = {"greeting": "L1", "listening": "L2", "apology": "L3", "surprise": "L0"}
    # greeting 1/2 x1, listening 1/3 x2, apology 1 x1, surprise 0 x1 -> /5
    expected = 100 * (0.5 + 2 / 3 + 1 + 0) / 5
    result = score_rubric(RUBRIC, scores)
    assert result.percent == pytest.approx(expected)
    assert not result.passed  # below the 70 pass mark


def test_rubric_na_is_dropped_from_both_sums():
    """An N/A criterion counts in neither the numerator nor the denominator."""
    scores = dict(PERFECT, surprise=None, greeting="L0")
    assert score_rubric(RUBRIC, scores).percent == pytest.approx(100 * 3 / 4)


def test_rubric_na_not_allowed_is_invalid():
    """N/A on a criterion that does not allow it raises InvalidResponse."""
    with pytest.raises(InvalidResponse, match="N/A"):
        score_rubric(RUBRIC, dict(PERFECT, listening=None))


def test_rubric_all_na_is_invalid():
    """A sheet where every criterion is N/A cannot be scored."""
    rubric = RubricSpec(criteria=(SURPRISE,), pass_mark=50)
    with pytest.raises(InvalidResponse):
        score_rubric(rubric, {"surprise": None})


@pytest.mark.parametrize(
    "scores",
    [
        {k: v for k, v in PERFECT.items() if k != "greeting"},  # missing criterion
        dict(PERFECT, smile="L1"),  # unknown criterion
        dict(PERFECT, greeting="L9"),  # unknown level
        dict(PERFECT, greeting=2),  # level points, not a level id
    ],
)
def test_rubric_rejects_missing_unknown_criteria_and_levels(scores):
    """Missing or unknown criteria and unknown levels raise InvalidResponse."""
    with pytest.raises(InvalidResponse):
        score_rubric(RUBRIC, scores)


def test_rubric_critical_failure_fails_despite_high_percent():
    """A critical criterion below its pass level fails the sheet anyway."""
    result = score_rubric(RUBRIC, dict(PERFECT, apology="L1"))
    assert result.percent > 70
    assert not result.passed
    assert result.failed_critical == ["apology"]


def test_rubric_critical_at_pass_level_is_not_failed():
    """Scoring a critical criterion exactly at its pass level does not fail it."""
    result = score_rubric(RUBRIC, dict(PERFECT, apology="L2"))
    assert result.failed_critical == [] and result.passed


def test_rubric_critical_na_does_not_fail():
    """A critical criterion marked N/A (where allowed) is not a failure."""
    crit = Criterion("recovery", 1, _levels(0, 1), True, True, pass_level_points=1)
    rubric = RubricSpec(criteria=(GREETING, crit), pass_mark=50)
    result = score_rubric(rubric, {"greeting": "L2", "recovery": None})
    assert result.passed and result.percent == pytest.approx(100)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"weight": 0, "levels": _levels(0, 1)},
        {"weight": 1, "levels": _levels(1)},
        {"weight": 1, "levels": _levels(2, 1)},
        {"weight": 1, "levels": _levels(0, 1), "critical": True},
    ],
)
def test_rubric_criterion_spec_validation(kwargs):
    """Bad weights, too few or falling levels, critical without pass level fail."""
    with pytest.raises(ValueError):
        Criterion("c", **kwargs)
