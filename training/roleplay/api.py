"""REST API for role-play sessions, assessments, criterion scores and
calibration (registered by training/api.py). Querysets are filtered by
training.roleplay.permissions; writes go through services."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from courses.models import CoursePage, RolePlayScenario, Rubric
from courses.scoring import InvalidResponse
from people.access import employee_of
from people.api_auth import TokenScope
from people.models import ApiToken, Employee
from people.permissions import HasRole
from training.models import (
    CalibrationSession,
    CriterionScore,
    Recording,
    RolePlayAssessment,
    RolePlaySession,
)

from . import permissions, selectors, services
from .forms import validate_schedule_year
from .uploads import recording_content_type

Kind = RolePlayAssessment.Kind


def _me(request) -> Employee:
    me = employee_of(request.user)
    if me is None:
        raise PermissionDenied
    return me


class TokenReadScope(TokenScope):
    """API tokens may read here with the `read` scope and never write (no
    token scope covers role-plays). Signed-in users are checked by the
    role-play rules alone: assessors score on tablets without an MFA step."""

    def has_permission(self, request, view):
        if isinstance(request.auth, ApiToken):
            return super().has_permission(request, view)
        return True


PERMISSIONS = [IsAuthenticated, TokenReadScope]


class CreateListRetrieve(
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    permission_classes = PERMISSIONS


# --- sessions -----------------------------------------------------------------


class RolePlaySessionSerializer(serializers.ModelSerializer):
    scenario = serializers.PrimaryKeyRelatedField(
        queryset=RolePlayScenario.objects.all()
    )
    course = serializers.PrimaryKeyRelatedField(
        queryset=CoursePage.objects.all(), allow_null=True, required=False
    )
    learners = serializers.PrimaryKeyRelatedField(
        queryset=Employee.objects.active(), many=True
    )
    assessors = serializers.PrimaryKeyRelatedField(
        queryset=Employee.objects.active(), many=True
    )
    brief = serializers.SerializerMethodField()

    class Meta:
        model = RolePlaySession
        fields = [
            "id",
            "scenario",
            "course",
            "learners",
            "assessors",
            "scheduled_at",
            "location",
            "remote",
            "peer_deadline",
            "status",
            "organiser",
            "brief",
        ]
        read_only_fields = ["status", "organiser", "brief"]
        extra_kwargs = {"scheduled_at": {"validators": [validate_schedule_year]}}

    def get_brief(self, obj) -> dict:
        return selectors.brief(obj)

    def validate(self, data):
        learners, assessors = data.get("learners") or [], data.get("assessors") or []
        if not learners or not assessors:
            raise ValidationError("a role-play needs learners and assessors")
        if {e.pk for e in learners} & {e.pk for e in assessors}:
            raise ValidationError("a learner cannot assess their own role-play")
        user = self.context["request"].user
        allowed, _ = permissions.schedulable(user)
        if allowed.filter(pk__in=[e.pk for e in learners]).count() != len(learners):
            raise ValidationError({"learners": "not a learner you may schedule"})
        return data


class RolePlaySessionViewSet(CreateListRetrieve):
    """Role-play sessions the user may see; trainers, managers and HR schedule."""

    serializer_class = RolePlaySessionSerializer
    filterset_fields = ["status", "scenario"]

    def get_permissions(self):
        if self.action == "create":
            return [*super().get_permissions(), HasRole.of(*permissions.SCHEDULERS)()]
        return super().get_permissions()

    def get_queryset(self):
        return selectors.sessions_for(self.request.user)

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.session_schedule(
            organiser=_me(self.request),
            scenario=data["scenario"],
            learners=data["learners"],
            assessors=data["assessors"],
            scheduled_at=data["scheduled_at"],
            location=data.get("location", ""),
            remote=data.get("remote", False),
            course=data.get("course"),
            peer_deadline=data.get("peer_deadline"),
        )


# --- assessments and criterion scores ----------------------------------------


class CriterionScoreSerializer(serializers.ModelSerializer):
    assessment = serializers.PrimaryKeyRelatedField(
        queryset=RolePlayAssessment.objects.all()
    )
    level_id = serializers.CharField(allow_null=True, max_length=64)

    class Meta:
        model = CriterionScore
        fields = ["id", "assessment", "criterion_id", "level_id", "points", "comment"]
        read_only_fields = ["points"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            # Someone else's sheet does not exist, as far as the caller knows.
            self.fields["assessment"].queryset = RolePlayAssessment.objects.filter(
                assessor=employee_of(request.user)
            )


class NestedScoreSerializer(serializers.ModelSerializer):
    class Meta:
        model = CriterionScore
        fields = ["criterion_id", "level_id", "points", "comment"]


class RolePlayAssessmentSerializer(serializers.ModelSerializer):
    session = serializers.PrimaryKeyRelatedField(queryset=RolePlaySession.objects.all())
    learner = serializers.PrimaryKeyRelatedField(queryset=Employee.objects.all())
    scores = NestedScoreSerializer(many=True, read_only=True)

    class Meta:
        model = RolePlayAssessment
        fields = [
            "id",
            "kind",
            "session",
            "learner",
            "assessor",
            "rubric_version",
            "status",
            "overall_comment",
            "percent",
            "passed",
            "failed_critical",
            "submitted_at",
            "acknowledged_at",
            "scores",
        ]
        read_only_fields = [
            "kind",
            "assessor",
            "rubric_version",
            "status",
            "percent",
            "passed",
            "failed_critical",
            "submitted_at",
            "acknowledged_at",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["session"].queryset = permissions.sessions_visible_to(
                request.user
            )


class SubmitSerializer(serializers.Serializer):
    overall_comment = serializers.CharField(required=False, allow_blank=True)


class RolePlayAssessmentViewSet(CreateListRetrieve):
    """Score sheets the user may see. Creating one starts the caller's own
    draft for a learner of a session: their self-assessment if they are the
    learner, the blind second sheet if they are the second assessor, else the
    assessor's sheet (assessors and the organiser only)."""

    serializer_class = RolePlayAssessmentSerializer
    filterset_fields = ["session", "learner", "kind", "status", "calibration"]

    def get_queryset(self):
        return selectors.assessments_for(self.request.user)

    def perform_create(self, serializer):
        me = _me(self.request)
        session = serializer.validated_data["session"]
        learner = serializer.validated_data["learner"]
        if not session.learners.filter(pk=learner.pk).exists():
            raise ValidationError({"learner": "not a learner of this session"})
        try:
            kind = permissions.scoring_kind(me, session, learner)
        except DjangoPermissionDenied as exc:
            raise PermissionDenied from exc
        assessment = services.session_start_assessment(
            session=session, learner=learner, assessor=me, kind=kind
        )
        if "overall_comment" in serializer.validated_data:
            services.assessment_save(
                by=self.request.user,
                assessment=assessment,
                scores={},
                overall_comment=serializer.validated_data["overall_comment"],
            )
            assessment.refresh_from_db()
        serializer.instance = assessment

    @extend_schema(request=SubmitSerializer, responses=RolePlayAssessmentSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        """Score and lock the caller's own draft (400 if a criterion is missing)."""
        assessment = self.get_object()
        if assessment.assessor_id != _me(request).pk:
            raise NotFound
        body = SubmitSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            assessment = services.assessment_save(
                by=request.user,
                assessment=assessment,
                scores={},
                overall_comment=body.validated_data.get("overall_comment"),
                submit=True,
            )
        except InvalidResponse as exc:
            raise ValidationError({"detail": str(exc)}) from exc
        return Response(self.get_serializer(assessment).data)


class CriterionScoreViewSet(
    mixins.CreateModelMixin, mixins.ListModelMixin, viewsets.GenericViewSet
):
    """Criterion scores of visible sheets. POST sets one criterion's level
    (null = N/A) and comment on the caller's own draft; a criterion or level
    not in the sheet's rubric version answers 400 and stores nothing."""

    permission_classes = PERMISSIONS
    serializer_class = CriterionScoreSerializer
    filterset_fields = ["assessment"]

    def get_queryset(self):
        return CriterionScore.objects.filter(
            assessment__in=permissions.assessments_visible_to(self.request.user)
        ).order_by("assessment_id", "pk")

    def perform_create(self, serializer):
        data = serializer.validated_data
        try:
            services.assessment_save(
                by=self.request.user,
                assessment=data["assessment"],
                scores={
                    data["criterion_id"]: (data["level_id"], data.get("comment", ""))
                },
            )
        except InvalidResponse as exc:
            raise ValidationError({"detail": str(exc)}) from exc
        serializer.instance = CriterionScore.objects.get(
            assessment=data["assessment"], criterion_id=data["criterion_id"]
        )


# --- calibration --------------------------------------------------------------


class CalibrationSessionSerializer(serializers.ModelSerializer):
    rubric = serializers.PrimaryKeyRelatedField(
        queryset=Rubric.objects.all(), write_only=True
    )
    assessors = serializers.PrimaryKeyRelatedField(
        queryset=Employee.objects.active(), many=True
    )
    recordings = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = CalibrationSession
        fields = [
            "id",
            "title",
            "rubric",
            "rubric_version",
            "organiser",
            "assessors",
            "max_deviation",
            "min_agreement",
            "recordings",
            "created_at",
        ]
        read_only_fields = ["rubric_version", "organiser", "recordings", "created_at"]

    def validate_assessors(self, value):
        if len(value) < 2:
            raise ValidationError("calibration needs at least two assessors")
        return value


class SheetScoreSerializer(serializers.Serializer):
    criterion_id = serializers.CharField(max_length=64)
    level_id = serializers.CharField(allow_null=True, max_length=64)
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class CalibrationSheetSerializer(serializers.Serializer):
    recording = serializers.IntegerField()
    scores = SheetScoreSerializer(many=True)
    overall_comment = serializers.CharField(required=False, allow_blank=True)


class StatisticSerializer(serializers.Serializer):
    """One statistic with its 95 % interval and verdict (code and words in
    the request's language)."""

    key = serializers.CharField()
    name = serializers.CharField()
    description = serializers.CharField()
    value = serializers.FloatField(allow_null=True)
    ci_low = serializers.FloatField(allow_null=True)
    ci_high = serializers.FloatField(allow_null=True)
    verdict = serializers.CharField(
        help_text="poor, moderate, good, excellent "
        "(ICC, Koo & Li 2016); unreliable, tentative, reliable (alpha); '' if undefined"
    )
    verdict_label = serializers.CharField()
    tone = serializers.CharField(help_text="good, warn, bad or ''")


class FiguresSerializer(serializers.Serializer):
    subjects = serializers.IntegerField()
    raters = serializers.IntegerField()
    icc_1_1 = serializers.FloatField(allow_null=True)
    icc_1_k = serializers.FloatField(allow_null=True)
    icc_2_1 = serializers.FloatField(allow_null=True)
    icc_3_1 = serializers.FloatField(allow_null=True)
    icc_2_k = serializers.FloatField(allow_null=True)
    icc_3_k = serializers.FloatField(allow_null=True)
    alpha_nominal = serializers.FloatField(allow_null=True)
    alpha_interval = serializers.FloatField(allow_null=True)
    alpha_ordinal = serializers.FloatField(allow_null=True)
    alpha_ratio = serializers.FloatField(allow_null=True)
    percent_exact = serializers.FloatField(allow_null=True)
    complete = serializers.IntegerField(
        help_text="Rows scored by every assessor: the n of the ICCs."
    )
    units = serializers.IntegerField(allow_null=True, help_text="Recordings.")
    complete_units = serializers.IntegerField(
        allow_null=True, help_text="Recordings whose every row is complete."
    )
    headline = serializers.SerializerMethodField(
        help_text="The statistic that answers 'do our assessors agree on one "
        "sheet?': ICC(2,1), absolute agreement, single assessor."
    )
    statistics = StatisticSerializer(many=True)

    def get_headline(self, figures) -> str:
        return selectors.HEADLINE


class CalibrationReportSerializer(serializers.Serializer):
    calibration = serializers.IntegerField(source="calibration.pk")
    submitted = serializers.IntegerField()
    expected = serializers.IntegerField()
    overall = FiguresSerializer()
    criteria = serializers.SerializerMethodField()
    assessors = serializers.SerializerMethodField()

    def get_criteria(self, report) -> list[dict]:
        return [
            {
                "criterion_id": c.criterion["id"],
                "title": c.criterion["title"],
                "percent_exact": c.percent_exact,
                "alpha_interval": c.alpha_interval,
                "mean": c.mean,
            }
            for c in report.criteria
        ]

    def get_assessors(self, report) -> list[dict]:
        return [
            {
                "employee": a.employee.pk,
                "name": a.employee.name,
                "sheets": a.sheets,
                "deviation": a.deviation,
                "deviation_levels": a.deviation_levels,
                "agreement": a.agreement,
                "flagged": a.flagged,
                "reasons": a.reasons,
            }
            for a in report.per_assessor
        ]


class RecordingUploadSerializer(serializers.Serializer):
    file = serializers.FileField()


class RecordingSerializer(serializers.ModelSerializer):
    class Meta:
        model = Recording
        fields = ["id", "content_type", "size", "original_name", "uploaded_at"]


class CalibrationSessionViewSet(CreateListRetrieve):
    """Calibration sessions: trainers and HR create them and read the report;
    each assessor submits their own blind sheet per recording."""

    serializer_class = CalibrationSessionSerializer

    def get_permissions(self):
        if self.action == "create":
            return [*super().get_permissions(), HasRole.of(*permissions.CALIBRATORS)()]
        return super().get_permissions()

    def get_queryset(self):
        return (
            permissions.calibrations_visible_to(self.request.user)
            .prefetch_related("assessors", "recordings")
            .order_by("-created_at", "-pk")
        )

    def perform_create(self, serializer):
        data = serializer.validated_data
        try:
            serializer.instance = services.calibration_create(
                organiser=_me(self.request),
                title=data["title"],
                rubric=data["rubric"],
                assessors=data["assessors"],
                max_deviation=data.get("max_deviation", 10.0),
                min_agreement=data.get("min_agreement", 0.6),
            )
        except ValueError as exc:
            raise ValidationError({"rubric": str(exc)}) from exc

    @extend_schema(
        request=CalibrationSheetSerializer, responses=RolePlayAssessmentSerializer
    )
    @action(detail=True, methods=["post"])
    def scores(self, request, pk=None):
        """Submit the caller's sheet for one recording (complete, blind)."""
        calibration = self.get_object()
        me = _me(request)
        if not calibration.assessors.filter(pk=me.pk).exists():
            raise PermissionDenied
        body = CalibrationSheetSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        recording = calibration.recordings.filter(
            pk=body.validated_data["recording"]
        ).first()
        if recording is None:
            raise ValidationError({"recording": "not a recording of this session"})
        scores = {
            s["criterion_id"]: (s["level_id"], s.get("comment", ""))
            for s in body.validated_data["scores"]
        }
        try:
            with transaction.atomic():
                sheet = services.calibration_start_sheet(
                    calibration=calibration, recording=recording, assessor=me
                )
                sheet = services.assessment_save(
                    by=request.user,
                    assessment=sheet,
                    scores=scores,
                    overall_comment=body.validated_data.get("overall_comment"),
                    submit=True,
                )
        except InvalidResponse as exc:
            raise ValidationError({"detail": str(exc)}) from exc
        return Response(
            RolePlayAssessmentCalibrationSerializer(sheet).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(responses=CalibrationReportSerializer)
    @action(detail=True, methods=["get"])
    def report(self, request, pk=None):
        """ICC, Krippendorff's alpha, per-criterion agreement, assessor
        deviation and flags (organiser and HR)."""
        calibration = self.get_object()
        if not permissions.can_see_calibration_report(request.user, calibration):
            raise PermissionDenied
        return Response(
            CalibrationReportSerializer(selectors.calibration_report(calibration)).data
        )

    @extend_schema(
        request={"multipart/form-data": RecordingUploadSerializer},
        responses=RecordingSerializer,
    )
    @action(detail=True, methods=["post"])
    def recordings(self, request, pk=None):
        """Add a recording (organiser); type checked by content, size-limited."""
        calibration = self.get_object()
        me = _me(request)
        if calibration.organiser_id != me.pk:
            raise PermissionDenied
        body = RecordingUploadSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        uploaded = body.validated_data["file"]
        try:
            content_type = recording_content_type(uploaded)
        except DjangoValidationError as exc:
            raise ValidationError({"file": exc.messages}) from exc
        recording = services.recording_add(
            uploaded=uploaded,
            content_type=content_type,
            uploader=me,
            calibration=calibration,
        )
        return Response(RecordingSerializer(recording).data, status=201)


class RolePlayAssessmentCalibrationSerializer(serializers.ModelSerializer):
    scores = NestedScoreSerializer(many=True, read_only=True)

    class Meta:
        model = RolePlayAssessment
        fields = [
            "id",
            "kind",
            "calibration",
            "recording",
            "assessor",
            "rubric_version",
            "status",
            "percent",
            "passed",
            "submitted_at",
            "scores",
        ]
        read_only_fields = fields


def register(router) -> None:
    router.register(
        "roleplay-sessions", RolePlaySessionViewSet, basename="roleplay-session"
    )
    router.register(
        "roleplay-assessments",
        RolePlayAssessmentViewSet,
        basename="roleplay-assessment",
    )
    router.register(
        "roleplay-criterion-scores",
        CriterionScoreViewSet,
        basename="roleplay-criterion-score",
    )
    router.register(
        "calibration-sessions",
        CalibrationSessionViewSet,
        basename="calibration-session",
    )
