"""The performance record's summary: a trend sparkline per metric, as inline
SVG (no script, no extra request), drawn from the monthly points."""

from django import template
from django.utils.html import format_html

register = template.Library()

WIDTH, HEIGHT, PAD = 120, 36, 3


@register.simple_tag
def sparkline(points, target=None):
    """A polyline of the months' values (gaps skipped) and a dashed target
    line; empty when fewer than two values."""
    values = [p["value"] for p in points]
    known = [v for v in values if v is not None]
    if len(known) < 2:
        return ""
    low, high = min(known), max(known)
    if target is not None:
        low, high = min(low, float(target)), max(high, float(target))
    span = (high - low) or 1.0
    step = (WIDTH - 2 * PAD) / max(len(values) - 1, 1)

    def y(v):
        return round(HEIGHT - PAD - (float(v) - low) / span * (HEIGHT - 2 * PAD), 1)

    line = " ".join(
        f"{round(PAD + i * step, 1)},{y(v)}"
        for i, v in enumerate(values)
        if v is not None
    )
    goal = ""
    if target is not None:
        ty = y(target)
        goal = format_html(
            '<line x1="0" x2="{}" y1="{}" y2="{}" stroke="#8a5300" '
            'stroke-dasharray="4 3" stroke-width="1"/>',
            WIDTH,
            ty,
            ty,
        )
    return format_html(
        '<svg viewBox="0 0 {} {}" preserveAspectRatio="none" aria-hidden="true" '
        'focusable="false">{}<polyline points="{}" fill="none" stroke="#0b6e4f" '
        'stroke-width="2" vector-effect="non-scaling-stroke"/></svg>',
        WIDTH,
        HEIGHT,
        goal,
        line,
    )
