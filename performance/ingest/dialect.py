"""SQL snippets that differ between PostgreSQL and SQLite: parsing numbers and
dates from staged text, and (for files staged raw) the clean-up Python would
otherwise have done while reading."""

NUMBER_RE = (
    r"^[-+]?([0-9]{1,15}([.][0-9]{0,15})?|[.][0-9]{1,15})([eE][-+]?[0-9]{1,2})?$"
)
COUNT_RE = r"^[0-9]{1,9}$"
DATE_RE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
# 2024/1/5, 2024.1.5, 2024-1-5: one separator, as normalise_date accepts.
LOOSE_DATE_RE = r"^([0-9]{4})([-/.])([0-9]+)\2([0-9]+)$"
# What str.strip() removes, so raw-staged values trim as parsed ones do.
WHITESPACE = "".join(chr(c) for c in range(0x3001) if chr(c).isspace())


class Dialect:
    def __init__(self, vendor: str):
        self.pg = vendor == "postgresql"
        self.distinct = "IS DISTINCT FROM" if self.pg else "IS NOT"

    def matches(self, expr: str, pattern: str) -> str:
        pattern = pattern.replace("'", "''")
        # Django registers a REGEXP function on every SQLite connection.
        op = "~" if self.pg else "REGEXP"
        return f"({expr} {op} '{pattern}')"

    def number(self, expr: str) -> str:
        cast = "double precision" if self.pg else "REAL"
        return (
            f"CASE WHEN {self.matches(expr, NUMBER_RE)} THEN CAST({expr} AS {cast}) END"
        )

    def count(self, expr: str) -> str:
        return (
            f"CASE WHEN {self.matches(expr, COUNT_RE)} THEN CAST({expr} AS INTEGER) END"
        )

    def date(self, expr: str) -> str:
        if not self.pg:
            # Through julianday() 2023-02-30 becomes 2023-03-02: compare back.
            return (
                f"CASE WHEN {self.matches(expr, DATE_RE)} "
                f"AND date(julianday({expr})) = {expr} THEN {expr} END"
            )
        # PostgreSQL 15 has no pg_input_is_valid(); nested CASEs guarantee the
        # cast only sees valid dates (an AND would not fix evaluation order).
        y, m, d = (
            f"CAST(substr({expr}, 1, 4) AS integer)",
            f"CAST(substr({expr}, 6, 2) AS integer)",
            f"CAST(substr({expr}, 9, 2) AS integer)",
        )
        last_day = (
            f"CAST(extract(day from make_date({y}, {m}, 1) "
            f"+ interval '1 month' - interval '1 day') AS integer)"
        )
        return (
            f"CASE WHEN {self.matches(expr, DATE_RE)} THEN "
            f"CASE WHEN {m} BETWEEN 1 AND 12 AND {y} >= 1 THEN "
            f"CASE WHEN {d} BETWEEN 1 AND {last_day} THEN CAST({expr} AS date) END "
            f"END END"
        )

    # PostgreSQL only: raw-staged files (see raw_copy) are cleaned in SQL.

    def trim(self, expr: str) -> str:
        """str.strip(): %(ws)s is the WHITESPACE parameter."""
        return f"btrim({expr}, %(ws)s)"

    def loose_date(self, expr: str) -> str:
        """normalise_date() in SQL: 2024/1/5 → 2024-01-05, else as is."""

        def part(i: int) -> str:
            # int(part) printed with at least two digits, as Python does.
            p = f"CAST(CAST((regexp_match({expr}, '{LOOSE_DATE_RE}'))[{i}] AS numeric) AS text)"
            return f"(SELECT CASE WHEN length(p) < 2 THEN lpad(p, 2, '0') ELSE p END FROM (SELECT {p} AS p) q)"

        return (
            f"CASE WHEN length({expr}) = 10 AND substr({expr}, 5, 1) = '-' "
            f"AND substr({expr}, 8, 1) = '-' THEN {expr} "
            f"WHEN {self.matches(expr, LOOSE_DATE_RE)} THEN "
            f"substr({expr}, 1, 4) || '-' || {part(3)} || '-' || {part(4)} "
            f"ELSE {expr} END"
        )
