"""Enrolments (list, filter, read) and assignments (create, as the assign
form allows: a course or a learning path, to people, a team, a store or a
position, with a due date)."""

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from courses.choices import originals
from courses.models import CoursePage, LearningPath
from people.models import Employee, Position, Store, Team
from people.permissions import HasRole
from people.roles import Role

from .. import content, services
from ..models import Enrollment
from ..permissions import assignable_employees, enrollments_visible_to
from .common import LANG, PERMISSIONS, InLanguage, me, refused

ASSIGNERS = (Role.MANAGER, Role.TRAINER, Role.HR)


class EnrollmentSerializer(serializers.ModelSerializer):
    employee_name = serializers.CharField(source="employee.name", read_only=True)
    course_title = serializers.SerializerMethodField()
    translation_missing = serializers.SerializerMethodField(
        help_text="The course title is the original's: no translation in the "
        "requested language."
    )
    path = serializers.IntegerField(
        source="path_enrollment.path_id", read_only=True, allow_null=True
    )
    status = serializers.ChoiceField(
        choices=Enrollment.Status.choices,
        read_only=True,
        help_text="Overdue is derived: due date passed, not completed.",
    )
    certificate = serializers.SerializerMethodField()

    class Meta:
        model = Enrollment
        fields = [
            "id",
            "employee",
            "employee_name",
            "course",
            "course_title",
            "translation_missing",
            "path",
            "source",
            "assigned_by",
            "due_date",
            "status",
            "is_current",
            "created_at",
            "started_at",
            "completed_at",
            "progress_percent",
            "quiz_grade",
            "certificate",
        ]
        read_only_fields = fields

    def _shown(self, obj):
        # training.content's cached directory: no query per row.
        return content.course_titles([obj.course_id])[obj.course_id]

    def get_course_title(self, obj) -> str:
        return self._shown(obj).title

    def get_translation_missing(self, obj) -> bool:
        return self._shown(obj).is_fallback

    def get_certificate(self, obj) -> int | None:
        cert = getattr(obj, "certificate", None)
        return cert.pk if cert is not None else None


class AssignmentSerializer(serializers.Serializer):
    """Exactly one of course or path; targets as on the assign page (a
    team, store or position narrowed to the people the caller may assign)."""

    course = serializers.PrimaryKeyRelatedField(
        queryset=originals(CoursePage.objects.live()), required=False, allow_null=True
    )
    path = serializers.PrimaryKeyRelatedField(
        queryset=originals(LearningPath.objects.all()),
        required=False,
        allow_null=True,
    )
    # Querysets narrowed to the caller's assignable people in __init__.
    employees = serializers.PrimaryKeyRelatedField(
        queryset=Employee.objects.none(), many=True, required=False
    )
    team = serializers.PrimaryKeyRelatedField(
        queryset=Team.objects.none(), required=False, allow_null=True
    )
    store = serializers.PrimaryKeyRelatedField(
        queryset=Store.objects.none(), required=False, allow_null=True
    )
    position = serializers.ChoiceField(
        choices=Position.choices, required=False, allow_blank=True
    )
    due_date = serializers.DateField(required=False, allow_null=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            people = assignable_employees(request.user)
            self.fields["employees"].child_relation.queryset = people
            self.fields["team"].queryset = Team.objects.filter(
                pk__in=people.values("team")
            )
            self.fields["store"].queryset = Store.objects.filter(
                pk__in=people.values("store")
            )

    def validate_due_date(self, value):
        if value and value < timezone.localdate():
            raise ValidationError(_("The due date cannot be in the past."))
        return value

    def validate(self, data):
        if bool(data.get("course")) == bool(data.get("path")):
            raise ValidationError(_("Choose a course or a learning path."))
        if not (
            data.get("employees")
            or data.get("team")
            or data.get("store")
            or data.get("position")
        ):
            raise ValidationError(
                {"employees": [_("Choose people, a team, a store or a position.")]}
            )
        return data


class SelfEnrolSerializer(serializers.Serializer):
    course = serializers.PrimaryKeyRelatedField(queryset=CoursePage.objects.live())


class EnrollmentFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        choices=Enrollment.Status.choices, method="by_status"
    )
    due_before = django_filters.DateFilter(field_name="due_date", lookup_expr="lte")
    due_after = django_filters.DateFilter(field_name="due_date", lookup_expr="gte")
    path = django_filters.NumberFilter(field_name="path_enrollment__path")

    class Meta:
        model = Enrollment
        fields = ["employee", "course", "source", "is_current"]

    def by_status(self, queryset, name, value):
        # The same rule as Enrollment.status_on, in SQL.
        today = timezone.localdate()
        done = Q(completed_at__isnull=False)
        late = Q(due_date__lt=today) & ~done
        S = Enrollment.Status
        return queryset.filter(
            {
                S.COMPLETED: done,
                S.OVERDUE: late,
                S.IN_PROGRESS: Q(started_at__isnull=False) & ~done & ~late,
                S.NOT_STARTED: Q(started_at__isnull=True) & ~done & ~late,
            }[value]
        )


@extend_schema_view(
    list=extend_schema(parameters=[LANG]), retrieve=extend_schema(parameters=[LANG])
)
class EnrollmentViewSet(
    InLanguage,
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Enrolments whose records the caller may see (their own; a manager
    their team's; a trainer those of their courses; HR all). POST assigns
    (managers, trainers, HR), idempotently: an existing enrolment is kept
    and takes the new due date."""

    permission_classes = PERMISSIONS
    serializer_class = EnrollmentSerializer
    filterset_class = EnrollmentFilter

    def get_permissions(self):
        if self.action == "create":
            return [*super().get_permissions(), HasRole.of(*ASSIGNERS)()]
        return super().get_permissions()

    def get_serializer_class(self):
        return {"create": AssignmentSerializer, "enrol": SelfEnrolSerializer}.get(
            self.action, super().get_serializer_class()
        )

    def get_queryset(self):
        return (
            enrollments_visible_to(self.request.user)
            .select_related("employee", "path_enrollment", "certificate")
            .order_by("-created_at", "-pk")
        )

    @extend_schema(
        request=AssignmentSerializer,
        responses={201: EnrollmentSerializer(many=True)},
    )
    def create(self, request, *args, **kwargs):
        body = AssignmentSerializer(data=request.data, context={"request": request})
        body.is_valid(raise_exception=True)
        data = body.validated_data
        allowed = assignable_employees(request.user)
        # Group targets are narrowed to the people this user may assign.
        chosen = services._targets(
            employees=data.get("employees") or [],
            team=data.get("team"),
            store=data.get("store"),
            position=data.get("position") or None,
        )
        ids = set(
            allowed.filter(pk__in=[e.pk for e in chosen]).values_list("pk", flat=True)
        )
        result = services.assignment_create(
            course=data.get("course"),
            path=data.get("path"),
            employees=[e for e in chosen if e.pk in ids],
            due_date=data.get("due_date"),
            assigned_by=me(request),
        )
        rows = self.get_queryset().filter(pk__in=[e.pk for e in result])
        return Response(
            EnrollmentSerializer(rows, many=True).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(request=SelfEnrolSerializer, responses={201: EnrollmentSerializer})
    @action(detail=False, methods=["post"])
    def enrol(self, request):
        """Enrol oneself in a course open to one's position, as the course
        page's button does (prerequisites first: 403 with what is missing)."""
        body = SelfEnrolSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            enrollment = services.enrollment_self_enrol(
                employee=me(request), course=body.validated_data["course"]
            )
        except services.TrainingError as exc:
            raise refused(exc) from exc
        row = self.get_queryset().get(pk=enrollment.pk)
        return Response(EnrollmentSerializer(row).data, status=status.HTTP_201_CREATED)
