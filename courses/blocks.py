"""Lesson StreamField blocks for service training.

Blocks that point at the question bank, quizzes or scenarios render only what a
learner may see: never correct answers, feedback, scripts or assessor notes.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock

T = "courses/blocks/"


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Heading"), max_length=200)
    level = blocks.ChoiceBlock(
        label=_("Level"), choices=[("h2", "H2"), ("h3", "H3")], default="h2"
    )

    class Meta:
        icon = "title"
        label = _("Heading")
        template = T + "heading.html"


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    alt = blocks.CharBlock(label=_("Alternative text"), max_length=250)
    caption = blocks.CharBlock(label=_("Caption"), max_length=250, required=False)

    class Meta:
        icon = "image"
        label = _("Image")
        template = T + "image.html"


class VideoBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), max_length=200, required=False)
    file = DocumentChooserBlock(label=_("Uploaded video file"), required=False)
    embed = EmbedBlock(label=_("Embedded video (URL)"), required=False)
    transcript = blocks.TextBlock(label=_("Transcript"), required=False)

    class Meta:
        icon = "media"
        label = _("Video")
        template = T + "video.html"

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("file")) == bool(value.get("embed")):
            raise blocks.StructBlockValidationError(
                block_errors={
                    "file": ValidationError(
                        _("Choose either an uploaded file or an embed URL.")
                    )
                }
            )
        return value


class CalloutBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        label=_("Kind"),
        choices=[
            ("tip", _("Tip")),
            ("key", _("Key point")),
            ("warning", _("Watch out")),
        ],
        default="tip",
    )
    title = blocks.CharBlock(label=_("Title"), max_length=200, required=False)
    text = blocks.RichTextBlock(label=_("Text"), features=["bold", "italic", "link"])

    class Meta:
        icon = "warning"
        label = _("Tip / callout")
        template = T + "callout.html"


class DialogueLineBlock(blocks.StructBlock):
    speaker = blocks.ChoiceBlock(
        label=_("Speaker"),
        choices=[("customer", _("Customer")), ("staff", _("Staff"))],
        default="customer",
    )
    text = blocks.TextBlock(label=_("Line"))
    marker = blocks.ChoiceBlock(
        label=_("Marked as"),
        choices=[
            ("", _("Not marked")),
            ("good", _("Good practice")),
            ("pitfall", _("Pitfall")),
        ],
        required=False,
        default="",
    )
    note = blocks.CharBlock(label=_("Note"), max_length=500, required=False)


class DialogueScriptBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), max_length=200)
    setting = blocks.TextBlock(label=_("Setting"), required=False)
    lines = blocks.ListBlock(DialogueLineBlock(), label=_("Lines"), min_num=2)

    class Meta:
        icon = "openquote"
        label = _("Dialogue script")
        template = T + "dialogue.html"


class CaseStudyBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), max_length=200)
    case = blocks.RichTextBlock(
        label=_("Case"), features=["bold", "italic", "ol", "ul"]
    )
    reflection_question = blocks.TextBlock(label=_("Reflection question"))

    class Meta:
        icon = "doc-full"
        label = _("Case study")
        template = T + "case_study.html"


class ChecklistBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), max_length=200)
    items = blocks.ListBlock(
        blocks.CharBlock(label=_("Item"), max_length=300), label=_("Items")
    )

    class Meta:
        icon = "tasks"
        label = _("Checklist")
        template = T + "checklist.html"


class BlueprintStepBlock(blocks.StructBlock):
    customer_action = blocks.CharBlock(label=_("Customer action"), max_length=300)
    front_stage = blocks.CharBlock(
        label=_("Front stage (visible)"), max_length=300, required=False
    )
    back_stage = blocks.CharBlock(
        label=_("Back stage (invisible)"), max_length=300, required=False
    )
    support = blocks.CharBlock(
        label=_("Support processes"), max_length=300, required=False
    )


class ServiceBlueprintBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), max_length=200)
    steps = blocks.ListBlock(BlueprintStepBlock(), label=_("Steps"), min_num=1)

    class Meta:
        icon = "table"
        label = _("Service blueprint")
        template = T + "blueprint.html"


class KnowledgeCheckBlock(blocks.StructBlock):
    """An ungraded question from the bank: stem and options only."""

    question = SnippetChooserBlock("courses.Question", label=_("Question"))

    class Meta:
        icon = "help"
        label = _("Knowledge check")
        template = T + "knowledge_check.html"


class QuizReferenceBlock(blocks.StructBlock):
    quiz = SnippetChooserBlock("courses.Quiz", label=_("Quiz"))
    intro = blocks.CharBlock(label=_("Introduction"), max_length=300, required=False)

    class Meta:
        icon = "form"
        label = _("Quiz")
        template = T + "quiz_reference.html"


class RolePlayReferenceBlock(blocks.StructBlock):
    scenario = SnippetChooserBlock(
        "courses.RolePlayScenario", label=_("Role-play scenario")
    )
    intro = blocks.CharBlock(label=_("Introduction"), max_length=300, required=False)

    class Meta:
        icon = "group"
        label = _("Role-play scenario")
        template = T + "roleplay_reference.html"


class LessonStreamBlock(blocks.StreamBlock):
    rich_text = blocks.RichTextBlock(
        label=_("Text"),
        features=["h3", "bold", "italic", "ol", "ul", "link", "hr"],
        template=T + "rich_text.html",
    )
    heading = HeadingBlock()
    image = ImageBlock()
    video = VideoBlock()
    callout = CalloutBlock()
    dialogue = DialogueScriptBlock()
    case_study = CaseStudyBlock()
    checklist = ChecklistBlock()
    blueprint = ServiceBlueprintBlock()
    knowledge_check = KnowledgeCheckBlock()
    quiz = QuizReferenceBlock()
    role_play = RolePlayReferenceBlock()
