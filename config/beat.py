"""Every periodic job in one place (django-celery-beat syncs these into its
database scheduler, where HR can pause or re-time them in the admin)."""

from celery.schedules import crontab

BEAT_SCHEDULE: dict = {
    # training: abandoned quiz attempts are closed at their deadline.
    "training-close-expired-attempts": {
        "task": "training.tasks.close_expired_attempts",
        "schedule": crontab(minute="*"),
    },
    # training: due-in-3-days, overdue and certificate-expiring reminders.
    "training-send-reminders": {
        "task": "training.tasks.send_reminders",
        "schedule": crontab(hour=8, minute=0),
    },
    "training-reassign-expiring-certificates": {
        "task": "training.tasks.reassign_expiring_certificates",
        "schedule": crontab(hour=2, minute=30),
    },
    "training-assign-onboarding": {
        "task": "training.tasks.assign_onboarding",
        "schedule": crontab(hour=2, minute=0),
    },
    # training: role-plays past their peer deadline with a learner unscored:
    # the course's trainer is asked to score.
    "training-roleplay-trainer-fallback": {
        "task": "training.tasks.roleplay_trainer_fallback",
        "schedule": crontab(hour=7, minute=30),
    },
    # Scheduled publishing of course pages (go-live / expiry dates in Wagtail).
    "courses-publish-scheduled": {
        "task": "courses.tasks.publish_scheduled_pages",
        "schedule": crontab(minute="*/5"),
    },
    # people: outbox messages the broker could not take at the time.
    "people-outbox-relay": {
        "task": "people.tasks.outbox_relay",
        "schedule": crontab(minute="*"),
    },
    # performance: imports whose worker died are requeued or failed.
    "performance-sweep-import-batches": {
        "task": "performance.tasks.sweep_import_batches",
        "schedule": crontab(minute="*"),
    },
    # performance: complaints past a reply or resolution due instant are
    # flagged and escalated to the store's manager (once per target).
    "performance-flag-overdue-complaints": {
        "task": "performance.complaints.flag_overdue",
        "schedule": crontab(minute="*/10"),
    },
    # performance: customers' names and contacts past their retention period
    # (COMPLAINT_CONTACT_RETENTION_DAYS after closing) are erased.
    "performance-erase-expired-complaint-contacts": {
        "task": "performance.complaints.erase_expired_contacts",
        "schedule": crontab(hour=3, minute=15),
    },
}
