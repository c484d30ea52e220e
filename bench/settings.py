"""Production settings as the bench serves them. One difference: static files
are hashed but not compressed (compression costs collectstatic ~100 s on two
cores and changes nothing a page costs to render), collected under
bench/results/static so the app's own STATIC_ROOT is left alone."""

from config.settings.production import *  # noqa: F403
from config.settings.production import BASE_DIR, STORAGES

STATIC_ROOT = BASE_DIR / "bench" / "results" / "static"
STORAGES = {
    **STORAGES,
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"
    },
}
