"""Photo and recording uploads for audits: the type is decided by the file's
content (magic bytes, filetype), never by its name or the browser's claim."""

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

ALLOWED = {
    "image/jpeg": "image/jpeg",
    "image/png": "image/png",
    "image/webp": "image/webp",
    "audio/mpeg": "audio/mpeg",
    "audio/mp4": "audio/mp4",
    "audio/ogg": "audio/ogg",
    "audio/x-wav": "audio/wav",
    "video/mp4": "video/mp4",
    "video/webm": "video/webm",
}
EXTENSIONS = {
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/webp": ".webp",
    "audio/mpeg": ".mp3",
    "audio/mp4": ".m4a",
    "audio/ogg": ".ogg",
    "audio/wav": ".wav",
    "video/mp4": ".mp4",
    "video/webm": ".webm",
}
DEFAULT_MAX_BYTES = 50 * 1024 * 1024
MAX_FILES = 6


def max_upload_bytes() -> int:
    return getattr(settings, "AUDIT_MAX_UPLOAD_BYTES", DEFAULT_MAX_BYTES)


def attachment_content_type(uploaded) -> str:
    """Validate one photo or recording; return the MIME type to serve it
    with. Raises ValidationError with a message the auditor can act on."""
    limit = max_upload_bytes()
    if uploaded.size > limit:
        raise ValidationError(
            _("%(name)s is too large (%(size)s); files can be at most %(limit)s.")
            % {
                "name": uploaded.name,
                "size": filesizeformat(uploaded.size),
                "limit": filesizeformat(limit),
            },
            code="too_large",
        )
    uploaded.seek(0)
    head = uploaded.read(8192)
    uploaded.seek(0)
    kind = filetype.guess(head) if head else None
    mime = ALLOWED.get(kind.mime) if kind else None
    if mime is None:
        raise ValidationError(
            _(
                "%(name)s is not a photo or a recording. Upload JPEG, PNG or "
                "WebP photos, or MP3, M4A, Ogg, WAV, MP4 or WebM recordings."
            )
            % {"name": uploaded.name},
            code="wrong_type",
        )
    return mime
