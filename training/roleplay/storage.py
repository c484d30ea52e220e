"""Private file storage for recordings: under MEDIA_ROOT/private, never under
MEDIA_URL. Files leave only through training.roleplay.views.recording_file,
which checks permission first."""

import os
import uuid

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.functional import cached_property


class PrivateStorage(FileSystemStorage):
    @cached_property
    def base_location(self):
        # Recomputed when MEDIA_ROOT changes (FileSystemStorage clears it).
        return os.path.join(settings.MEDIA_ROOT, "private")

    def url(self, name):
        raise ValueError("Private files have no public URL.")


_storage = PrivateStorage()


def private_storage():
    return _storage


EXTENSIONS = {
    "video/mp4": ".mp4",
    "video/webm": ".webm",
    "audio/mp4": ".m4a",
    "audio/mpeg": ".mp3",
    "audio/ogg": ".ogg",
    "audio/wav": ".wav",
}


def recording_path(instance, filename):
    """A random name: the uploader's file name is kept only as a label."""
    ext = EXTENSIONS.get(instance.content_type, "")
    return f"roleplay/{uuid.uuid4().hex}{ext}"
