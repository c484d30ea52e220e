from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = "test-only-key-not-secret"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Normal tests run tasks in-process; the worker test switches eager off.
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
WAGTAILADMIN_BASE_URL = "http://testserver"
LANGUAGE_CODE = env("TEST_LANGUAGE_CODE", default="en")

# Each pytest-xdist worker its own cache namespace ("gw0", "gw1"; "main"
# without xdist), so parallel workers neither read nor clear each other's keys.
_worker = env("PYTEST_XDIST_WORKER", default="main")
for _cache in CACHES.values():  # noqa: F405
    _cache["KEY_PREFIX"] = f"test-{_worker}"
    if _cache["BACKEND"].endswith("RedisCache"):
        _cache["BACKEND"] = "tests.worker_cache.WorkerRedisCache"
