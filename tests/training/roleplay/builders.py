"""Builders for role-play tests: rubrics, scenarios, sessions, media files."""

import datetime as dt
import io
import random
import struct
import wave

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.courses import factories as cf
from training.roleplay import services


def wav_bytes(seconds: float = 0.2, rate: int = 8000) -> bytes:
    """A tiny valid PCM WAV file (silence with a tick)."""
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        frames = int(seconds * rate)
        w.writeframes(
            b"".join(
                struct.pack("<h", 1000 if i % 40 == 0 else 0) for i in range(frames)
            )
        )
    return buffer.getvalue()


def mp4_bytes() -> bytes:
    """The start of an ISO-BMFF file (ftyp box, brand isom): magic bytes only."""
    ftyp = b"ftypisom" + b"\x00\x00\x02\x00" + b"isomiso2avc1mp41"
    box = struct.pack(">I", 8 + len(ftyp) - 4) + ftyp
    return box + struct.pack(">I", 8) + b"free" + b"\x00" * 64


ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 120


def upload(name="role-play.wav", content=None, content_type="audio/wav"):
    return SimpleUploadedFile(
        name, wav_bytes() if content is None else content, content_type
    )


def rubric_with_critical():
    """Greeting (w1), Empathy (w2), Record the complaint (critical, pass at 1),
    Upsell (N/A allowed); levels 0/1/2 points."""
    return cf.rubric(
        criteria=[
            cf.criterion("Greeting", weight=1),
            cf.criterion("Empathy", weight=2),
            cf.criterion("Record the complaint", critical=True, pass_points=1),
            cf.criterion("Upsell", allow_na=True),
        ]
    )


def scenario(rubric=None):
    return cf.scenario(rubric or rubric_with_critical())


class _Draw(random.Random):
    """Deterministic double-scoring draw: only a share of 1 picks a second
    assessor, so tests do not depend on chance."""

    def random(self):
        return 0.999


def schedule(*, organiser, learners, assessors, scenario_obj=None, **kwargs):
    kwargs.setdefault("location", "Training room 1")
    kwargs.setdefault("rng", _Draw())
    return services.session_schedule(
        organiser=organiser,
        scenario=scenario_obj or scenario(),
        learners=learners,
        assessors=assessors,
        scheduled_at=timezone.now() + dt.timedelta(days=1),
        **kwargs,
    )


def levels(assessment) -> dict[str, list[str]]:
    """criterion title -> level ids (ascending points) of the sheet's version."""
    return {
        c["title"]: [lv["id"] for lv in c["levels"]]
        for c in assessment.rubric_version.snapshot["criteria"]
    }


def criterion_ids(assessment) -> dict[str, str]:
    return {c["title"]: c["id"] for c in assessment.rubric_version.snapshot["criteria"]}


def fill(assessment, picks: dict[str, int | None], *, submit=True, comment=""):
    """Score by title -> level index (None = N/A)."""
    ids, lv = criterion_ids(assessment), levels(assessment)
    scores = {
        ids[title]: (None if index is None else lv[title][index], comment)
        for title, index in picks.items()
    }
    return services.assessment_save(assessment=assessment, scores=scores, submit=submit)


def recording(*, session, learner, uploader):
    from training.roleplay.uploads import recording_content_type

    f = upload()
    return services.recording_add(
        uploaded=f,
        content_type=recording_content_type(f),
        uploader=uploader,
        session=session,
        learner=learner,
    )


def calibration_recording(*, calibration, uploader):
    from training.roleplay.uploads import recording_content_type

    f = upload()
    return services.recording_add(
        uploaded=f,
        content_type=recording_content_type(f),
        uploader=uploader,
        calibration=calibration,
    )
