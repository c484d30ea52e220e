"""Survey responses at scale (`scale.survey_responses`: 100,000 full, 2,000
small), generated in SQL by bench/data/performance.py: per store a SERVQUAL
and an NPS survey by open link and a CSAT survey naming one employee; three
in five responses are SERVQUAL (22 answers each), one NPS, one CSAT, spread
over the observation period. Each SERVQUAL response's stored gaps are what
performance.voice.scoring computes from its answers (the test checks)."""

from . import execute

KIND_OF = "CASE i %% 5 WHEN 3 THEN 'nps' WHEN 4 THEN 'csat' ELSE 'servqual' END"
DIMENSIONS = ("tangibles", "reliability", "responsiveness", "assurance", "empathy")


def generate(ctx, first, days: int) -> None:
    execute(
        """
        INSERT INTO performance_survey (code, name, name_en, version_id, store_id,
          employee_id, access, anonymous, is_active, created_at)
        SELECT 'b' || s.id || v.kind, v.title, v.title_en, v.id, s.id,
          CASE WHEN v.kind = 'csat' THEN
            (SELECT min(e.id) FROM people_employee e WHERE e.store_id = s.id) END,
          'open', false, true, now()
        FROM people_store s
        JOIN performance_questionnaireversion v
          ON v.version = 1 AND v.code IN ('servqual-classic', 'nps', 'csat')
        """
    )
    execute(
        f"""
        WITH sv AS (
          SELECT s.id, s.store_id, s.employee_id, v.kind,
                 row_number() OVER (PARTITION BY v.kind ORDER BY s.id) - 1 AS k,
                 count(*) OVER (PARTITION BY v.kind) AS n
          FROM performance_survey s
          JOIN performance_questionnaireversion v ON v.id = s.version_id
          WHERE s.code LIKE 'b%%'
        ), g AS (
          SELECT i, {KIND_OF} AS kind,
                 %s::date + (abs(hashint4(i * 7)) %% %s) AS day
          FROM generate_series(1, %s) i
        )
        INSERT INTO performance_surveyresponse (survey_id, store_id, employee_id,
          kind, transaction_ref, submitted_on, submitted_at, submission_key,
          language, comment, rating)
        SELECT sv.id, sv.store_id, sv.employee_id, g.kind, '', g.day,
          g.day + interval '12 hours', 'bench-' || g.i,
          CASE WHEN g.i %% 3 = 0 THEN 'en' ELSE 'zh-hans' END, '',
          CASE g.kind WHEN 'nps' THEN abs(hashint4(g.i)) %% 11
                      WHEN 'csat' THEN 1 + abs(hashint4(g.i)) %% 5 END
        FROM g JOIN sv ON sv.kind = g.kind AND sv.k = (g.i / 5) %% sv.n
        """,
        [first, days, ctx.scale.survey_responses],
    )
    execute(
        """
        INSERT INTO performance_surveyanswer (response_id, item_id, expectation,
          perception)
        SELECT r.id, it.id, 4 + abs(hashint8(r.id * 32 + it.number)) % 4,
               1 + abs(hashint8(r.id * 32 + it.number + 7)) % 7
        FROM performance_surveyresponse r
        JOIN performance_survey s ON s.id = r.survey_id
        JOIN performance_questionnaireitem it ON it.version_id = s.version_id
        WHERE r.kind = 'servqual'
        """
    )
    # Reverse-scored items: (8 − P) − (8 − E) = E − P.
    dims = ", ".join(
        f"avg(CASE WHEN it.reversed THEN a.expectation - a.perception"
        f" ELSE a.perception - a.expectation END)"
        f" FILTER (WHERE it.dimension = '{d}') AS {d}"
        for d in DIMENSIONS
    )
    sets = ", ".join(f"gap_{d} = g.{d}" for d in DIMENSIONS)
    execute(
        f"""
        UPDATE performance_surveyresponse r SET {sets},
          gap_overall = ({" + ".join(f"g.{d}" for d in DIMENSIONS)}) / 5.0
        FROM (SELECT a.response_id, {dims}
              FROM performance_surveyanswer a
              JOIN performance_questionnaireitem it ON it.id = a.item_id
              GROUP BY a.response_id) g
        WHERE r.id = g.response_id
        """
    )
    ctx.facts["surveys"] = {"responses": ctx.scale.survey_responses}
