"""Quiz attempts, the learner's own only (anyone else's answers 404, as on
the web): start, read (questions while open), save, submit, review. The
server keeps the clock; correct answers, feedback and scores appear only
where the quiz's review options for the current phase allow them, exactly
as on the web player (training.selectors.review_options)."""

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from courses import selectors as course_selectors
from courses.models import CoursePage
from courses.scoring import InvalidResponse

from .. import content, selectors, services
from ..models import QuizAttempt
from .common import LANG, PERMISSIONS, InLanguage, Refused, me, refused

DOES_NOT_FIT = "The answers sent do not fit this quiz. Nothing was saved."


class ReviewOptionsSerializer(serializers.Serializer):
    score = serializers.BooleanField()
    answers = serializers.BooleanField()
    feedback = serializers.BooleanField()


class ChoiceSerializer(serializers.Serializer):
    id = serializers.CharField()
    text = serializers.CharField()


class QuestionSerializer(serializers.Serializer):
    """A question as the learner sees it; ``check`` (open attempts) and
    score/correct/feedback (review) only where the options allow."""

    id = serializers.IntegerField()
    position = serializers.IntegerField()
    kind = serializers.CharField()
    stem = serializers.CharField()
    options = ChoiceSerializer(many=True)
    prompts = ChoiceSerializer(many=True)
    answers = ChoiceSerializer(many=True)
    is_fallback = serializers.BooleanField(
        help_text="Shown in the original language: no translation."
    )
    response = serializers.JSONField(allow_null=True)
    check = serializers.DictField(
        required=False,
        help_text="During the attempt: score, correct and feedback of a saved "
        "answer, each only if the quiz allows it.",
    )
    score = serializers.FloatField(required=False, allow_null=True)
    correct = serializers.JSONField(required=False)
    feedback = serializers.ListField(child=serializers.CharField(), required=False)
    general_feedback = serializers.CharField(required=False)


class AttemptSerializer(serializers.ModelSerializer):
    course = serializers.IntegerField(source="enrollment.course_id", read_only=True)
    quiz_title = serializers.SerializerMethodField()
    seconds_left = serializers.SerializerMethodField()
    percent = serializers.SerializerMethodField()
    passed = serializers.SerializerMethodField()
    review_options = serializers.SerializerMethodField(
        help_text="What the quiz shows now (during the attempt, after it, "
        "after the quiz closes)."
    )

    class Meta:
        model = QuizAttempt
        fields = [
            "id",
            "course",
            "quiz",
            "quiz_title",
            "number",
            "status",
            "started_at",
            "deadline",
            "seconds_left",
            "finished_at",
            "closed_by_timeout",
            "percent",
            "passed",
            "review_options",
        ]
        read_only_fields = fields

    def _options(self, obj) -> dict:
        return selectors.review_options(obj, obj.quiz)

    def get_quiz_title(self, obj) -> str:
        return content.quiz_titles([obj.quiz_id])[obj.quiz_id].title

    def get_seconds_left(self, obj) -> int | None:
        if not obj.is_open or obj.deadline is None:
            return None
        return max(int((obj.deadline - timezone.now()).total_seconds()), 0)

    def get_percent(self, obj) -> float | None:
        if obj.percent is None or not self._options(obj)["score"]:
            return None
        return float(obj.percent)

    def get_passed(self, obj) -> bool | None:
        return obj.passed if self._options(obj)["score"] else None

    @extend_schema(responses=ReviewOptionsSerializer)
    def get_review_options(self, obj) -> dict:
        return self._options(obj)


class AttemptDetailSerializer(AttemptSerializer):
    questions = serializers.SerializerMethodField(
        help_text="While open: the questions with the saved responses. Empty "
        "once finished (see review)."
    )

    class Meta(AttemptSerializer.Meta):
        fields = [*AttemptSerializer.Meta.fields, "questions"]
        read_only_fields = fields

    @extend_schema(responses=QuestionSerializer(many=True))
    def get_questions(self, obj) -> list:
        if not obj.is_open:
            return []
        items = selectors.attempt_questions(obj)
        selectors.attempt_check(items, self._options(obj))
        return QuestionSerializer(items, many=True).data


class ReviewSerializer(serializers.Serializer):
    attempt = AttemptSerializer()
    items = QuestionSerializer(many=True)


class StartSerializer(serializers.Serializer):
    course = serializers.PrimaryKeyRelatedField(queryset=CoursePage.objects.live())
    pretest = serializers.BooleanField(
        default=False, help_text="Start the course's pre-test instead of its quiz."
    )


class AnswersSerializer(serializers.Serializer):
    answers = serializers.DictField(
        child=serializers.JSONField(allow_null=True),
        required=False,
        default=dict,
        help_text="{question id: response}, in courses.scoring's shapes: an "
        "option id; a list of option ids; true/false; ordered item ids; "
        "{prompt id: answer id}.",
    )


@extend_schema_view(
    list=extend_schema(parameters=[LANG]), retrieve=extend_schema(parameters=[LANG])
)
class QuizAttemptViewSet(
    InLanguage,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """The caller's own quiz attempts."""

    permission_classes = PERMISSIONS
    serializer_class = AttemptSerializer
    filterset_fields = ["status", "quiz"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation
            return QuizAttempt.objects.none()
        mine = me(self.request)
        qs = QuizAttempt.objects.filter(enrollment__employee=mine).select_related(
            "quiz", "enrollment"
        )
        if self.action == "list":
            qs = qs.defer("plan")
        return qs.order_by("-started_at", "-pk")

    def get_serializer_class(self):
        if self.action == "retrieve":
            return AttemptDetailSerializer
        return super().get_serializer_class()

    def get_object(self):
        attempt = super().get_object()
        if attempt.is_open and services._late(attempt, timezone.now()):
            # Past deadline + grace: closed with the answers saved before,
            # as the web player does when the page is opened late.
            services.attempts_close_expired()
            attempt.refresh_from_db()
        return attempt

    def _detail(self, attempt, code=status.HTTP_200_OK) -> Response:
        return Response(
            AttemptDetailSerializer(
                attempt, context=self.get_serializer_context()
            ).data,
            status=code,
        )

    @extend_schema(request=StartSerializer, responses={201: AttemptDetailSerializer})
    def create(self, request, *args, **kwargs):
        """Start (or resume) the attempt at a course's quiz or pre-test; the
        server fixes start time, deadline and questions."""
        body = StartSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        course = course_selectors.canonical(body.validated_data["course"])
        pretest = body.validated_data["pretest"]
        quiz = course.pretest if pretest else course.quiz
        if quiz is None:
            raise ValidationError(
                {
                    "course": [
                        _("This course has no pre-test.")
                        if pretest
                        else _("This course has no quiz.")
                    ]
                }
            )
        enrollment = selectors.current_enrollment(me(request), course)
        if enrollment is None:
            raise ValidationError(
                {"course": [_("You are not enrolled in this course.")]}
            )
        try:
            attempt = services.attempt_start(enrollment=enrollment, quiz=quiz)
        except services.TrainingError as exc:
            raise refused(exc) from exc
        attempt = self.get_queryset().get(pk=attempt.pk)
        return self._detail(attempt, status.HTTP_201_CREATED)

    def _answers(self, request) -> dict:
        body = AnswersSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return body.validated_data["answers"]

    @extend_schema(request=AnswersSerializer, responses=AttemptDetailSerializer)
    @action(detail=True, methods=["post"])
    def save(self, request, pk=None):
        """Autosave: nothing is stored if any answer does not fit (400), the
        attempt is finished or time is up (409)."""
        attempt = self.get_object()
        try:
            services.attempt_save(attempt=attempt, answers=self._answers(request))
        except services.TrainingError as exc:
            raise refused(exc) from exc
        except InvalidResponse as exc:
            raise ValidationError({"answers": [_(DOES_NOT_FIT)]}) from exc
        return self._detail(attempt)

    @extend_schema(request=AnswersSerializer, responses=AttemptSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        """The final submit, graded on the server. Once only: a second
        submit (or one after the deadline + grace) answers 409."""
        attempt = self.get_object()
        try:
            attempt = services.attempt_submit(
                attempt=attempt, answers=self._answers(request)
            )
        except services.TrainingError as exc:
            raise refused(exc) from exc
        except InvalidResponse as exc:
            raise ValidationError({"answers": [_(DOES_NOT_FIT)]}) from exc
        attempt = self.get_queryset().get(pk=attempt.pk)
        return Response(AttemptSerializer(attempt).data)

    @extend_schema(parameters=[LANG], responses=ReviewSerializer)
    @action(detail=True, methods=["get"])
    def review(self, request, pk=None):
        """A finished attempt question by question: score, correct answers
        and feedback each only if the quiz's review options allow them now.
        An open attempt has no review yet (409)."""
        attempt = self.get_object()
        if attempt.is_open:
            raise Refused(
                _("This attempt is still open: submit it to see its review."), 409
            )
        options = selectors.review_options(attempt, attempt.quiz)
        items = selectors.attempt_review(attempt, options)
        return Response(
            {
                "attempt": AttemptSerializer(attempt).data,
                "items": QuestionSerializer(items, many=True).data,
            }
        )
