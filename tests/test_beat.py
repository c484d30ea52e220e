from django.conf import settings

from config.celery_app import app


def test_every_beat_entry_names_a_registered_task():
    """Each periodic job in config/beat.py reaches Celery and names a real task."""
    app.loader.import_default_modules()
    assert settings.CELERY_BEAT_SCHEDULE, "config/beat.py schedules nothing"
    assert app.conf.beat_schedule == settings.CELERY_BEAT_SCHEDULE
    unknown = {e["task"] for e in settings.CELERY_BEAT_SCHEDULE.values()} - set(
        app.tasks
    )
    assert not unknown, f"beat entries for unknown tasks: {unknown}"
