"""Wagtail admin registration: the snippets trainers author, and the
translation editor's submit-for-approval route."""

from django.http import Http404
from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.chooser import SnippetChooserViewSet, SnippetChosenView
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import LearningPath, Question, Quiz, RolePlayScenario, Rubric, SkillArea


class IntegerPkChosenView(SnippetChosenView):
    """A malformed id in the chooser URL is a 404, not a server error."""

    def get_object(self, pk):
        try:
            return super().get_object(int(pk))
        except (TypeError, ValueError) as exc:
            raise Http404 from exc


class ChooserViewSet(SnippetChooserViewSet):
    chosen_view_class = IntegerPkChosenView
    # Wagtail's ChooserViewSet sets these with eager gettext at import, so the
    # modal title was frozen in LANGUAGE_CODE ("选择 rubric" for English users).
    choose_one_text = _("Choose")
    page_title = _("Choose")
    choose_another_text = _("Choose another")
    edit_item_text = _("Edit")


class SnippetViewSet(SnippetViewSet):
    chooser_viewset_class = ChooserViewSet


class QuestionViewSet(SnippetViewSet):
    model = Question
    icon = "help"
    list_display = ["title", "kind", "difficulty", "locale"]
    list_filter = ["kind", "difficulty", "skill_areas", "locale"]
    search_fields = ["title"]


class QuizViewSet(SnippetViewSet):
    model = Quiz
    icon = "form"
    list_display = ["title", "pass_mark", "is_pretest", "locale"]
    list_filter = ["is_pretest", "locale"]


class RubricViewSet(SnippetViewSet):
    model = Rubric
    icon = "tick"
    list_display = ["title", "pass_mark", "locale"]
    list_filter = ["locale"]


class RolePlayScenarioViewSet(SnippetViewSet):
    model = RolePlayScenario
    icon = "group"
    list_display = ["title", "touchpoint", "difficulty", "locale"]
    list_filter = ["touchpoint", "difficulty", "locale"]


class LearningPathViewSet(SnippetViewSet):
    model = LearningPath
    icon = "list-ol"
    list_display = ["title", "for_new_staff", "locale"]
    list_filter = ["for_new_staff", "locale"]


class SkillAreaViewSet(SnippetViewSet):
    model = SkillArea
    icon = "tag"
    list_display = ["code", "name", "name_en", "kind"]
    list_filter = ["kind"]


class TrainingViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Training content")
    menu_icon = "folder-open-inverse"
    menu_order = 200
    items = (
        QuestionViewSet,
        QuizViewSet,
        RubricViewSet,
        RolePlayScenarioViewSet,
        LearningPathViewSet,
        SkillAreaViewSet,
    )


register_snippet(TrainingViewSetGroup)


@hooks.register("register_admin_urls")
def translation_urls():
    from . import translation_views

    return [
        path(
            "translations/<int:translation_id>/submit/",
            translation_views.submit,
            name="courses_translation_submit",
        )
    ]
