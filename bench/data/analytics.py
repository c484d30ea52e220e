"""What the analytics pages need on top of the other apps' scale data: HR
and trainer logins with a second factor (the analytics pages require MFA,
as every HR/trainer page will)."""

from . import Context, execute, has_models

NEEDS = ("people", "training", "performance")


def ready() -> str | None:
    return has_models("performance.Observation", "training.QuizAttempt")


def generate(ctx: Context) -> None:
    execute(
        """
        INSERT INTO mfa_authenticator (user_id, type, data, created_at)
        SELECT u.id, 'totp', '{"secret": "bench"}', now()
        FROM people_user u
        WHERE EXISTS (
            SELECT 1 FROM people_user_groups ug JOIN auth_group g ON g.id = ug.group_id
            WHERE ug.user_id = u.id AND g.name IN ('hr', 'trainer')
        )
        AND NOT EXISTS (
            SELECT 1 FROM mfa_authenticator a WHERE a.user_id = u.id AND a.type = 'totp'
        )
        """
    )
