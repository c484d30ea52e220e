"""Writes to people's tables. Other apps change them only through here."""

from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from .models import Employee, User


def user_language(user: User) -> str:
    return user.language or settings.LANGUAGE_CODE


def user_set_language(*, user: User, language: str) -> None:
    if language in dict(settings.LANGUAGES) and user.language != language:
        user.language = language
        user.save(update_fields=["language"])


def employee_send_invitation(*, employee: Employee) -> bool:
    """Email a set-your-password link, in the employee's language. Setting the
    password through it also verifies the address. Idempotent per employee."""
    if employee.invited_at is not None or not employee.user.is_active:
        return False
    # Claim the invitation first (conditional UPDATE): a redelivered task
    # racing this one sends nothing; a failed send gives the claim back.
    claimed = Employee.objects.filter(pk=employee.pk, invited_at__isnull=True).update(
        invited_at=timezone.now()
    )
    if not claimed:
        return False
    try:
        _send_invitation(employee)
    except Exception:
        Employee.objects.filter(pk=employee.pk).update(invited_at=None)
        raise
    return True


def _send_invitation(employee: Employee) -> None:
    user = employee.user
    path = reverse(
        "account_reset_password_from_key",
        kwargs={
            "uidb36": user_pk_to_url_str(user),
            "key": default_token_generator.make_token(user),
        },
    )
    with translation.override(user_language(user)):
        context = {"employee": employee, "url": settings.WAGTAILADMIN_BASE_URL + path}
        subject = render_to_string(
            "people/email/invitation_subject.txt", context
        ).strip()
        body = render_to_string("people/email/invitation_body.txt", context)
    send_mail(subject, body, None, [user.email])
    EmailAddress.objects.get_or_create(
        user=user, email=user.email, defaults={"primary": True, "verified": False}
    )


def employees_invite_later(employee_ids: list[int]) -> None:
    """Queue one invitation per employee through the outbox: written with
    the caller's transaction, sent after commit or, with the broker down,
    by the relay later; each employee's invitation is queued once."""
    from .outbox import outbox_enqueue

    with transaction.atomic():
        for pk in employee_ids:
            outbox_enqueue("people.tasks.send_invitations", [[pk]], key=f"invite:{pk}")


def api_token_create(*, user: User, name: str, scopes: list[str]):
    """Create a token acting as `user`; returns (token, key). The key is not
    stored and cannot be shown again."""
    import hashlib
    import secrets

    from .models import ApiToken

    prefix = secrets.token_hex(4)
    key = f"st_{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken.objects.create(
        name=name,
        user=user,
        prefix=prefix,
        key_hash=hashlib.sha256(key.encode()).hexdigest(),
        scopes=sorted(set(scopes)),
    )
    return token, key


def api_token_revoke(*, token) -> None:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])


# --- notifications (the bell) -------------------------------------------------


def notify(*, employee: Employee, kind: str, message: str, url: str = ""):
    """One in-app notification (already in the recipient's language: callers
    render it under translation.override(user_language(...))). The bell's
    cached unread count is dropped once the row is committed."""
    from .models import Notification
    from .selectors import notifications_changed

    note = Notification.objects.create(
        employee=employee, kind=kind, message=message[:300], url=url[:300]
    )
    transaction.on_commit(lambda: notifications_changed(employee.user_id))
    return note


def notifications_mark_read(*, employee: Employee) -> int:
    from .models import Notification
    from .selectors import notifications_changed

    count = Notification.objects.filter(employee=employee, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    if count:
        transaction.on_commit(lambda: notifications_changed(employee.user_id))
    return count


def notify_each(*, employees, kind: str, message, url: str = "") -> int:
    """One notification per employee, each in their own language:
    ``message()`` is called under translation.override for each language
    present (not once per person); one query for the people, one insert."""
    from .models import Notification
    from .selectors import notifications_changed

    ids = {e.pk for e in employees}
    if not ids:
        return 0
    people = list(Employee.objects.filter(pk__in=ids).select_related("user"))
    texts: dict[str, str] = {}
    rows = []
    for person in people:
        language = user_language(person.user)
        if language not in texts:
            with translation.override(language):
                texts[language] = str(message())[:300]
        rows.append(
            Notification(
                employee=person, kind=kind, message=texts[language], url=url[:300]
            )
        )
    Notification.objects.bulk_create(rows)
    users = [p.user_id for p in people]
    transaction.on_commit(lambda: [notifications_changed(u) for u in users])
    return len(rows)
