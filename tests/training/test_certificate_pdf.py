"""The certificate PDF: Latin runs in a Latin font, Chinese runs in the CJK
font, the verify link printed and drawn as a QR code."""

import base64
import zlib

import pytest
from django.urls import reverse

from training import services
from training.certificates import certificate_pdf, runs

from .conftest import make_course

pytestmark = pytest.mark.django_db


def test_mixed_text_is_cut_into_font_runs():
    assert runs("Emma Chen 陈爱玛《服务》 ok") == [
        ("Helvetica", "Emma Chen "),
        ("STSong-Light", "陈爱玛《服务》"),
        ("Helvetica", " ok"),
    ]


def test_pdf_has_fonts_link_and_qr(library, staff):
    course = make_course(library, lessons=0, certificate_validity_months=12)
    enrollment = services.assignment_create(course=course, employees=[staff])[0]
    cert = services.certificate_issue(enrollment=enrollment)
    pdf = certificate_pdf(cert)
    assert pdf.startswith(b"%PDF")
    assert b"/Helvetica" in pdf and b"/STSong-Light" in pdf
    path = reverse("training:certificate_verify", args=[cert.code])
    # The page content (ASCII85 + Flate): the link is printed, and the QR
    # code is vector squares, many more rectangles than the frame's.
    start = pdf.index(b"stream", pdf.index(b"/ASCII85Decode")) + len(b"stream\n")
    raw = pdf[start : pdf.index(b"~>", start)]
    content = zlib.decompress(base64.a85decode(raw))
    assert path.encode() in content
    assert content.count(b" re") > 200
