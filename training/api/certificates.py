"""Certificates: list and read (whoever may see the holder's learning
records), the PDF (the same bytes as the web download) and revoking (HR,
with a reason; the history keeps who and why)."""

import django_filters
from django.db.models import Q
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, renderers, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from people.permissions import HasRole
from people.roles import Role

from .. import content, services
from ..certificates import certificate_pdf
from ..models import Certificate
from ..permissions import certificates_visible_to
from .common import LANG, PERMISSIONS, InLanguage, Refused

STATES = [("valid", "valid"), ("expired", "expired"), ("revoked", "revoked")]


class CertificateSerializer(serializers.ModelSerializer):
    employee_name = serializers.CharField(source="employee.name", read_only=True)
    course_title = serializers.SerializerMethodField()
    translation_missing = serializers.SerializerMethodField()
    state = serializers.SerializerMethodField(help_text="valid, expired or revoked")
    verify_url = serializers.SerializerMethodField()

    class Meta:
        model = Certificate
        fields = [
            "id",
            "employee",
            "employee_name",
            "course",
            "course_title",
            "translation_missing",
            "enrollment",
            "code",
            "issued_at",
            "expires_at",
            "revoked_at",
            "revoked_reason",
            "state",
            "verify_url",
        ]
        read_only_fields = fields

    def _shown(self, obj):
        return content.course_titles([obj.course_id])[obj.course_id]

    def get_course_title(self, obj) -> str:
        return self._shown(obj).title

    def get_translation_missing(self, obj) -> bool:
        return self._shown(obj).is_fallback

    def get_state(self, obj) -> str:
        return obj.state_at(timezone.now())

    def get_verify_url(self, obj) -> str:
        return reverse("training:certificate_verify", args=[obj.code])


class RevokeSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=200, allow_blank=True)

    def validate_reason(self, value):
        if not value.strip():
            raise ValidationError(_("Give a reason for revoking the certificate."))
        return value.strip()


class CertificateFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(choices=STATES, method="by_state")

    class Meta:
        model = Certificate
        fields = ["employee", "course"]

    def by_state(self, queryset, name, value):
        now = timezone.now()
        revoked = Q(revoked_at__isnull=False)
        expired = Q(expires_at__lte=now) & ~revoked
        return queryset.filter(
            {"revoked": revoked, "expired": expired, "valid": ~revoked & ~expired}[
                value
            ]
        )


class PDFRenderer(renderers.BaseRenderer):
    """Lets a client ask for ``Accept: application/pdf``; the bytes come
    from the view (errors still render as JSON)."""

    media_type = "application/pdf"
    format = "pdf"
    charset = None

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if isinstance(data, bytes):
            return data
        return renderers.JSONRenderer().render(data)


@extend_schema_view(
    list=extend_schema(parameters=[LANG]), retrieve=extend_schema(parameters=[LANG])
)
class CertificateViewSet(
    InLanguage,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Certificates of the people whose learning records the caller sees
    (their own; a manager their team's; a trainer their courses'; HR all)."""

    permission_classes = PERMISSIONS
    serializer_class = CertificateSerializer
    filterset_class = CertificateFilter

    def get_permissions(self):
        if self.action == "revoke":
            return [*super().get_permissions(), HasRole.of(Role.HR)()]
        return super().get_permissions()

    def get_queryset(self):
        return (
            certificates_visible_to(self.request.user)
            .select_related("employee")
            .order_by("-issued_at", "-pk")
        )

    @extend_schema(
        responses={
            (200, "application/pdf"): OpenApiResponse(
                OpenApiTypes.BINARY, description="The certificate as on the web."
            )
        }
    )
    @action(
        detail=True,
        methods=["get"],
        renderer_classes=[renderers.JSONRenderer, PDFRenderer],
    )
    def pdf(self, request, pk=None):
        cert = self.get_object()
        response = HttpResponse(
            certificate_pdf(cert, request=request._request),
            content_type="application/pdf",
        )
        response["Content-Disposition"] = (
            f'attachment; filename="certificate-{cert.code}.pdf"'
        )
        return response

    @extend_schema(request=RevokeSerializer, responses=CertificateSerializer)
    @action(detail=True, methods=["post"])
    def revoke(self, request, pk=None):
        """Withdraw a certificate (HR); its public check then says revoked.
        A revoked certificate stays as it was revoked (409)."""
        cert = self.get_object()
        body = RevokeSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        if cert.revoked_at is not None:
            raise Refused(_("This certificate has already been revoked."), 409)
        cert = services.certificate_revoke(
            certificate=cert, reason=body.validated_data["reason"], by=request.user
        )
        return Response(self.get_serializer(cert).data)
