"""Reading a public survey submit: ratings as integers or None, and the
message for each problem code in the visitor's language."""

from django.utils.translation import gettext as _

from . import scoring

COMMENT_MAX = 2000


def _int(value: str | None):
    """'' or absent → None; an integer → int; anything else → False (bad)."""
    if value is None or value.strip() == "":
        return None
    try:
        return int(value.strip())
    except ValueError:
        return False


def parse_submit(post, *, kind: str, items):
    """(answers, rating, comment, problems) from a POST. Non-numbers count as
    out of range; the service then checks completeness and ranges again."""
    problems = set()
    answers, rating = {}, None
    if kind == "servqual":
        for item in items:
            pair = (
                _int(post.get(f"e{item.number}")),
                _int(post.get(f"p{item.number}")),
            )
            if False in pair:
                problems.add("range")
                continue
            if pair != (None, None):
                answers[item.number] = pair
    else:
        rating = _int(post.get("rating"))
        if rating is False:
            problems.add("range")
            rating = None
    comment = post.get("comment", "")
    if len(comment) > COMMENT_MAX:
        problems.add("comment")
    return answers, rating, comment, problems


def problem_messages(codes) -> list[str]:
    texts = {
        "missing": _("Please answer every question marked as required."),
        "range": _("An answer is outside the scale. Please choose one of the options."),
        "unknown_item": _("The form does not match this survey. Please reload it."),
        "comment": _("The comment is too long (at most 2,000 characters)."),
    }
    return [texts[c] for c in sorted(codes) if c in texts]


def scale_of(kind: str) -> list[int]:
    low, high = scoring.SCALES[kind]
    return list(range(low, high + 1))
