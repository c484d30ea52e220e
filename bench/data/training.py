"""Scale data for training, with INSERT ... SELECT and COPY (never the ORM row
by row):

- enrolments: every staff member in `per` courses (enough for about two
  attempts per started enrolment); every learner has started ones;
- `scale.quiz_attempts` finished quiz attempts (500,000 at full scale) with one
  answer row per question (5,000,000), each a real option id, scored; an
  enrolment's grade, pass time, progress and completion follow from its
  attempts the way training.services computes them, with its lessons viewed;
- a certificate for every completed enrolment, feedback on 40 % of them;
- `scale.roleplays` submitted role-play assessments (20,000), four learners
  to a session scored by their store's manager on the bench rubric, each with
  its four criterion scores and the percent courses.scoring.score_rubric gives.

Survey (customer-voice) responses are not generated: the repository has no
model for them. Customer voice enters as aggregated metric observations
(csat, nps, SERVQUAL gaps: performance.builtins), which bench/data/performance.py
generates with the other metrics.
"""

import datetime as dt
import json
import math
import random
from itertools import product

from django.db import connection
from django.utils import timezone

from . import Context, copy_rows, execute, has_models, reset_sequence

NEEDS = ("people", "courses")
CORRECT_SHARE = 65  # % of answers that are right; pass mark 60 % of 10 questions

FUNCTIONS = """
CREATE FUNCTION bench_ok(a bigint, p int) RETURNS boolean
  LANGUAGE sql IMMUTABLE AS
  $$ SELECT abs(hashint8(a * 64 + p)) % 100 < {share}
       OR (a <= {forced} AND a % {per_enrolment} = 0) $$;
CREATE FUNCTION bench_percent(a bigint, q int) RETURNS numeric
  LANGUAGE sql IMMUTABLE AS
  $$ SELECT round(100.0 * count(*) FILTER (WHERE bench_ok(a, p)) / q, 2)
     FROM generate_series(0, q - 1) p $$;
"""


def ready() -> str | None:
    return has_models(
        "training.Enrollment",
        "training.QuizAttempt",
        "training.AttemptAnswer",
        "training.RolePlayAssessment",
        "training.CriterionScore",
    )


def _content(ctx: Context) -> None:
    """Temp tables of the courses (with their quiz plan and lesson keys) and
    the quiz questions with a right and a wrong option id each."""
    from courses.models import CoursePage, LessonPage, QuizQuestion

    execute(
        "CREATE TEMP TABLE bench_course (k int, course_id int, quiz_id int,"
        " plan jsonb, lessons uuid[]);"
        "CREATE TEMP TABLE bench_question (quiz_id int, pos int, question_id int,"
        " correct text, wrong text);"
        "CREATE TEMP TABLE bench_staff AS SELECT (row_number() OVER (ORDER BY id)"
        " - 1)::int AS s, id, store_id FROM people_employee"
        " WHERE manager_id IS NOT NULL;"
        "CREATE UNIQUE INDEX ON bench_staff (s);"
    )
    courses = list(CoursePage.objects.order_by("path"))
    for k, course in enumerate(courses):
        fixed = list(
            QuizQuestion.objects.filter(quiz_id=course.quiz_id)
            .select_related("question")
            .order_by("sort_order")
        )
        plan = [{"question_id": f.question_id, "weight": 1.0} for f in fixed]
        lessons = [
            str(key)
            for key in LessonPage.objects.child_of(course).values_list(
                "translation_key", flat=True
            )
        ]
        execute(
            "INSERT INTO bench_course VALUES (%s, %s, %s, %s, %s::uuid[])",
            [k, course.pk, course.quiz_id, json.dumps(plan), lessons],
        )
        for pos, f in enumerate(fixed):
            options = f.question.option_values
            correct = next(oid for oid, v in options if v["credit"] >= 1)
            wrong = next(oid for oid, v in options if v["credit"] < 1)
            execute(
                "INSERT INTO bench_question VALUES (%s, %s, %s, %s, %s)",
                [course.quiz_id, pos, f.question_id, correct, wrong],
            )
    ctx.facts.setdefault("training", {})["courses"] = len(courses)


def _learning(ctx: Context) -> None:
    scale = ctx.scale
    with connection.cursor() as cur:
        cur.execute("SELECT count(*) FROM bench_staff")
        staff = cur.fetchone()[0]
    courses = ctx.facts["training"]["courses"]
    attempts = scale.quiz_attempts
    q = scale.questions_per_quiz
    per = min(courses, max(1, math.ceil(attempts / (staff * 2))))
    enrolments = staff * per
    per_enrolment = math.ceil(attempts / enrolments)
    started = math.ceil(attempts / per_enrolment)
    params = {
        "E": enrolments,
        "staff": staff,
        "nc": courses,
        "A": per_enrolment,
        "N": attempts,
        "started": started,
        "q": q,
    }
    # Right or wrong by a hash of (attempt, position); except that every
    # learner's first enrolment's last attempt is all right, so every learner
    # has a certificate (the certificate targets need one each).
    execute(
        FUNCTIONS.format(
            share=CORRECT_SHARE,
            forced=staff * per_enrolment,
            per_enrolment=per_enrolment,
        )
    )
    # Enrolment e: staff (e-1)%staff, course slot (e-1)/staff, so every
    # learner has started ones and not-started ones come last; attempts
    # (e-1)*A+1 .. e*A (the last started one may have fewer). Attempt n starts
    # n days after the enrolment and takes 12 minutes.
    execute(
        """
        WITH en AS (
          SELECT e, st.id AS employee_id, c.course_id,
                 cardinality(c.lessons) AS lessons,
                 now() - (abs(hashint8(e)) %% 300 + 10) * interval '1 day' AS t0,
                 CASE WHEN e <= %(started)s
                      THEN least(%(A)s, %(N)s - (e - 1) * %(A)s) ELSE 0 END AS n_att
          FROM generate_series(1, %(E)s) e
          JOIN bench_staff st ON st.s = (e - 1) %% %(staff)s
          JOIN bench_course c ON c.k = (st.s + (e - 1) / %(staff)s) %% %(nc)s
        ), graded AS (
          SELECT en.*, g.grade, g.first_pass FROM en LEFT JOIN LATERAL (
            SELECT max(bench_percent((e - 1) * %(A)s + n, %(q)s)) AS grade,
                   min(t0 + n * interval '1 day' + interval '12 minutes')
                     FILTER (WHERE bench_percent((e - 1) * %(A)s + n, %(q)s) >= 60)
                     AS first_pass
            FROM generate_series(1, n_att) n
          ) g ON n_att > 0
        )
        INSERT INTO training_enrollment (id, employee_id, course_id, source,
          due_date, is_current, created_at, started_at, completed_at,
          progress_percent, quiz_grade, quiz_passed_at)
        SELECT e, employee_id, course_id, 'assigned', (t0 + interval '30 days')::date,
          true, t0, CASE WHEN n_att > 0 THEN t0 + interval '1 day' - interval '1 hour' END,
          first_pass,
          CASE WHEN first_pass IS NOT NULL THEN 100
               WHEN n_att > 0 THEN (100 * lessons / (lessons + 1))::int ELSE 0 END,
          grade, first_pass
        FROM graded
        """,
        params,
    )
    execute(
        """
        INSERT INTO training_lessonprogress (enrollment_id, lesson_key, completed_at)
        SELECT e.id, unnest(c.lessons), e.started_at
        FROM training_enrollment e JOIN bench_course c ON c.course_id = e.course_id
        WHERE e.started_at IS NOT NULL
        """
    )
    execute(
        """
        INSERT INTO training_quizattempt (id, enrollment_id, quiz_id, number, status,
          seed, plan, started_at, deadline, finished_at, closed_by_timeout, percent,
          passed)
        SELECT a, en.id, c.quiz_id, (a - 1) %% %(A)s + 1, 'finished',
          abs(hashint8(a)), c.plan, st, st + interval '60 minutes',
          st + interval '12 minutes', false, bench_percent(a, %(q)s),
          bench_percent(a, %(q)s) >= 60
        FROM generate_series(1, %(N)s) a
        JOIN training_enrollment en ON en.id = (a - 1) / %(A)s + 1
        JOIN bench_course c ON c.course_id = en.course_id
        CROSS JOIN LATERAL (SELECT en.created_at
          + ((a - 1) %% %(A)s + 1) * interval '1 day' AS st) t
        """,
        params,
    )
    execute(
        """
        INSERT INTO training_attemptanswer (attempt_id, question_id, position,
          weight, response, saved_at, score)
        SELECT a.id, qq.question_id, qq.pos, 1,
          to_jsonb(CASE WHEN bench_ok(a.id, qq.pos) THEN qq.correct ELSE qq.wrong END),
          a.finished_at, CASE WHEN bench_ok(a.id, qq.pos) THEN 1 ELSE 0 END
        FROM training_quizattempt a
        JOIN bench_question qq ON qq.quiz_id = a.quiz_id
        """
    )
    execute(
        """
        INSERT INTO training_certificate (enrollment_id, employee_id, course_id,
          code, issued_at, expires_at, revoked_reason)
        SELECT id, employee_id, course_id,
          upper(substr(md5(id::text || ':' || random()::text), 1, 16)),
          completed_at, completed_at + interval '24 months', ''
        FROM training_enrollment WHERE completed_at IS NOT NULL;
        INSERT INTO training_coursefeedback (enrollment_id, rating, comment, created_at)
        SELECT id, 3 + abs(hashint8(id)) % 3, '', completed_at + interval '1 hour'
        FROM training_enrollment
        WHERE completed_at IS NOT NULL AND abs(hashint8(id + 7)) % 10 < 4;
        DROP FUNCTION bench_percent(bigint, int);
        DROP FUNCTION bench_ok(bigint, int);
        """
    )
    for table in (
        "training_enrollment",
        "training_quizattempt",
        "training_attemptanswer",
        "training_lessonprogress",
        "training_certificate",
        "training_coursefeedback",
    ):
        reset_sequence(table)
    ctx.facts["training"].update(
        enrolments=enrolments, courses_per_learner=per, attempts=attempts
    )


def _roleplays(ctx: Context) -> None:
    """Sessions of four learners of one store, scored by its manager."""
    from courses.models import RubricVersion
    from courses.scoring import score_rubric
    from courses.selectors import rubric_spec

    facts = ctx.facts["courses"]
    version = RubricVersion.objects.get(pk=facts["rubric_version"])
    spec = rubric_spec(version)
    criteria = [(c.id, [lv for lv in c.levels]) for c in spec.criteria]
    # Every combination of levels, scored once by the real scoring code.
    results = {}
    for combo in product(*(range(len(levels)) for _, levels in criteria)):
        scores = {
            cid: levels[i].id for (cid, levels), i in zip(criteria, combo, strict=True)
        }
        results[combo] = score_rubric(spec, scores)
    with connection.cursor() as cur:
        cur.execute(
            "SELECT store_id, array_agg(id ORDER BY id) FROM bench_staff"
            " GROUP BY store_id"
        )
        by_store = dict(cur.fetchall())
    stores = sorted(by_store)
    rng = random.Random(ctx.seed)
    now = timezone.now()
    total = ctx.scale.roleplays
    sessions, learners, assessors, sheets, scores = [], [], [], [], []
    sheet_id = score_id = 0
    for j in range(math.ceil(total / 4)):
        sid = j + 1
        store = stores[j % len(stores)]
        staff = by_store[store]
        start = (j // len(stores)) * 4
        group = [staff[(start + i) % len(staff)] for i in range(4)]
        group = list(dict.fromkeys(group))[: total - sheet_id]
        when = now - dt.timedelta(days=1 + j % 365, hours=j % 9)
        manager = store  # bench people: a store's manager has the store's id
        sessions.append(
            (
                sid,
                facts["scenario"],
                None,
                manager,
                None,
                when,
                f"第{store}号门店",
                False,
                None,
                "completed",
                None,
                when,
            )
        )
        assessors.append((sid, manager))
        for learner in group:
            learners.append((sid, learner))
            combo = tuple(
                min(
                    len(levels) - 1,
                    int(rng.triangular(0, len(levels), len(levels) - 0.5)),
                )
                for _, levels in criteria
            )
            result = results[combo]
            sheet_id += 1
            sheets.append(
                (
                    sheet_id,
                    "assessor",
                    sid,
                    learner,
                    manager,
                    version.pk,
                    "submitted",
                    "",
                    round(result.percent, 2),
                    result.passed,
                    json.dumps(result.failed_critical),
                    when,
                    when,
                )
            )
            for (cid, levels), i in zip(criteria, combo, strict=True):
                score_id += 1
                scores.append(
                    (score_id, sheet_id, cid, levels[i].id, levels[i].points, "")
                )
    copy_rows(
        "training_roleplaysession",
        [
            "id",
            "scenario_id",
            "course_id",
            "organiser_id",
            "second_assessor_id",
            "scheduled_at",
            "location",
            "remote",
            "peer_deadline",
            "status",
            "redo_of_id",
            "created_at",
        ],
        sessions,
    )
    copy_rows(
        "training_roleplaysession_learners",
        ["roleplaysession_id", "employee_id"],
        learners,
    )
    copy_rows(
        "training_roleplaysession_assessors",
        ["roleplaysession_id", "employee_id"],
        assessors,
    )
    copy_rows(
        "training_roleplayassessment",
        [
            "id",
            "kind",
            "session_id",
            "learner_id",
            "assessor_id",
            "rubric_version_id",
            "status",
            "overall_comment",
            "percent",
            "passed",
            "failed_critical",
            "submitted_at",
            "created_at",
        ],
        sheets,
    )
    copy_rows(
        "training_criterionscore",
        ["id", "assessment_id", "criterion_id", "level_id", "points", "comment"],
        scores,
    )
    for table in (
        "training_roleplaysession",
        "training_roleplayassessment",
        "training_criterionscore",
    ):
        reset_sequence(table)
    ctx.facts["training"]["roleplays"] = sheet_id


def generate(ctx: Context) -> None:
    _content(ctx)
    _learning(ctx)
    _roleplays(ctx)
