"""Role-play demo data (idempotent), on the scenarios courses.demo seeds:
a scheduled role-play for staff@demo.local, a scored one with the learner's
self-assessment and a recording, and a calibration session with three
assessors and their scores."""

import datetime as dt
import io
import math
import struct
import wave

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from wagtail.models import Locale

from courses.models import RolePlayScenario
from people.models import Employee
from training.models import CalibrationSession, RolePlayAssessment, RolePlaySession

from . import services

DEMO_PLACE = "上海南京路店 培训室 Training room"
CALIBRATION_TITLE = "2026 Q4 投诉处理评分校准 Complaint handling calibration"


def _wav(seconds: float, pitch: float) -> SimpleUploadedFile:
    """A short tone standing in for a real recording."""
    buffer = io.BytesIO()
    rate = 8000
    with wave.open(buffer, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(
            b"".join(
                struct.pack("<h", int(3000 * math.sin(2 * math.pi * pitch * i / rate)))
                for i in range(int(seconds * rate))
            )
        )
    return SimpleUploadedFile("demo-role-play.wav", buffer.getvalue(), "audio/wav")


def _by_email(email):
    return Employee.objects.filter(user__email=email).first()


def _sheet(assessment, indexes, comment=""):
    """Fill a sheet with level index per criterion (clamped; N/A if allowed
    and index is None)."""
    scores = {}
    for c, criterion in zip(
        indexes, assessment.rubric_version.snapshot["criteria"], strict=False
    ):
        levels = criterion["levels"]
        level = levels[min(c, len(levels) - 1)]["id"]
        scores[criterion["id"]] = (level, comment)
    for criterion in assessment.rubric_version.snapshot["criteria"][len(indexes) :]:
        scores[criterion["id"]] = (criterion["levels"][-1]["id"], "")
    return services.assessment_save(
        assessment=assessment,
        scores=scores,
        overall_comment=comment,
        notes=[(5, "问候自然 Warm greeting"), (21, "先道歉再记录 Apologised first")],
        submit=True,
    )


def seed() -> None:
    staff = _by_email("staff@demo.local")
    trainer = _by_email("trainer@demo.local")
    manager = _by_email("manager@demo.local")
    hr = _by_email("hr@demo.local")
    scenario = (
        RolePlayScenario.objects.filter(locale=Locale.get_default())
        .order_by("title", "pk")
        .first()
    )
    if None in (staff, trainer, manager, hr) or scenario is None:
        return  # no organisation or no scenarios (courses.demo) yet
    if RolePlaySession.objects.filter(location=DEMO_PLACE).exists():
        return
    now = timezone.now()
    services.session_schedule(
        organiser=trainer,
        scenario=scenario,
        learners=[staff],
        assessors=[trainer],
        scheduled_at=(now + dt.timedelta(days=3)).replace(minute=0, second=0),
        location=DEMO_PLACE,
    )
    done = services.session_schedule(
        organiser=trainer,
        scenario=scenario,
        learners=[staff],
        assessors=[trainer],
        scheduled_at=(now - dt.timedelta(days=7)).replace(minute=0, second=0),
        location=DEMO_PLACE,
    )
    upload = _wav(3, 440)
    services.recording_add(
        uploaded=upload,
        content_type="audio/wav",
        uploader=staff,
        session=done,
        learner=staff,
    )
    Kind = RolePlayAssessment.Kind
    self_sheet = services.session_start_assessment(
        session=done, learner=staff, assessor=staff, kind=Kind.SELF
    )
    _sheet(self_sheet, [3, 3, 3, 3], "我觉得自己做得不错 I think it went well")
    assessor_sheet = services.session_start_assessment(
        session=done, learner=staff, assessor=trainer, kind=Kind.ASSESSOR
    )
    _sheet(
        assessor_sheet,
        [2, 1, 2, 2],
        "倾听很好，道歉后要确认顾客诉求 Good listening; confirm the request after apologising",
    )
    if CalibrationSession.objects.filter(title=CALIBRATION_TITLE).exists():
        return
    calibration = services.calibration_create(
        organiser=trainer,
        title=CALIBRATION_TITLE,
        rubric=scenario.rubric,
        assessors=[trainer, manager, hr],
    )
    picks = {
        trainer.pk: [[2, 2, 1, 2], [1, 1, 0, 1]],
        manager.pk: [[2, 2, 2, 2], [1, 2, 1, 1]],
        hr.pk: [[3, 3, 2, 3], [2, 2, 1, 2]],
    }
    for index, pitch in enumerate((330, 550)):
        recording = services.recording_add(
            uploaded=_wav(2, pitch),
            content_type="audio/wav",
            uploader=trainer,
            calibration=calibration,
        )
        for assessor in (trainer, manager, hr):
            sheet = services.calibration_start_sheet(
                calibration=calibration, recording=recording, assessor=assessor
            )
            _sheet(sheet, picks[assessor.pk][index])
