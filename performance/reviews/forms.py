"""Forms for the review pages. The scheme editor is one form for the scheme
and two formsets (components, tiers); the engine's validation messages are
attached to the row and field they concern."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from courses.models import CoursePage
from people.models import Position, Store

from ..models import (
    Metric,
    ReviewCycle,
    ReviewScheme,
    SchemeComponent,
    SchemeTier,
    Severity,
)


class SchemeForm(forms.ModelForm):
    required_certificates = forms.ModelMultipleChoiceField(
        label=_("Certificates required"),
        queryset=CoursePage.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "A valid certificate of each of these courses at the period's end."
        ),
    )

    class Meta:
        model = ReviewScheme
        fields = [
            "code",
            "name",
            "name_en",
            "base_amount",
            "max_adjustment",
            "min_tenure_days",
            "complaint_gate",
            "peer_same_store",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from training.selectors import course_choices

        ids = [pk for pk, _label in course_choices()]
        self.fields["required_certificates"].queryset = CoursePage.objects.filter(
            pk__in=ids
        )
        self.fields["complaint_gate"].choices = [
            ("", _("None: complaints do not affect eligibility")),
            *Severity.choices,
        ]
        if self.instance.pk:
            self.fields["code"].disabled = True

    def validate_unique(self):
        # A new version shares the code; scheme_save numbers it.
        pass


class ComponentForm(forms.ModelForm):
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["metric"].queryset = Metric.objects.filter(
            is_active=True, level="employee"
        )
        self.fields["metric"].required = False

    def validate_unique(self):
        pass

    def _post_clean(self):
        # The scheme is not known yet: skip the model's full_clean (the
        # metric/kind constraint is checked by scheme_messages with words).
        pass


class TierForm(forms.ModelForm):
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

    def validate_unique(self):
        pass

    def _post_clean(self):
        pass


ComponentFormSet = formset_factory(ComponentForm, extra=1, can_delete=True)
TierFormSet = formset_factory(TierForm, extra=1, can_delete=True)


def _rows(formset, model) -> list[tuple[forms.Form, object]]:
    rows = []
    for form in formset.forms:
        data = getattr(form, "cleaned_data", None) or {}
        if not data or data.get("DELETE"):
            continue
        values = {k: v for k, v in data.items() if k != "DELETE"}
        rows.append((form, model(**values)))
    return rows


def component_rows(formset):
    return _rows(formset, SchemeComponent)


def tier_rows(formset):
    return _rows(formset, SchemeTier)


def initial_components(scheme: ReviewScheme | None) -> list[dict]:
    if scheme is None:
        return []
    return [
        {
            "key": c.key,
            "kind": c.kind,
            "metric": c.metric_id,
            "calibrated_only": c.calibrated_only,
            "normalisation": c.normalisation,
            "target": c.target,
            "weight": c.weight,
            "min_sample": c.min_sample,
        }
        for c in scheme.components.all()
    ]


def initial_tiers(scheme: ReviewScheme | None) -> list[dict]:
    if scheme is None:
        return []
    return [
        {
            "code": t.code,
            "name": t.name,
            "name_en": t.name_en,
            "min_score": t.min_score,
            "amount": t.amount,
            "multiplier": t.multiplier,
            "max_share": t.max_share,
        }
        for t in scheme.tiers.all()
    ]


def attach_problems(problems, *, scheme_form, components, tiers) -> None:
    """Put each (field, message) from services.scheme_messages on its form:
    "components.2.weight" on the third component row's weight, "tiers" on
    the tier formset as a whole, "base_amount" on the scheme form."""
    rows = {"components": components, "tiers": tiers}
    for field, message in problems:
        parts = field.split(".")
        if parts[0] in rows and len(parts) == 3:
            form = rows[parts[0]][int(parts[1])][0]
            name = parts[2] if parts[2] in form.fields else None
            form.add_error(name, message)
        elif parts[0] in rows:
            scheme_form.add_error(None, message)
        elif parts[0] in scheme_form.fields:
            scheme_form.add_error(parts[0], message)
        else:
            scheme_form.add_error(None, message)


class CycleForm(forms.Form):
    scheme = forms.ModelChoiceField(
        label=_("Scheme version"), queryset=ReviewScheme.objects.none()
    )
    # Not a person's name: in Chinese 名称, not 姓名.
    name = forms.CharField(
        label=pgettext_lazy("name of a thing", "Name"), max_length=120
    )
    name_en = forms.CharField(label=_("English name"), max_length=120, required=False)
    period_start = forms.DateField(
        label=_("Period start"), widget=forms.DateInput(attrs={"type": "date"})
    )
    period_end = forms.DateField(
        label=_("Period end (inclusive)"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    stores = forms.ModelMultipleChoiceField(
        label=_("Stores"),
        queryset=Store.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every store."),
    )
    positions = forms.MultipleChoiceField(
        label=_("Positions"),
        choices=Position.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every position."),
    )
    appeal_days = forms.IntegerField(
        label=_("Appeal window (days)"), min_value=1, max_value=90, initial=14
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scheme"].queryset = ReviewScheme.objects.order_by(
            "code", "-version"
        )

    def clean(self):
        data = super().clean()
        if data.get("period_start") and data.get("period_end"):
            if data["period_end"] < data["period_start"]:
                self.add_error(
                    "period_end", _("The period must not end before it starts.")
                )
        return data


class AdjustmentForm(forms.Form):
    value = forms.DecimalField(
        label=_("Adjustment (points)"),
        max_digits=6,
        decimal_places=2,
        initial=Decimal("0"),
    )
    reason = forms.CharField(
        label=_("Reason"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )


class CycleActionForm(forms.Form):
    action = forms.ChoiceField(
        choices=[
            (a, a)
            for a in (
                "compute",
                "calibrate",
                "return",
                "publish",
                "close_appeals",
                "lock",
                "archive",
            )
        ]
    )
    reason = forms.CharField(label=_("Reason"), max_length=1000, required=False)


class DisputeForm(forms.Form):
    component = forms.IntegerField(widget=forms.HiddenInput)
    evidence = forms.CharField(required=False, label=_("Evidence concerned"))
    comment = forms.CharField(
        label=_("What is wrong"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    proposed_value = forms.FloatField(
        label=_("Proposed value"), required=False, min_value=0, max_value=1_000_000
    )

    def evidence_ref(self) -> tuple[str, int | None]:
        raw = self.cleaned_data.get("evidence") or ""
        kind, _sep, pk = raw.partition(":")
        if kind in ("observation", "assessment") and pk.isdigit():
            return kind, int(pk)
        return "", None


class DisputeDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            ("accepted", _("Accept")),
            ("partly", _("Partly accept")),
            ("rejected", _("Reject")),
        ],
        widget=forms.RadioSelect,
    )
    value = forms.FloatField(
        label=_("Value accepted (partly accept)"),
        required=False,
        min_value=0,
        max_value=1_000_000,
    )
    reason = forms.CharField(
        label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


CYCLE_STATES = ReviewCycle.State
