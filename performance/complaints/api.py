"""Complaints API, read-only: the list and one complaint with its SLA flags,
seen by the same rule as the pages (complaints.access). The customer's name
and contact appear only for the owner and HR, as on the page; everyone else
gets them blank. Complaints are recorded and moved through their steps on
the pages, where each step asks for what it needs."""

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers, viewsets
from rest_framework.permissions import IsAuthenticated

from people.api_auth import TokenScope

from ..models import Complaint, Severity
from . import access, selectors

S = Complaint.State
STATE_FILTERS = [
    ("open", _("Open")),
    ("overdue", _("Overdue")),
    *S.choices,
]


class ComplaintSerializer(serializers.ModelSerializer):
    store = serializers.SlugRelatedField(slug_field="code", read_only=True)
    owner = serializers.SlugRelatedField(slug_field="number", read_only=True)
    employees = serializers.SlugRelatedField(
        slug_field="number", read_only=True, many=True
    )
    state_label = serializers.CharField(source="get_state_display", read_only=True)
    customer_name = serializers.SerializerMethodField()
    customer_contact = serializers.SerializerMethodField()
    overdue = serializers.SerializerMethodField()
    reply_late = serializers.SerializerMethodField()
    resolution_late = serializers.SerializerMethodField()

    class Meta:
        model = Complaint
        fields = [
            "id",
            "state",
            "state_label",
            "channel",
            "category",
            "severity",
            "customer_tier",
            "store",
            "owner",
            "employees",
            "department",
            "description",
            "customer_name",
            "customer_contact",
            "received_at",
            "reply_due_at",
            "resolution_due_at",
            "first_replied_at",
            "resolved_at",
            "closed_at",
            "paused_since",
            "overdue",
            "reply_late",
            "resolution_late",
        ]

    def _sees_customer(self, complaint) -> bool:
        return access.can_see_customer(self.context["request"].user, complaint)

    def get_customer_name(self, complaint) -> str:
        return complaint.customer_name if self._sees_customer(complaint) else ""

    def get_customer_contact(self, complaint) -> str:
        return complaint.customer_contact if self._sees_customer(complaint) else ""

    def _flags(self, complaint) -> dict:
        return selectors.flags(complaint, self.context["now"])

    def get_overdue(self, complaint) -> bool:
        return self._flags(complaint)["overdue"]

    def get_reply_late(self, complaint) -> bool:
        return self._flags(complaint)["reply_late"]

    def get_resolution_late(self, complaint) -> bool:
        return self._flags(complaint)["resolution_late"]


class ComplaintFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(choices=STATE_FILTERS, method="by_state")
    store = django_filters.CharFilter(field_name="store__code")
    severity = django_filters.ChoiceFilter(choices=Severity.choices)
    received_from = django_filters.DateFilter(
        field_name="received_at", lookup_expr="date__gte"
    )
    received_to = django_filters.DateFilter(
        field_name="received_at", lookup_expr="date__lte"
    )

    class Meta:
        model = Complaint
        fields = ["state", "store", "severity", "received_from", "received_to"]

    def by_state(self, queryset, name, value):
        if value == "open":
            return queryset.filter(state__in=Complaint.OPEN_STATES)
        if value == "overdue":
            return queryset.filter(selectors.overdue_q(timezone.now()))
        return queryset.filter(state=value)


class ComplaintViewSet(viewsets.ReadOnlyModelViewSet):
    """Complaints the caller may see, newest first; filter by state (a step,
    `open` or `overdue`), store code, severity and received dates."""

    serializer_class = ComplaintSerializer
    permission_classes = [IsAuthenticated, TokenScope]
    filterset_class = ComplaintFilter

    def get_queryset(self):
        return (
            access.complaints_visible_to(self.request.user)
            .select_related("store", "owner")
            .prefetch_related("employees")
            .order_by("-received_at", "-pk")
        )

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["now"] = timezone.now()
        return context


def register(router) -> None:
    router.register(
        "performance/complaints", ComplaintViewSet, basename="performance-complaint"
    )
