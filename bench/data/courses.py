"""Course content: one training library (the site root), `scale.courses`
courses of `scale.lessons_per_course` lessons each, with realistic lesson
bodies (headings, text, callouts, dialogue scripts, checklists, case studies).

Each course has a final quiz of `scale.questions_per_quiz` single-choice
questions (pass mark 60 %, 60-minute limit, unlimited attempts, required for
completion), and one role-play scenario with a four-criterion rubric serves the
role-play assessments (bench/data/training.py).

Pages are authored content, a few hundred rows: they are created through
Wagtail's tree API (treebeard paths, url_path, locale) rather than COPY, which
would have to reimplement it. Questions are bulk-created. The scale tables
(attempts, observations) use COPY and INSERT ... SELECT.
"""

import uuid

from . import Context, has_models

NEEDS = ("people",)
PARAGRAPH = (
    "<p>服务意识从第一句问候开始。<b>主动</b>观察顾客的需要，用顾客听得懂的话说明办理步骤，"
    "在等候时告诉顾客还需要多久。遇到投诉时，先<i>倾听</i>与确认，再给出可以兑现的方案。</p>"
    "<ul><li>微笑并称呼顾客</li><li>复述需求以确认</li><li>说明下一步与时间</li></ul>"
)


def ready() -> str | None:
    return has_models("courses.CoursePage", "courses.LessonPage")


def _block(kind, value):
    return {"type": kind, "value": value, "id": str(uuid.uuid4())}


def lesson_body(n: int) -> list[dict]:
    return [
        _block("heading", {"text": f"要点 {n}：倾听与确认", "level": "h2"}),
        _block("rich_text", PARAGRAPH * 2),
        _block(
            "callout",
            {
                "kind": "tip",
                "title": "小提示",
                "text": "<p>先处理情绪，再处理事情。</p>",
            },
        ),
        _block(
            "dialogue",
            {
                "title": "柜台办理示范",
                "setting": "顾客排队二十分钟后来到柜台，语气不耐烦。",
                "lines": [
                    {
                        "speaker": "customer" if i % 2 == 0 else "staff",
                        "text": f"第{i + 1}句：{'怎么这么慢？' if i % 2 == 0 else '非常抱歉让您久等了，我马上为您办理。'}",
                        "marker": "good" if i % 2 else "",
                        "note": "",
                    }
                    for i in range(8)
                ],
            },
        ),
        _block("rich_text", PARAGRAPH),
        _block(
            "checklist",
            {
                "title": "接待检查表",
                "items": ["起身问候", "确认需求", "说明时长", "致谢道别", "记录反馈"],
            },
        ),
        _block(
            "case_study",
            {
                "title": "案例：重复来电的顾客",
                "case": PARAGRAPH,
                "reflection_question": "如果你是这位员工，第一句话会怎么说？",
            },
        ),
    ]


def _option(text: str, credit: int) -> dict:
    return _block(
        "option", {"text": text, "match": "", "credit": credit, "feedback": ""}
    )


def _quiz(c: int, questions: int):
    """A final quiz of `questions` single-choice questions, 4 options each."""
    from courses.models import Question, Quiz, QuizQuestion

    quiz = Quiz.objects.create(
        title=f"课程 {c} 结业测验",
        pass_mark=60,
        time_limit_minutes=60,
        attempts_allowed=None,
        shuffle_questions=True,
    )
    bank = Question.objects.bulk_create(
        Question(
            title=f"C{c}-Q{n}",
            kind=Question.Kind.SINGLE,
            stem=f"<p>第{n}题：顾客排队很久后语气不耐烦，员工第一句话应该怎么说？</p>",
            options=[
                _option("先致歉并说明马上办理", 1),
                _option("请顾客耐心等待", 0),
                _option("解释排队原因", 0),
                _option("请顾客找值班经理", 0),
            ],
            general_feedback="先处理情绪，再处理事情。",
            difficulty=1 + n % 3,
            locale=quiz.locale,
        )
        for n in range(1, questions + 1)
    )
    QuizQuestion.objects.bulk_create(
        QuizQuestion(quiz=quiz, question=q, sort_order=i, weight=1, locale=quiz.locale)
        for i, q in enumerate(bank)
    )
    return quiz


def _scenario():
    """One role-play scenario scored on a four-criterion rubric (3 levels)."""
    from courses.models import RolePlayScenario, Rubric
    from courses.services import rubric_version_current

    criteria = [
        _block(
            "criterion",
            {
                "title": title,
                "description": "",
                "weight": weight,
                "critical": critical,
                "pass_points": 1 if critical else None,
                "allow_na": False,
                "levels": [
                    _block(
                        "item",
                        {"label": label, "descriptor": label, "points": points},
                    )
                    for points, label in enumerate(["未做到", "基本做到", "做得很好"])
                ],
            },
        )
        for title, weight, critical in (
            ("问候与称呼", 1, False),
            ("倾听与确认", 2, True),
            ("方案与承诺", 2, False),
            ("致谢与记录", 1, False),
        )
    ]
    rubric = Rubric(title="柜台投诉处理评分表", pass_mark=70, criteria=criteria)
    rubric.save()
    scenario = RolePlayScenario.objects.create(
        title="排队过久的顾客",
        touchpoint=RolePlayScenario.Touchpoint.FACE_TO_FACE,
        persona="常客，45岁",
        mood=RolePlayScenario.Mood.ANGRY,
        situation="<p>顾客排队二十分钟后来到柜台。</p>",
        staff_goal="安抚顾客并记录投诉。",
        rubric=rubric,
    )
    return scenario, rubric_version_current(rubric=rubric)


def generate(ctx: Context) -> None:
    from wagtail.models import Page, Site

    from courses.models import CoursePage, LessonPage, TrainingLibraryPage

    root = Page.get_first_root_node()
    library = root.add_child(
        instance=TrainingLibraryPage(title="培训中心", slug="library")
    )
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="127.0.0.1", root_page=library, is_default_site=True
        )
    else:
        site.root_page = library
        site.save()
    for c in range(1, ctx.scale.courses + 1):
        course = library.add_child(
            instance=CoursePage(
                title=f"课程 {c}：服务沟通",
                slug=f"course-{c}",
                summary="面向一线员工的服务沟通与投诉处理。" * 3,
                estimated_minutes=45,
                learning_objectives=[
                    ("objective", f"目标 {k}：在真实场景中运用所学") for k in range(4)
                ],
                target_positions=["front_desk", "call_agent", "teller"],
                quiz=_quiz(c, ctx.scale.questions_per_quiz),
                require_quiz=True,
                certificate_validity_months=24,
            )
        )
        for n in range(1, ctx.scale.lessons_per_course + 1):
            course.add_child(
                instance=LessonPage(
                    title=f"课时 {n}",
                    slug=f"lesson-{n}",
                    summary="本课时的要点与练习。",
                    estimated_minutes=10,
                    body=lesson_body(n),
                )
            )
    scenario, rubric_version = _scenario()
    ctx.facts["courses"] = {
        "library": library.pk,
        "scenario": scenario.pk,
        "rubric_version": rubric_version.pk,
    }
