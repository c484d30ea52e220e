"""Recording uploads: type by content, size limit, private storage, and
serving only to permitted users."""

import os

import filetype
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from training.models import Recording
from training.roleplay.uploads import recording_content_type

from . import builders as b

pytestmark = pytest.mark.django_db

WEBM = (
    b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\xf7\x81\x01\x42\x82\x84webm" + b"\0" * 64
)


@pytest.mark.parametrize(
    ("content", "mime"),
    [
        (b.wav_bytes(), "audio/wav"),
        (b.mp4_bytes(), "video/mp4"),
        (WEBM, "video/webm"),
        (b"ID3\x03\x00\x00\x00\x00\x00\x00" + b"\0" * 64, "audio/mpeg"),
        (b"OggS\x00\x02" + b"\0" * 64, "audio/ogg"),
    ],
)
def test_recordings_are_recognised_by_content(content, mime):
    """WAV, MP4, WebM, MP3 and Ogg are accepted whatever the file is called."""
    assert recording_content_type(b.upload("whatever.bin", content)) == mime


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("notes.pdf", b"%PDF-1.7\n" + b"x" * 100, "wrong_type"),
        ("notes.mp4", b"just some text, not a video" * 10, "wrong_type"),
        ("virus.mp4", b.ELF, "executable"),
        ("setup.mp4", b"MZ\x90\x00" + b"\0" * 100, "executable"),
        ("run.wav", b"#!/bin/sh\nrm -rf /\n", "executable"),
        ("empty.mp4", b"", "empty"),
    ],
)
def test_wrong_files_are_refused(name, content, code):
    """Wrong types, programs renamed to .mp4 and empty files are refused."""
    with pytest.raises(ValidationError) as exc:
        recording_content_type(b.upload(name, content, "video/mp4"))
    assert exc.value.code == code


def test_oversized_file_is_refused(settings):
    """The size limit is a setting; a larger file is refused before sniffing."""
    settings.ROLEPLAY_MAX_UPLOAD_BYTES = 1000
    with pytest.raises(ValidationError) as exc:
        recording_content_type(b.upload(content=b.wav_bytes(seconds=1)))
    assert exc.value.code == "too_large"
    assert "1000" in exc.value.messages[0] or "KB" in exc.value.messages[0]


def test_mp4_helper_is_an_mp4():
    assert filetype.guess(b.mp4_bytes()).mime == "video/mp4"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("virus.mp4", b.ELF, "is a program, not a recording"),
        ("notes.pdf", b"%PDF-1.7\n" + b"x" * 100, "not a supported recording"),
    ],
)
def test_learner_upload_refused_with_clear_message(
    login, session, staff, name, content, message
):
    """The page says why, with status 400, and stores nothing."""
    client = login(staff)
    response = client.post(
        reverse("training:roleplay_upload", args=[session.pk]),
        {"file": b.upload(name, content, "video/mp4")},
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Recording.objects.exists()


def test_oversized_upload_refused_with_clear_message(login, session, staff, settings):
    settings.ROLEPLAY_MAX_UPLOAD_BYTES = 1000
    response = login(staff).post(
        reverse("training:roleplay_upload", args=[session.pk]),
        {"file": b.upload(content=b.wav_bytes(seconds=1))},
    )
    assert response.status_code == 400
    assert "too large" in response.content.decode()
    assert not Recording.objects.exists()


def test_learner_uploads_own_recording_stored_privately(
    login, session, staff, settings
):
    """Stored under MEDIA_ROOT/private with a random name and no public URL."""
    response = login(staff).post(
        reverse("training:roleplay_upload", args=[session.pk]),
        {"file": b.upload("我的录音.wav")},
    )
    assert response.status_code == 302
    recording = Recording.objects.get()
    assert recording.learner == staff and recording.content_type == "audio/wav"
    path = recording.file.path
    assert path.startswith(os.path.join(str(settings.MEDIA_ROOT), "private"))
    assert "我的录音" not in path and path.endswith(".wav")
    with pytest.raises(ValueError):
        recording.file.url  # noqa: B018


def test_outsider_cannot_upload_to_a_session(login, session, other_staff):
    response = login(other_staff).post(
        reverse("training:roleplay_upload", args=[session.pk]), {"file": b.upload()}
    )
    assert response.status_code == 404
    assert not Recording.objects.exists()


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("staff", 200),
        ("manager", 200),
        ("trainer", 200),
        ("hr", 200),
        ("other_staff", 404),
    ],
)
def test_recording_served_only_to_permitted_users(
    request, login, session, staff, who, status
):
    """The learner, their manager, the trainer and HR get the file; another
    staff member gets 404, never the bytes."""
    recording = b.recording(session=session, learner=staff, uploader=staff)
    response = login(request.getfixturevalue(who)).get(
        reverse("training:roleplay_recording", args=[recording.pk])
    )
    assert response.status_code == status
    if status == 200:
        assert response["Content-Type"] == "audio/wav"
        assert b"".join(response.streaming_content) == recording.file.open("rb").read()
    else:
        assert b"RIFF" not in response.content


def test_recording_not_served_anonymously(client, session, staff):
    recording = b.recording(session=session, learner=staff, uploader=staff)
    response = client.get(reverse("training:roleplay_recording", args=[recording.pk]))
    assert response.status_code == 302


def test_other_learner_of_same_session_cannot_fetch_recording(
    login, scenario, trainer, staff, store, manager
):
    """Learners see their own recording only, even in a shared session."""
    from tests.factories import employee_with_role

    colleague = employee_with_role("staff", store=store, manager=manager)
    session = b.schedule(
        organiser=trainer,
        learners=[staff, colleague],
        assessors=[trainer],
        scenario_obj=scenario,
    )
    recording = b.recording(session=session, learner=staff, uploader=staff)
    response = login(colleague).get(
        reverse("training:roleplay_recording", args=[recording.pk])
    )
    assert response.status_code == 404


def test_range_request_returns_partial_content(login, session, staff):
    """Players seek with HTTP Range: a single range gets 206 and those bytes."""
    recording = b.recording(session=session, learner=staff, uploader=staff)
    data = recording.file.open("rb").read()
    response = login(staff).get(
        reverse("training:roleplay_recording", args=[recording.pk]),
        headers={"Range": "bytes=4-11"},
    )
    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes 4-11/{len(data)}"
    assert b"".join(response.streaming_content) == data[4:12]
