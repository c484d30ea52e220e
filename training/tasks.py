"""Periodic jobs (scheduled in config/beat.py): thin, idempotent."""

from celery import shared_task

from . import services


@shared_task
def close_expired_attempts() -> int:
    return services.attempts_close_expired()


@shared_task
def send_reminders() -> dict:
    return services.reminders_send()


@shared_task
def reassign_expiring_certificates() -> int:
    return services.certificates_reassign_expiring()


@shared_task
def assign_onboarding() -> int:
    return services.onboarding_assign_new_hires()


@shared_task
def roleplay_trainer_fallback() -> int:
    from .roleplay.services import sessions_trainer_fallback

    return sessions_trainer_fallback()
