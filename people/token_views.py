"""HR creates and revokes API tokens for integrations."""

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from .models import ApiToken
from .permissions import mfa_enforced, role_required
from .roles import Role
from .services import api_token_create, api_token_revoke


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("What the token is for"),
        max_length=100,
        help_text=gettext_lazy("For example: call-centre nightly export."),
    )
    scopes = forms.MultipleChoiceField(
        label=gettext_lazy("Scopes"),
        choices=ApiToken.Scope.choices,
        widget=forms.CheckboxSelectMultiple,
    )


@role_required(Role.HR)
@mfa_enforced
def api_tokens(request):
    form = ApiTokenForm(request.POST or None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        _token, new_key = api_token_create(
            user=request.user,
            name=form.cleaned_data["name"],
            scopes=form.cleaned_data["scopes"],
        )
        form = ApiTokenForm()
    tokens = ApiToken.objects.select_related("user").order_by("-created_at")
    response = render(
        request,
        "people/api_tokens.html",
        {"form": form, "tokens": tokens, "new_key": new_key},
    )
    response["Cache-Control"] = "no-store"  # the new key is on this page once
    return response


@require_POST
@role_required(Role.HR)
@mfa_enforced
def api_token_revoke_view(request, pk: int):
    token = get_object_or_404(ApiToken, pk=pk)
    api_token_revoke(token=token)
    messages.success(request, _("Token “%(name)s” revoked.") % {"name": token.name})
    return redirect("people:api_tokens")
