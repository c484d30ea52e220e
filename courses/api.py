"""Read-only API of what trainers author: courses, learning paths, rubrics
and rubric versions, for every signed-in user (as the catalogue is). Each
is listed once (its original, the row enrolments and scores point at) with
its texts in the requester's language and ``translation_missing`` where
there is none. Criterion and level ids are the rubric's block ids, the same
in every language and version, so a client can score a sheet through the
role-play API with them."""

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.permissions import IsAuthenticated

from people.api_auth import TokenScope
from people.api_i18n import LANG, InLanguage

from . import selectors
from .choices import originals
from .models import CoursePage, LearningPath, Rubric, RubricVersion
from .models.paths import LearningPathCourse

PERMISSIONS = [IsAuthenticated, TokenScope]


class Localized(serializers.Serializer):
    """Fields read from the row shown in the viewer's language
    (context["shown"][original pk]); ``id`` stays the original's."""

    language = serializers.SerializerMethodField(
        help_text="Language of the texts returned."
    )
    translation_missing = serializers.SerializerMethodField(
        help_text="No translation in the requested language: the original's texts."
    )

    def shown(self, obj):
        return self.context["shown"][obj.pk]

    def get_language(self, obj) -> str:
        return self.shown(obj).locale.language_code

    def get_translation_missing(self, obj) -> bool:
        return self.shown(obj).is_fallback


class CourseSerializer(Localized, serializers.ModelSerializer):
    title = serializers.SerializerMethodField()
    summary = serializers.SerializerMethodField()

    class Meta:
        model = CoursePage
        fields = [
            "id",
            "title",
            "summary",
            "language",
            "translation_missing",
            "level",
            "estimated_minutes",
            "quiz",
            "pretest",
            "certificate_validity_months",
        ]
        read_only_fields = fields

    def get_title(self, obj) -> str:
        return self.shown(obj).title

    def get_summary(self, obj) -> str:
        return self.shown(obj).summary


class LessonSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    estimated_minutes = serializers.IntegerField(allow_null=True)


class CourseDetailSerializer(CourseSerializer):
    lessons = serializers.SerializerMethodField()

    class Meta(CourseSerializer.Meta):
        fields = [*CourseSerializer.Meta.fields, "lessons"]
        read_only_fields = fields

    @extend_schema(responses=LessonSerializer(many=True))
    def get_lessons(self, obj) -> list:
        """The lessons of the course shown, in the trainers' order."""
        lessons = selectors.lessons_of(self.shown(obj)).values(
            "id", "title", "estimated_minutes"
        )
        return LessonSerializer(lessons, many=True).data


class LearningPathSerializer(Localized, serializers.ModelSerializer):
    title = serializers.SerializerMethodField()
    description = serializers.SerializerMethodField()
    courses = serializers.SerializerMethodField(
        help_text="Course ids (originals) in the path's order."
    )

    class Meta:
        model = LearningPath
        fields = [
            "id",
            "title",
            "description",
            "language",
            "translation_missing",
            "sequential",
            "for_new_staff",
            "target_positions",
            "courses",
        ]
        read_only_fields = fields

    def get_title(self, obj) -> str:
        return self.shown(obj).title

    def get_description(self, obj) -> str:
        return self.shown(obj).description

    def get_courses(self, obj) -> list[int]:
        return [step.course_id for step in obj.steps.all()]


class LevelSerializer(serializers.Serializer):
    id = serializers.CharField()
    label = serializers.CharField()
    descriptor = serializers.CharField()
    points = serializers.FloatField()


class CriterionSerializer(serializers.Serializer):
    id = serializers.CharField(help_text="criterion_id when scoring")
    title = serializers.CharField()
    description = serializers.CharField(allow_blank=True)
    weight = serializers.FloatField()
    critical = serializers.BooleanField()
    pass_points = serializers.FloatField(allow_null=True)
    allow_na = serializers.BooleanField(help_text="level_id may be null (N/A)")
    levels = LevelSerializer(many=True, help_text="level_id when scoring")


class RubricSerializer(Localized, serializers.ModelSerializer):
    title = serializers.SerializerMethodField()
    description = serializers.SerializerMethodField()

    class Meta:
        model = Rubric
        fields = [
            "id",
            "title",
            "description",
            "language",
            "translation_missing",
            "pass_mark",
            "updated_at",
        ]
        read_only_fields = fields

    def get_title(self, obj) -> str:
        return self.shown(obj).title

    def get_description(self, obj) -> str:
        return self.shown(obj).description


class RubricDetailSerializer(RubricSerializer):
    criteria = serializers.SerializerMethodField(
        help_text="The rubric as it is now; a sheet is scored on the version "
        "its assessment names (rubric-versions)."
    )

    class Meta(RubricSerializer.Meta):
        fields = [*RubricSerializer.Meta.fields, "criteria"]
        read_only_fields = fields

    @extend_schema(responses=CriterionSerializer(many=True))
    def get_criteria(self, obj) -> list:
        snapshot = selectors.snapshot_localized(selectors.rubric_snapshot(obj))
        return CriterionSerializer(snapshot["criteria"], many=True).data


class RubricVersionSerializer(serializers.ModelSerializer):
    class Meta:
        model = RubricVersion
        fields = ["id", "rubric", "number", "content_hash", "created_at"]
        read_only_fields = fields


class RubricVersionDetailSerializer(RubricVersionSerializer):
    """The snapshot an assessment is scored on, in the viewer's language
    where it has their words (else the original's)."""

    title = serializers.SerializerMethodField()
    pass_mark = serializers.SerializerMethodField()
    translation_missing = serializers.SerializerMethodField()
    criteria = serializers.SerializerMethodField()

    class Meta(RubricVersionSerializer.Meta):
        fields = [
            *RubricVersionSerializer.Meta.fields,
            "title",
            "pass_mark",
            "translation_missing",
            "criteria",
        ]
        read_only_fields = fields

    def _words(self, obj) -> dict:
        if not hasattr(obj, "_localized"):
            obj._localized = obj.localized_snapshot
        return obj._localized

    def get_title(self, obj) -> str:
        return self._words(obj)["title"]

    def get_pass_mark(self, obj) -> float:
        return self._words(obj)["pass_mark"]

    def get_translation_missing(self, obj) -> bool:
        return self._words(obj)["is_fallback"]

    @extend_schema(responses=CriterionSerializer(many=True))
    def get_criteria(self, obj) -> list:
        return CriterionSerializer(self._words(obj)["criteria"], many=True).data


class LocalizedViewSet(InLanguage, viewsets.ReadOnlyModelViewSet):
    """Serializes originals with the rows shown in the viewer's language,
    found for a whole page of results in one query."""

    permission_classes = PERMISSIONS
    detail_serializer_class = None

    def get_serializer_class(self):
        if self.action == "retrieve" and self.detail_serializer_class:
            return self.detail_serializer_class
        return self.serializer_class

    def get_serializer(self, instance=None, *args, **kwargs):
        rows = list(instance) if kwargs.get("many") else [instance]
        context = self.get_serializer_context()
        context["shown"] = (
            selectors.in_viewer_language(rows, self.queryset.model)
            if instance is not None
            else {}
        )
        kwargs["context"] = context
        return self.get_serializer_class()(instance, *args, **kwargs)


@extend_schema_view(
    list=extend_schema(parameters=[LANG]), retrieve=extend_schema(parameters=[LANG])
)
class CourseViewSet(LocalizedViewSet):
    """Live courses, each once, in tree order."""

    queryset = CoursePage.objects.none()
    serializer_class = CourseSerializer
    detail_serializer_class = CourseDetailSerializer

    def get_queryset(self):
        return (
            originals(CoursePage.objects.live())
            .select_related("locale")
            .order_by("path")
        )


@extend_schema_view(
    list=extend_schema(parameters=[LANG]), retrieve=extend_schema(parameters=[LANG])
)
class LearningPathViewSet(LocalizedViewSet):
    """Learning paths with their courses in order."""

    queryset = LearningPath.objects.none()
    serializer_class = LearningPathSerializer
    filterset_fields = ["for_new_staff", "sequential"]

    def get_queryset(self):
        steps = LearningPathCourse.objects.filter(course__live=True).order_by(
            "sort_order", "pk"
        )
        return (
            originals(LearningPath.objects.all())
            .select_related("locale")
            .prefetch_related(Prefetch("steps", queryset=steps))
            .order_by("pk")
        )


@extend_schema_view(
    list=extend_schema(parameters=[LANG]), retrieve=extend_schema(parameters=[LANG])
)
class RubricViewSet(LocalizedViewSet):
    """The rubric library; a rubric's detail has its criteria and levels."""

    queryset = Rubric.objects.none()
    serializer_class = RubricSerializer
    detail_serializer_class = RubricDetailSerializer

    def get_queryset(self):
        return originals(Rubric.objects.all()).select_related("locale")


@extend_schema_view(retrieve=extend_schema(parameters=[LANG]))
class RubricVersionViewSet(InLanguage, viewsets.ReadOnlyModelViewSet):
    """Immutable snapshots that assessments are scored on (an assessment's
    ``rubric_version``); the detail has criterion and level ids."""

    permission_classes = PERMISSIONS
    filterset_fields = ["rubric"]

    def get_serializer_class(self):
        if self.action == "retrieve":
            return RubricVersionDetailSerializer
        return RubricVersionSerializer

    def get_queryset(self):
        qs = RubricVersion.objects.order_by("rubric_id", "-number")
        return qs if self.action == "retrieve" else qs.defer("snapshot")


def register(router) -> None:
    """Add this app's viewsets to the API router (config/api.py)."""
    router.register("courses", CourseViewSet, basename="course")
    router.register("learning-paths", LearningPathViewSet, basename="learning-path")
    router.register("rubrics", RubricViewSet, basename="rubric")
    router.register("rubric-versions", RubricVersionViewSet, basename="rubric-version")
