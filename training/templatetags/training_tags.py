from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def duration(seconds) -> str:
    seconds = int(seconds or 0)
    return f"{seconds // 60:d}:{seconds % 60:02d}"


@register.filter
def percent(score) -> str:
    return f"{round(float(score) * 100):d}%"


@register.filter
def get(mapping, key):
    return mapping.get(key) if isinstance(mapping, dict) else None


@register.simple_tag
def rank(response, item_id) -> str:
    if isinstance(response, list) and item_id in response:
        return str(response.index(item_id) + 1)
    return ""


@register.simple_tag
def answer_text(question: dict, value) -> str:
    """A response or correct answer in words, from the learner-safe question."""
    if value is None or value == [] or value == {}:
        return _("(no answer)")
    texts = {o["id"]: o["text"] for o in question.get("options", [])}
    texts.update({a["id"]: a["text"] for a in question.get("answers", [])})
    prompts = {p["id"]: p["text"] for p in question.get("prompts", [])}
    kind = question["kind"]
    if kind == "true_false":
        return _("True") if value else _("False")
    if kind in ("multiple", "situational") and isinstance(value, dict):
        best = max(value.values()) if kind == "situational" else 0
        chosen = [
            i
            for i, c in value.items()
            if (c >= best if kind == "situational" else c > 0)
        ]
        return "; ".join(texts.get(i, "?") for i in chosen)
    if kind == "ordering" and isinstance(value, list):
        return " → ".join(texts.get(i, "?") for i in value)
    if kind == "matching" and isinstance(value, dict):
        return "; ".join(
            f"{prompts.get(p, '?')} → {texts.get(a, '?')}" for p, a in value.items()
        )
    if isinstance(value, list):
        return "; ".join(texts.get(i, "?") for i in value)
    return texts.get(value, "?")
