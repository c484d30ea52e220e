"""Names of the temporary tables one import works in (per connection)."""

STAGE = "perf_stage"  # the rows as text, as read
RESOLVED = "perf_resolved"  # joined to ids, numbers and dates parsed
ERRORS = "perf_errors"  # one row per problem
MATCH = "perf_match"  # rows whose observation exists already
ALL = (STAGE, RESOLVED, ERRORS, MATCH)
