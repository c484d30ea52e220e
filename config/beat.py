"""Every periodic job in one place (django-celery-beat syncs these into its
database scheduler, where HR can pause or re-time them in the admin)."""

from celery.schedules import crontab  # noqa: F401

BEAT_SCHEDULE: dict = {
    # Scheduled publishing of course pages (go-live / expiry dates in Wagtail).
    "courses-publish-scheduled": {
        "task": "courses.tasks.publish_scheduled_pages",
        "schedule": crontab(minute="*/5"),
    },
}
