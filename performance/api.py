"""REST API: employees, metrics and observations (paginated, filtered by the
access rule), and bulk POST of observations with the file import's rules."""

import django_filters
from django.db.models import Q
from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
    inline_serializer,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ParseError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from people.api_auth import TokenScope
from people.models import ApiToken, Employee
from people.permissions import HasRole
from people.roles import Role, roles_of

from .forms import METRIC_FIELDS
from .ingest import reason
from .models import Level, Metric, Observation
from .permissions import visible_employees
from .services import observations_import_records

MAX_BULK = 10_000


class EmployeeSerializer(serializers.ModelSerializer):
    store = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True
    )
    team = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True
    )
    manager = serializers.SlugRelatedField(
        slug_field="number", read_only=True, allow_null=True
    )

    class Meta:
        model = Employee
        fields = [
            "id",
            "number",
            "name",
            "position",
            "store",
            "team",
            "manager",
            "status",
        ]


class MetricSerializer(serializers.ModelSerializer):
    class Meta:
        model = Metric
        fields = ["id", *METRIC_FIELDS]


class ObservationSerializer(serializers.ModelSerializer):
    metric = serializers.SlugRelatedField(slug_field="code", read_only=True)
    employee_number = serializers.CharField(
        source="employee.number", read_only=True, allow_null=True, default=None
    )
    team_code = serializers.CharField(
        source="team.code", read_only=True, allow_null=True, default=None
    )
    store_code = serializers.CharField(
        source="store.code", read_only=True, allow_null=True, default=None
    )

    class Meta:
        model = Observation
        fields = [
            "id",
            "metric",
            "level",
            "employee_number",
            "team_code",
            "store_code",
            "period_start",
            "period_end",
            "value",
            "numerator",
            "denominator",
            "sample_size",
            "source",
        ]


class ObservationInSerializer(serializers.Serializer):
    """One observation to import; give one of employee_number, team_code,
    store_code, and value (or numerator and denominator for rates)."""

    employee_number = serializers.CharField(
        required=False, allow_blank=True, max_length=30
    )
    team_code = serializers.CharField(required=False, allow_blank=True, max_length=30)
    store_code = serializers.CharField(required=False, allow_blank=True, max_length=30)
    metric = serializers.CharField(max_length=40)
    period_start = serializers.DateField()
    period_end = serializers.DateField(required=False, allow_null=True)
    value = serializers.FloatField(required=False, allow_null=True)
    numerator = serializers.FloatField(required=False, allow_null=True)
    denominator = serializers.FloatField(required=False, allow_null=True)
    sample_size = serializers.IntegerField(required=False, allow_null=True, min_value=0)
    source = serializers.CharField(required=False, allow_blank=True, max_length=60)


class BulkInSerializer(serializers.Serializer):
    source = serializers.SlugField(max_length=60)
    observations = ObservationInSerializer(many=True, max_length=MAX_BULK)


class RowErrorSerializer(serializers.Serializer):
    index = serializers.IntegerField()
    column = serializers.CharField()
    reason = serializers.CharField()


BulkResult = inline_serializer(
    "BulkResult",
    fields={
        "batch": serializers.UUIDField(),
        "created": serializers.IntegerField(),
        "updated": serializers.IntegerField(),
        "unchanged": serializers.IntegerField(),
    },
)
BulkErrors = inline_serializer(
    "BulkErrors",
    fields={
        "batch": serializers.UUIDField(allow_null=True),
        "errors": RowErrorSerializer(many=True),
    },
)


class ObservationFilter(django_filters.FilterSet):
    metric = django_filters.CharFilter(field_name="metric__code")
    employee_number = django_filters.CharFilter(field_name="employee__number")
    team_code = django_filters.CharFilter(field_name="team__code")
    store_code = django_filters.CharFilter(field_name="store__code")
    level = django_filters.ChoiceFilter(choices=Level.choices)
    source = django_filters.CharFilter()
    start = django_filters.DateFilter(field_name="period_start", lookup_expr="gte")
    end = django_filters.DateFilter(field_name="period_end", lookup_expr="lte")

    class Meta:
        model = Observation
        fields = [
            "metric",
            "employee_number",
            "team_code",
            "store_code",
            "level",
            "source",
            "start",
            "end",
        ]


class EmployeeFilter(django_filters.FilterSet):
    number = django_filters.CharFilter()
    store = django_filters.CharFilter(field_name="store__code")
    team = django_filters.CharFilter(field_name="team__code")
    status = django_filters.ChoiceFilter(choices=Employee.Status.choices)

    class Meta:
        model = Employee
        fields = ["number", "store", "team", "status"]


PERMISSIONS = [IsAuthenticated, TokenScope]


class EmployeeViewSet(viewsets.ReadOnlyModelViewSet):
    """Employees whose performance records the caller may see."""

    serializer_class = EmployeeSerializer
    permission_classes = PERMISSIONS
    filterset_class = EmployeeFilter

    def get_queryset(self):
        return (
            visible_employees(self.request.user)
            .select_related("store", "team", "manager")
            .order_by("number")
        )


class MetricViewSet(viewsets.ReadOnlyModelViewSet):
    """Metric definitions (codes, units, targets, valid ranges)."""

    serializer_class = MetricSerializer
    permission_classes = PERMISSIONS
    queryset = Metric.objects.order_by("code")
    filterset_fields = ["level", "is_active"]


def _visible_observations(user):
    qs = Observation.objects.select_related("metric", "employee", "team", "store")
    if Role.HR in roles_of(user):
        return qs
    # Employee rows follow the access rule; team and store figures are shown
    # for the teams and stores of the employees the caller may see.
    visible = visible_employees(user)
    return qs.filter(
        Q(employee__in=visible)
        | Q(team__in=visible.values("team_id"))
        | Q(store__in=visible.values("store_id"))
    )


@extend_schema_view(
    list=extend_schema(summary="List observations the caller may see"),
    retrieve=extend_schema(summary="One observation"),
)
class ObservationViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Observations; POST bulk/ imports many at once (all or nothing)."""

    serializer_class = ObservationSerializer
    permission_classes = PERMISSIONS
    filterset_class = ObservationFilter
    write_scope = ApiToken.Scope.OBSERVATIONS_WRITE

    def get_queryset(self):
        return _visible_observations(self.request.user).order_by("period_start", "id")

    def handle_exception(self, exc):
        # The body may first be parsed anywhere (authentication, throttling):
        # an unreadable bulk body still answers in the documented error shape.
        if self.action == "bulk" and isinstance(exc, ParseError):
            return Response(
                {"batch": None, "errors": _serializer_errors({"body": [exc.detail]})},
                status=status.HTTP_400_BAD_REQUEST,
            )
        return super().handle_exception(exc)

    def get_permissions(self):
        if self.action == "bulk":
            return [*super().get_permissions(), HasRole.of(Role.HR)()]
        return super().get_permissions()

    @extend_schema(
        summary="Import observations in bulk",
        description=(
            "All or nothing, with the same validation as file imports. Unique per "
            "(subject, metric, period, source): sending the same data again "
            "updates it and never counts it twice. Needs HR and, for tokens, the "
            "observations:write scope."
        ),
        request=BulkInSerializer,
        responses={
            200: BulkResult,
            400: BulkErrors,
            401: OpenApiResponse(description="Not authenticated"),
            403: OpenApiResponse(description="Not allowed"),
        },
    )
    @action(detail=False, methods=["post"], url_path="bulk")
    def bulk(self, request):
        data = BulkInSerializer(data=request.data)
        if not data.is_valid():
            return Response(
                {"batch": None, "errors": _serializer_errors(data.errors)},
                status=status.HTTP_400_BAD_REQUEST,
            )
        records = [
            {k: ("" if v is None else v) for k, v in item.items()}
            for item in data.validated_data["observations"]
        ]
        for record in records:
            for key in ("period_start", "period_end"):
                if record.get(key):
                    record[key] = record[key].isoformat()
        result = observations_import_records(
            records=records, source=data.validated_data["source"], user=request.user
        )
        if not result.ok:
            metrics = {m.code: m for m in Metric.objects.all()}
            errors = [
                {
                    "index": e.row,
                    "column": e.column,
                    "reason": reason(e.code, e.value, e.detail, metrics),
                }
                for e in result.batch.row_errors.order_by("row", "column")
            ]
            return Response(
                {"batch": result.batch.pk, "errors": errors},
                status=status.HTTP_400_BAD_REQUEST,
            )
        return Response(
            {
                "batch": result.batch.pk,
                "created": result.created,
                "updated": result.updated,
                "unchanged": result.unchanged,
            }
        )


def _serializer_errors(errors) -> list[dict]:
    """DRF's nested error dict → flat (index, column, reason) rows."""
    rows = []
    for field, value in errors.items():
        if field == "observations" and isinstance(value, dict | list):
            items = value.items() if isinstance(value, dict) else enumerate(value)
            for index, item in items:
                if not isinstance(index, int):
                    # The list itself is wrong ("non_field_errors": not a list).
                    for message in item if isinstance(item, list) else [item]:
                        rows.append(
                            {"index": -1, "column": field, "reason": str(message)}
                        )
                elif isinstance(item, dict):
                    for column, messages in item.items():
                        for message in messages:
                            rows.append(
                                {
                                    "index": index,
                                    "column": column,
                                    "reason": str(message),
                                }
                            )
                elif item:
                    rows.append({"index": index, "column": "", "reason": str(item)})
        else:
            messages = value if isinstance(value, list) else [value]
            for message in messages:
                rows.append({"index": -1, "column": field, "reason": str(message)})
    return rows


def register(router) -> None:
    """Add this app's viewsets to the API router (config/api.py)."""
    router.register(
        "performance/employees", EmployeeViewSet, basename="performance-employee"
    )
    router.register("performance/metrics", MetricViewSet, basename="performance-metric")
    router.register(
        "performance/observations",
        ObservationViewSet,
        basename="performance-observation",
    )
    from .complaints.api import register as register_complaints
    from .reviews.api import register as register_reviews

    register_complaints(router)
    register_reviews(router)
