"""The built-in metric definitions (seeded by a data migration; HR may tune
targets and thresholds afterwards). SERVQUAL gap = perception − expectation
per dimension on 1–7 scales (Parasuraman, Zeithaml & Berry 1988), so gaps
range −6 to 6 and 0 means expectations met."""

H, L = "higher", "lower"
# code, name, name_en, unit, direction, aggregation, target, warning, critical,
# (min, max), level, source, minimum sample size
BUILTIN_METRICS = [
    ("csat", "客户满意度", "CSAT", "%", H, "rate", 90, 85, 80, (0, 100), "employee", "survey", 30),
    ("nps", "净推荐值", "NPS", "", H, "mean", 40, 20, 0, (-100, 100), "store", "survey", 50),
    ("complaints", "投诉数", "Complaint count", "", L, "sum", 1, 2, 4, (0, None), "employee", "complaints system", 1),
    ("complaint_rate", "投诉率（每百次接触）", "Complaint rate per 100 contacts", "", L, "rate", 0.5, 1, 2, (0, 100), "employee", "complaints system", 200),
    ("fcr", "首次解决率", "First-contact resolution", "%", H, "rate", 80, 75, 70, (0, 100), "employee", "call centre", 50),
    ("aht", "平均处理时长", "Average handling time", "s", L, "mean", 300, 360, 420, (0, 7200), "employee", "call centre", 50),
    ("answer_20s", "20秒接通率", "20-second answer rate", "%", H, "rate", 90, 85, 80, (0, 100), "team", "call centre", 100),
    ("contacts", "客户接触次数", "Customer contacts", "", H, "sum", None, None, None, (0, None), "employee", "contact records", 1),
    ("complaint_reply_sla", "投诉按时回复率", "Complaint reply within SLA", "%", H, "rate", 95, 90, 85, (0, 100), "store", "complaints system", 10),
    ("mystery_shopper", "神秘顾客得分", "Mystery-shopper score", "", H, "mean", 85, 80, 70, (0, 100), "employee", "mystery shopper", 1),
    ("qa_score", "监听质检得分", "QA call score", "", H, "mean", 90, 85, 80, (0, 100), "employee", "call monitoring", 5),
    ("servqual_tangibles", "SERVQUAL差距：有形性", "SERVQUAL gap: tangibles", "", H, "mean", 0, -0.5, -1, (-6, 6), "store", "SERVQUAL survey", 30),
    ("servqual_reliability", "SERVQUAL差距：可靠性", "SERVQUAL gap: reliability", "", H, "mean", 0, -0.5, -1, (-6, 6), "store", "SERVQUAL survey", 30),
    ("servqual_responsiveness", "SERVQUAL差距：响应性", "SERVQUAL gap: responsiveness", "", H, "mean", 0, -0.5, -1, (-6, 6), "store", "SERVQUAL survey", 30),
    ("servqual_assurance", "SERVQUAL差距：保证性", "SERVQUAL gap: assurance", "", H, "mean", 0, -0.5, -1, (-6, 6), "store", "SERVQUAL survey", 30),
    ("servqual_empathy", "SERVQUAL差距：移情性", "SERVQUAL gap: empathy", "", H, "mean", 0, -0.5, -1, (-6, 6), "store", "SERVQUAL survey", 30),
    ("servqual_overall", "SERVQUAL差距：总体", "SERVQUAL gap: overall", "", H, "mean", 0, -0.5, -1, (-6, 6), "store", "SERVQUAL survey", 30),
    ("servqual_weighted", "SERVQUAL差距：加权总体", "SERVQUAL gap: weighted overall", "", H, "mean", 0, -0.5, -1, (-6, 6), "store", "SERVQUAL survey", 30),
    ("ces", "客户费力度", "Customer effort score (CES)", "", H, "mean", 5.5, 5, 4.5, (1, 7), "store", "survey", 30),
]  # fmt: skip

# How each survey metric is computed, stored with the metric (Metric.description)
# so a report can say which definition it used; see performance.voice.scoring.
_SERVQUAL = (
    "SERVQUAL gap (Parasuraman, Zeithaml & Berry 1988): perception − expectation "
    "on 1–7 per item, reverse-scored items as 8 − rating where the questionnaire "
    "version says so; {what}; per month the mean over responses, n = responses."
)
DEFINITIONS = {
    "csat": "CSAT: % of 1–5 answers that are 4 or 5 (numerator = satisfied, "
    "denominator = answers), from transactional surveys.",
    "nps": "NPS (Reichheld 2003): % promoters (9–10) − % detractors (0–6) on the "
    "0–10 likelihood-to-recommend question; sample size = answers.",
    "ces": "CES 2.0 (Dixon, Freeman & Toman 2010): mean of 1–7 answers to "
    "'the company made it easy to handle my issue'; higher is easier.",
    **{
        f"servqual_{d}": _SERVQUAL.format(what=f"the mean of the {d} items")
        for d in ("tangibles", "reliability", "responsiveness", "assurance", "empathy")
    },
    "servqual_overall": _SERVQUAL.format(
        what="a response's overall gap is the mean of its five dimension gaps"
    ),
    "complaints": "Complaints received in the month, invalid ones left out, "
    "per employee named in them and per store (performance.complaints.metrics).",
    "complaint_rate": "Complaints per 100 customer contacts in the month: "
    "complaints / the 'contacts' metric's observations of the same subject and "
    "month × 100; no contacts, no rate.",
    "complaint_reply_sla": "% of the month's valid complaints whose first reply "
    "came within the SLA target in business hours (waiting on the customer "
    "excluded); complaints still inside their reply window do not count yet.",
    "contacts": "Customer contacts (served customers, calls) per subject and "
    "month, imported from the contact-centre or till system; the denominator "
    "of the complaint rate.",
    "servqual_weighted": _SERVQUAL.format(
        what="weighted by the version's importance points (100 over the five "
        "dimensions; Zeithaml, Parasuraman & Berry 1990)"
    ),
}


def builtin_defaults():
    """(code, defaults) pairs for update_or_create."""
    for (
        code, name, name_en, unit, direction, aggregation, target, warning,
        critical, (low, high), level, source, min_n,
    ) in BUILTIN_METRICS:  # fmt: skip
        yield (
            code,
            {
                "name": name,
                "name_en": name_en,
                "unit": unit,
                "direction": direction,
                "aggregation": aggregation,
                "rate_scale": 100,
                "target": target,
                "threshold_warning": warning,
                "threshold_critical": critical,
                "value_min": low,
                "value_max": high,
                "level": level,
                "source": source,
                "min_sample_size": min_n,
            },
        )
