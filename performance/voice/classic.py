"""The built-in questionnaire versions: the classic Chinese teaching version
of SERVQUAL (22 items; 10–13 and 18–22 worded negatively and reverse-scored)
and one-question CSAT, NPS and CES surveys. Seeded by a data migration;
`questionnaires_ensure` restores them where tables were flushed."""

from .scoring import CLASSIC_ITEMS

# (Chinese, English) per item, in item order.
SERVQUAL_TEXTS = [
    ("有现代化的服务设备。", "They have modern-looking equipment."),
    ("服务设施具有吸引力。", "Their physical facilities are visually appealing."),
    ("员工穿着得体、整洁。", "Their employees are well dressed and neat."),
    ("设施与所提供的服务相匹配。", "Their facilities fit the kind of service offered."),
    ("承诺在某时做到的事能按时做到。", "When they promise to do something by a certain time, they do so."),
    ("顾客遇到问题时，真诚地帮助解决。", "When customers have a problem, they show a sincere interest in solving it."),
    ("服务是可靠的。", "They are dependable."),
    ("按承诺提供服务。", "They provide their services as promised."),
    ("正确地记录相关信息。", "They keep their records accurately."),
    ("不能告诉顾客提供服务的准确时间。", "They do not tell customers exactly when services will be performed."),
    ("不能期望他们提供及时的服务。", "You cannot expect prompt service from their employees."),
    ("员工并不总是愿意帮助顾客。", "Their employees are not always willing to help customers."),
    ("员工因为太忙而不能立即回应顾客的要求。", "Their employees are too busy to respond to customer requests promptly."),
    ("员工是值得信赖的。", "You can trust their employees."),
    ("在交易中顾客感到放心。", "You feel safe in your transactions with their employees."),
    ("员工有礼貌。", "Their employees are polite."),
    ("员工能得到企业的充分支持以做好工作。", "Employees get adequate support from the company to do their jobs well."),
    ("企业不会针对顾客提供个别的服务。", "They do not give you individual attention."),
    ("员工不会给予顾客个别的关心。", "Their employees do not give you personal attention."),
    ("不能期望员工了解顾客的需求。", "Their employees do not know what your needs are."),
    ("企业没有把顾客的利益放在心上。", "They do not have your best interests at heart."),
    ("营业时间不能满足所有顾客的需求。", "Their operating hours are not convenient to all their customers."),
]  # fmt: skip

# code, kind, (title zh, en), [(question zh, en)]
SHORT = [
    ("csat", "csat", ("服务满意度", "Service satisfaction"),
     ("您对本次服务的满意程度如何？", "How satisfied are you with the service you received today?")),
    ("nps", "nps", ("推荐意愿", "Likelihood to recommend"),
     ("您有多大可能向朋友或同事推荐我们？", "How likely are you to recommend us to a friend or colleague?")),
    ("ces", "ces", ("办理便利度", "Ease of service"),
     ("本次我们让您办理事情很容易。", "The company made it easy for me to handle my issue.")),
]  # fmt: skip

SERVQUAL_CODE = "servqual-classic"
SERVQUAL_TITLE = ("SERVQUAL 服务质量问卷（经典中文版）", "SERVQUAL service quality (classic Chinese version)")  # fmt: skip


def questionnaires_ensure(QuestionnaireVersion, QuestionnaireItem) -> None:
    """Create the built-in versions (v1) if missing; existing ones are left
    alone. Takes the model classes so the data migration can use it too."""
    version, created = QuestionnaireVersion.objects.get_or_create(
        code=SERVQUAL_CODE,
        version=1,
        defaults={
            "kind": "servqual",
            "title": SERVQUAL_TITLE[0],
            "title_en": SERVQUAL_TITLE[1],
        },
    )
    if created:
        QuestionnaireItem.objects.bulk_create(
            QuestionnaireItem(
                version=version,
                number=spec.number,
                dimension=spec.dimension,
                reversed=spec.reversed,
                text=zh,
                text_en=en,
            )
            for spec, (zh, en) in zip(CLASSIC_ITEMS, SERVQUAL_TEXTS, strict=True)
        )
    for code, kind, (title, title_en), (zh, en) in SHORT:
        version, created = QuestionnaireVersion.objects.get_or_create(
            code=code,
            version=1,
            defaults={"kind": kind, "title": title, "title_en": title_en},
        )
        if created:
            QuestionnaireItem.objects.create(
                version=version, number=1, text=zh, text_en=en
            )
