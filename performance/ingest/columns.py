"""The columns an observation file may have, their header aliases, and the
text of each validation problem."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# Canonical columns, in staging-table order.
COLUMNS = (
    "employee_number",
    "team_code",
    "store_code",
    "metric",
    "period_start",
    "period_end",
    "value",
    "numerator",
    "denominator",
    "sample_size",
    "source",
)
DATE_COLUMNS = ("period_start", "period_end")

COLUMN_LABELS = {
    "employee_number": gettext_lazy("Employee number"),
    "team_code": gettext_lazy("Team code"),
    "store_code": gettext_lazy("Store code"),
    "metric": gettext_lazy("Metric code"),
    "period_start": gettext_lazy("Date or period start"),
    "period_end": gettext_lazy("Period end"),
    "value": gettext_lazy("Value"),
    "numerator": gettext_lazy("Numerator"),
    "denominator": gettext_lazy("Denominator"),
    "sample_size": gettext_lazy("Sample size"),
    "source": gettext_lazy("Source"),
}

# Header text (lower-cased) in English or Chinese → column.
ALIASES = {
    "employee_number": "employee_number",
    "employee number": "employee_number",
    "employee": "employee_number",
    "工号": "employee_number",
    "员工编号": "employee_number",
    "team_code": "team_code",
    "team": "team_code",
    "班组": "team_code",
    "班组编码": "team_code",
    "store_code": "store_code",
    "store": "store_code",
    "门店": "store_code",
    "门店编码": "store_code",
    "metric": "metric",
    "metric_code": "metric",
    "kpi": "metric",
    "指标": "metric",
    "指标代码": "metric",
    "date": "period_start",
    "period_start": "period_start",
    "start": "period_start",
    "日期": "period_start",
    "开始日期": "period_start",
    "period_end": "period_end",
    "end": "period_end",
    "结束日期": "period_end",
    "value": "value",
    "值": "value",
    "数值": "value",
    "numerator": "numerator",
    "分子": "numerator",
    "denominator": "denominator",
    "分母": "denominator",
    "sample_size": "sample_size",
    "sample size": "sample_size",
    "n": "sample_size",
    "样本量": "sample_size",
    "source": "source",
    "来源": "source",
}


def reason(code: str, value: str = "", detail: str = "", metrics=None) -> str:
    """The reader-language text of one problem (`metrics`: code → Metric, for
    range messages)."""
    if code == "out_of_range" and metrics and detail in metrics:
        m = metrics[detail]
        low = "−∞" if m.value_min is None else f"{m.value_min:g}"
        high = "∞" if m.value_max is None else f"{m.value_max:g}"
        return _("%(v)s is outside the valid range %(low)s to %(high)s.") % {
            "v": value,
            "low": low,
            "high": high,
        }
    texts = {
        "file": _("The file could not be read: %(v)s"),
        "empty": _("The file has no data rows."),
        "missing_column": _("No column is mapped to %(v)s."),
        "subject_missing": _("Give an employee number, a team code or a store code."),
        "subject_many": _(
            "Give only one of employee number, team code and store code."
        ),
        "unknown_employee": _("Unknown employee number “%(v)s”."),
        "unknown_team": _("Unknown team code “%(v)s”."),
        "unknown_store": _("Unknown store code “%(v)s”."),
        "unknown_metric": _("Unknown metric “%(v)s”."),
        "level_mismatch": _("Metric “%(v)s” is recorded per %(d)s, not at this level."),
        "required": _("This value is required."),
        "bad_date": _("“%(v)s” is not a date (YYYY-MM-DD)."),
        "end_before_start": _("The period ends before it starts."),
        "not_number": _("“%(v)s” is not a number."),
        "not_count": _("“%(v)s” is not a whole number."),
        "rate_missing": _(
            "This metric is a rate: give a numerator and a denominator, or a value."
        ),
        "bad_denominator": _("The denominator must be greater than zero."),
        "negative": _("“%(v)s” must not be negative."),
        "out_of_range": _("%(v)s is outside this metric's valid range."),
        "duplicate": _("Same subject, metric, period and source as row %(d)s."),
        "too_many": _("Too many rows in one request (at most %(d)s)."),
    }
    text = texts.get(code, code)
    if code == "level_mismatch":
        from ..models import Level

        detail = str(dict(Level.choices).get(detail, detail)).lower()
    return text % {"v": value, "d": detail} if "%(" in text else text
