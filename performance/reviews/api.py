"""Review API: schemes, cycles (open, compute, status, lock, export),
results with their components, adjustments and disputes. The same rule as
the pages: HR everything, managers their team, staff their own published
results (selectors.results_visible_to); services do every write and their
refusals answer 400 with the field concerned."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from people.access import employee_of
from people.api_auth import TokenScope
from people.models import ApiToken
from people.permissions import HasRole
from people.roles import Role, has_role

from ..models import (
    Adjustment,
    Dispute,
    ResultComponent,
    ReviewCycle,
    ReviewResult,
    ReviewScheme,
    SchemeComponent,
    SchemeTier,
)
from . import selectors, services
from .services import ReviewError

PERMISSIONS = [IsAuthenticated, TokenScope]
# Token writes (open, compute, lock, adjust, dispute) need this scope; the
# token's user still needs the role and access each endpoint checks.
WRITE_SCOPE = ApiToken.Scope.REVIEWS_WRITE
HR = [*PERMISSIONS, HasRole.of(Role.HR)]
MANAGER_OR_HR = [*PERMISSIONS, HasRole.of(Role.MANAGER, Role.HR)]


def _refused(exc: ReviewError):
    return ValidationError({exc.field or "non_field_errors": [str(exc.message)]})


class ComponentSerializer(serializers.ModelSerializer):
    class Meta:
        model = SchemeComponent
        fields = [
            "key",
            "kind",
            "metric",
            "calibrated_only",
            "normalisation",
            "target",
            "weight",
            "min_sample",
        ]


class TierSerializer(serializers.ModelSerializer):
    class Meta:
        model = SchemeTier
        fields = [
            "code",
            "name",
            "name_en",
            "min_score",
            "amount",
            "multiplier",
            "max_share",
        ]


class SchemeSerializer(serializers.ModelSerializer):
    components = ComponentSerializer(many=True)
    tiers = TierSerializer(many=True)

    class Meta:
        model = ReviewScheme
        fields = [
            "id",
            "code",
            "version",
            "name",
            "name_en",
            "base_amount",
            "max_adjustment",
            "min_tenure_days",
            "complaint_gate",
            "peer_same_store",
            "required_certificates",
            "components",
            "tiers",
        ]
        read_only_fields = ["version", "required_certificates"]
        extra_kwargs = {"code": {"validators": []}}


class SchemeViewSet(
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Review schemes (HR). Creating with an existing code makes its next
    version; weights must total 100 and tiers start at 0 without overlap."""

    serializer_class = SchemeSerializer
    permission_classes = HR
    write_scope = WRITE_SCOPE
    queryset = ReviewScheme.objects.prefetch_related(
        "components", "tiers", "required_certificates"
    ).order_by("code", "-version")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        components = [SchemeComponent(**c) for c in data.pop("components")]
        tiers = [SchemeTier(**t) for t in data.pop("tiers")]
        scheme = ReviewScheme(**data)
        try:
            serializer.instance = services.scheme_save(
                scheme=scheme, components=components, tiers=tiers, by=self.request.user
            )
        except ReviewError as exc:
            raise _refused(exc) from exc


class CycleSerializer(serializers.ModelSerializer):
    state_label = serializers.CharField(source="get_state_display", read_only=True)

    class Meta:
        model = ReviewCycle
        fields = [
            "id",
            "name",
            "name_en",
            "scheme",
            "period_start",
            "period_end",
            "stores",
            "positions",
            "appeal_days",
            "appeal_deadline",
            "state",
            "state_label",
            "progress",
            "phase",
            "population",
            "computed_at",
            "locked_at",
        ]
        read_only_fields = [
            "appeal_deadline",
            "state",
            "progress",
            "phase",
            "population",
            "computed_at",
            "locked_at",
        ]

    def validate_positions(self, value):
        from people.models import Position

        if not isinstance(value, list) or not set(value) <= set(Position.values):
            raise serializers.ValidationError("unknown position")
        return value


class StepSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=1000)


class StatusSerializer(serializers.Serializer):
    state = serializers.CharField()
    progress = serializers.IntegerField()
    phase = serializers.CharField()
    done = serializers.BooleanField()
    population = serializers.IntegerField()
    late_observations = serializers.IntegerField()


class PayrollRowSerializer(serializers.Serializer):
    employee_number = serializers.CharField()
    name = serializers.CharField()
    store = serializers.CharField(allow_blank=True)
    tier = serializers.CharField()
    score = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    amount = serializers.DecimalField(max_digits=12, decimal_places=2)


class CycleViewSet(
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Review cycles (HR): open, compute (queued; poll status), lock, and the
    payroll rows of a locked cycle."""

    serializer_class = CycleSerializer
    permission_classes = HR
    write_scope = WRITE_SCOPE
    queryset = ReviewCycle.objects.prefetch_related("stores").order_by(
        "-period_start", "-pk"
    )

    def perform_create(self, serializer):
        d = serializer.validated_data
        try:
            serializer.instance = services.cycle_open(
                scheme=d["scheme"],
                name=d["name"],
                name_en=d.get("name_en", ""),
                period_start=d["period_start"],
                period_end=d["period_end"],
                stores=d.get("stores", []),
                positions=d.get("positions", []),
                appeal_days=d.get("appeal_days", 14),
                by=self.request.user,
            )
        except ReviewError as exc:
            raise _refused(exc) from exc

    def _step(self, request, fn):
        step = StepSerializer(data=request.data)
        step.is_valid(raise_exception=True)
        try:
            cycle = fn(
                cycle=self.get_object(),
                by=request.user,
                reason=step.validated_data.get("reason", ""),
            )
        except ReviewError as exc:
            raise _refused(exc) from exc
        return Response(CycleSerializer(cycle).data)

    @extend_schema(request=StepSerializer, responses=CycleSerializer)
    @action(detail=True, methods=["post"])
    def compute(self, request, pk=None):
        return self._step(request, services.cycle_compute_start)

    @extend_schema(request=StepSerializer, responses=CycleSerializer)
    @action(detail=True, methods=["post"])
    def lock(self, request, pk=None):
        return self._step(request, services.cycle_lock)

    @extend_schema(responses=StatusSerializer)
    @action(detail=True, methods=["get"])
    def status(self, request, pk=None):
        cycle = self.get_object()
        return Response(
            {
                "state": cycle.state,
                "progress": cycle.progress,
                "phase": cycle.phase,
                "done": cycle.state != ReviewCycle.State.COMPUTING,
                "population": cycle.population,
                "late_observations": selectors.late_observations(cycle),
            }
        )

    @extend_schema(responses=PayrollRowSerializer(many=True))
    @action(detail=True, methods=["get"])
    def export(self, request, pk=None):
        cycle = self.get_object()
        if not cycle.is_frozen:
            raise ValidationError(
                {
                    "non_field_errors": [
                        "Lock the cycle before exporting the payroll file."
                    ]
                }
            )
        tiers = selectors.tier_names(cycle)
        rows = [
            {
                "employee_number": r.employee_number,
                "name": r.employee_name,
                "store": str(r.store) if r.store_id else "",
                "tier": tiers.get(r.tier_code, r.tier_code),
                "score": r.final_score,
                "amount": r.amount,
            }
            for r in cycle.results.select_related("store").order_by("employee_number")
        ]
        return Response(PayrollRowSerializer(rows, many=True).data)


class ResultComponentSerializer(serializers.ModelSerializer):
    key = serializers.CharField(source="component.key", read_only=True)
    label = serializers.CharField(source="component.label", read_only=True)

    class Meta:
        model = ResultComponent
        fields = [
            "id",
            "key",
            "label",
            "raw",
            "override",
            "n",
            "normalised",
            "weight",
            "effective_weight",
            "contribution",
            "included",
            "note",
        ]


class ResultSerializer(serializers.ModelSerializer):
    components = ResultComponentSerializer(many=True, read_only=True)

    class Meta:
        model = ReviewResult
        fields = [
            "id",
            "cycle",
            "employee",
            "employee_number",
            "employee_name",
            "store",
            "manager",
            "position",
            "computed_score",
            "adjustment",
            "final_score",
            "eligible",
            "failed_gates",
            "tier_code",
            "amount",
            "components",
        ]


class ResultViewSet(viewsets.ReadOnlyModelViewSet):
    """Results the caller may see, each with the explanation's figures."""

    serializer_class = ResultSerializer
    permission_classes = PERMISSIONS

    def get_queryset(self):
        return (
            selectors.results_visible_to(self.request.user)
            .prefetch_related("components__component__metric")
            .order_by("cycle_id", "employee_number")
        )


class AdjustmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Adjustment
        fields = ["id", "result", "value", "previous", "reason", "by", "created_at"]
        read_only_fields = ["previous", "by", "created_at"]

    def validate_reason(self, value):
        if not value.strip():
            raise serializers.ValidationError("Give a reason for the adjustment.")
        return value


class AdjustmentViewSet(
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Adjustments of results the caller may see; managers adjust their
    team's during manager review, HR also during calibration."""

    serializer_class = AdjustmentSerializer
    permission_classes = MANAGER_OR_HR
    write_scope = WRITE_SCOPE

    def get_queryset(self):
        return Adjustment.objects.filter(
            result__in=selectors.results_visible_to(self.request.user)
        ).order_by("-created_at", "-pk")

    def perform_create(self, serializer):
        result = serializer.validated_data["result"]
        me = employee_of(self.request.user)
        visible = selectors.results_visible_to(self.request.user).filter(pk=result.pk)
        if not visible.exists() or (me and result.employee_id == me.pk):
            raise ValidationError({"result": ["Unknown result."]})
        try:
            services.result_adjust(
                result=result,
                value=serializer.validated_data["value"],
                reason=serializer.validated_data["reason"],
                by=self.request.user,
                hr=has_role(self.request.user, Role.HR),
            )
        except ReviewError as exc:
            raise _refused(exc) from exc
        serializer.instance = result.adjustments.order_by("-pk").first()


class DisputeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Dispute
        fields = [
            "id",
            "result",
            "component",
            "evidence_kind",
            "evidence_id",
            "comment",
            "proposed_value",
            "state",
            "decided_value",
            "decision_reason",
            "raised_at",
            "decided_at",
            "score_before",
            "score_after",
        ]
        read_only_fields = [
            "result",
            "state",
            "decided_value",
            "decision_reason",
            "raised_at",
            "decided_at",
            "score_before",
            "score_after",
        ]

    def validate_evidence_kind(self, value):
        if value not in ("", "observation", "assessment"):
            raise serializers.ValidationError("Unknown evidence.")
        return value


class DecisionSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=["accepted", "partly", "rejected"])
    value = serializers.FloatField(required=False, allow_null=True, min_value=0)
    reason = serializers.CharField(max_length=2000)


class DisputeViewSet(
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Disputes: the employee raises one on a component of their own
    published result; their manager or HR decides."""

    serializer_class = DisputeSerializer
    permission_classes = PERMISSIONS
    write_scope = WRITE_SCOPE

    def get_queryset(self):
        return Dispute.objects.filter(
            result__in=selectors.results_visible_to(self.request.user)
        ).order_by("-raised_at", "-pk")

    def perform_create(self, serializer):
        component = serializer.validated_data["component"]
        me = employee_of(self.request.user)
        if me is None or component.result.employee_id != me.pk:
            raise ValidationError({"component": ["Not a component of your result."]})
        try:
            serializer.instance = services.dispute_raise(
                component=component,
                comment=serializer.validated_data.get("comment", ""),
                proposed_value=serializer.validated_data.get("proposed_value"),
                evidence_kind=serializer.validated_data.get("evidence_kind", ""),
                evidence_id=serializer.validated_data.get("evidence_id"),
                by=self.request.user,
            )
        except ReviewError as exc:
            raise _refused(exc) from exc

    @extend_schema(request=DecisionSerializer, responses=DisputeSerializer)
    @action(detail=True, methods=["post"], permission_classes=MANAGER_OR_HR)
    def decide(self, request, pk=None):
        dispute = self.get_object()
        me = employee_of(request.user)
        if me is not None and dispute.result.employee_id == me.pk:
            raise NotFound
        decision = DecisionSerializer(data=request.data)
        decision.is_valid(raise_exception=True)
        try:
            dispute = services.dispute_decide(
                dispute=dispute,
                decision=decision.validated_data["decision"],
                reason=decision.validated_data["reason"],
                value=decision.validated_data.get("value"),
                by=request.user,
            )
        except ReviewError as exc:
            raise _refused(exc) from exc
        return Response(DisputeSerializer(dispute).data)


def register(router) -> None:
    router.register("reviews/schemes", SchemeViewSet, basename="review-scheme")
    router.register("reviews/cycles", CycleViewSet, basename="review-cycle")
    router.register("reviews/results", ResultViewSet, basename="review-result")
    router.register(
        "reviews/adjustments", AdjustmentViewSet, basename="review-adjustment"
    )
    router.register("reviews/disputes", DisputeViewSet, basename="review-dispute")
