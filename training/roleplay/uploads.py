"""Recording uploads: the type is decided by the file's content (magic bytes),
never by its name or the browser's claim."""

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

# filetype's MIME for each accepted container; MediaRecorder writes WebM
# (Chrome, Firefox) or MP4 (Safari).
ALLOWED = {
    "video/mp4": "video/mp4",
    "video/webm": "video/webm",
    "video/quicktime": "video/mp4",
    "audio/mp4": "audio/mp4",
    "audio/mpeg": "audio/mpeg",
    "audio/ogg": "audio/ogg",
    "audio/x-wav": "audio/wav",
}
# Executables and scripts, whatever they are named.
PROGRAM_SIGNATURES = (
    b"\x7fELF",  # Linux
    b"MZ",  # Windows PE
    b"\xfe\xed\xfa\xce",  # Mach-O
    b"\xfe\xed\xfa\xcf",
    b"\xce\xfa\xed\xfe",
    b"\xcf\xfa\xed\xfe",
    b"\xca\xfe\xba\xbe",
    b"#!",  # shell scripts
)
DEFAULT_MAX_BYTES = 200 * 1024 * 1024


def max_upload_bytes() -> int:
    return getattr(settings, "ROLEPLAY_MAX_UPLOAD_BYTES", DEFAULT_MAX_BYTES)


def recording_content_type(uploaded) -> str:
    """Validate an uploaded recording; return the MIME type to serve it with.

    Raises ValidationError with a message the uploader can act on.
    """
    limit = max_upload_bytes()
    if uploaded.size > limit:
        raise ValidationError(
            _("The file is too large (%(size)s). Recordings can be at most %(limit)s.")
            % {"size": filesizeformat(uploaded.size), "limit": filesizeformat(limit)},
            code="too_large",
        )
    if uploaded.size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    uploaded.seek(0)
    head = uploaded.read(8192)
    uploaded.seek(0)
    if head.startswith(PROGRAM_SIGNATURES):
        raise ValidationError(
            _(
                "This file is a program, not a recording, whatever its name says. "
                "Upload an audio or video recording."
            ),
            code="executable",
        )
    kind = filetype.guess(head)
    mime = ALLOWED.get(kind.mime) if kind else None
    if mime is None:
        raise ValidationError(
            _(
                "This file is not a supported recording. Upload audio or video "
                "as MP4, WebM, Ogg, MP3, M4A or WAV."
            ),
            code="wrong_type",
        )
    return mime
