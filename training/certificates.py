"""Certificate PDFs: bilingual, with the organisation's mark, a signature
line and a QR code of the verification link.

Fonts: reportlab's built-in CID font STSong-Light for Chinese and Helvetica
for Latin runs. STSong-Light is not embedded and viewers substitute a CJK
font whose Latin letters are spaced unevenly, so every string is cut into
runs and each run is drawn in the font made for it."""

import io
import re

import segno
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from courses import selectors as course_selectors

CJK = "STSong-Light"
LATIN = "Helvetica"
LATIN_BOLD = "Helvetica-Bold"
BRAND = HexColor("#0b6e4f")
INK = HexColor("#1f2933")
MUTED = HexColor("#52606d")
# CJK ideographs, kana, full-width forms and CJK punctuation.
_CJK_RUN = re.compile(r"([\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f《》]+)")


def _register():
    if CJK not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(CJK))


def runs(text: str, latin: str = LATIN) -> list[tuple[str, str]]:
    """[(font, text)]: Chinese runs in the CJK font, the rest in ``latin``."""
    out = []
    for part in _CJK_RUN.split(text):
        if part:
            out.append((CJK if _CJK_RUN.fullmatch(part) else latin, part))
    return out


def run_width(text: str, size: float, latin: str = LATIN) -> float:
    return sum(pdfmetrics.stringWidth(t, f, size) for f, t in runs(text, latin))


def draw_runs(pdf, x: float, y: float, text: str, size: float, latin=LATIN):
    for font, part in runs(text, latin):
        pdf.setFont(font, size)
        pdf.drawString(x, y, part)
        x += pdfmetrics.stringWidth(part, font, size)


def _title_in(course, language: str) -> str:
    with translation.override(language):
        return str(course_selectors.localized(course, language).title)


def _mark(pdf, x: float, y: float, size: float):
    """The organisation's mark (the app icon: an open book with a tick)."""
    pdf.setFillColor(BRAND)
    pdf.roundRect(x, y, size, size, size * 0.22, stroke=0, fill=1)
    pdf.setFillColorRGB(1, 1, 1)
    w, inset = size * 0.76, size * 0.12
    top, bottom = y + size - inset - w * 0.2, y + size - inset - w * 0.78
    cx = x + size / 2
    for side in (-1, 1):
        outer = cx + side * (w / 2 - w * 0.08)
        inner = cx + side * w * 0.03
        path = pdf.beginPath()
        path.moveTo(outer, top)
        path.lineTo(inner, top - w * 0.06)
        path.lineTo(inner, bottom)
        path.lineTo(outer, bottom + w * 0.06)
        path.close()
        pdf.drawPath(path, stroke=0, fill=1)


def _qr(pdf, url: str, x: float, y: float, size: float):
    """The verification link as a QR code, drawn as vector squares."""
    matrix = segno.make(url, error="m").matrix
    n = len(matrix)
    cell = size / n
    pdf.setFillColor(INK)
    for r, row in enumerate(matrix):
        for c, dark in enumerate(row):
            if dark:
                pdf.rect(x + c * cell, y + size - (r + 1) * cell, cell, cell, 0, 1)


def certificate_pdf(cert, *, request=None) -> bytes:
    _register()
    buffer = io.BytesIO()
    width, height = landscape(A4)
    pdf = canvas.Canvas(buffer, pagesize=(width, height))
    pdf.setTitle(f"Certificate {cert.code}")
    pdf.setStrokeColor(BRAND)
    pdf.setLineWidth(6)
    pdf.rect(24, 24, width - 48, height - 48)
    pdf.setLineWidth(1)
    pdf.rect(34, 34, width - 68, height - 68)
    zh_title = _title_in(cert.course, "zh-hans")
    en_title = _title_in(cert.course, "en")
    issued = timezone.localtime(cert.issued_at).strftime("%Y-%m-%d")
    expires = (
        timezone.localtime(cert.expires_at).strftime("%Y-%m-%d")
        if cert.expires_at
        else None
    )
    path = reverse("training:certificate_verify", args=[cert.code])
    url = (
        request.build_absolute_uri(path)
        if request
        else settings.WAGTAILADMIN_BASE_URL + path
    )

    def center(text, y, size, color=INK, latin=LATIN):
        pdf.setFillColor(color)
        draw_runs(pdf, (width - run_width(text, size, latin)) / 2, y, text, size, latin)

    _mark(pdf, width / 2 - 22, height - 100, 44)
    center("服务技能学院 ServiceTrain", height - 118, 11, MUTED)
    center("结业证书", height - 160, 34, BRAND)
    center("Certificate of Completion", height - 190, 20, BRAND, LATIN_BOLD)
    center("兹证明 This certifies that", height - 228, 12, MUTED)
    center(cert.employee.name, height - 268, 28)
    center("已完成课程 has completed the course", height - 300, 12, MUTED)
    center(f"《{zh_title}》", height - 336, 20)
    if en_title != zh_title:
        center(en_title, height - 360, 14)
    dates = f"颁发日期 Issued {issued}"
    if expires:
        dates += f"    有效期至 Valid until {expires}"
    center(dates, height - 395, 11, MUTED)

    # Signature line (left) and the QR code of the verify link (right).
    pdf.setStrokeColor(INK)
    pdf.setLineWidth(0.8)
    pdf.line(90, 118, 290, 118)
    pdf.setFillColor(MUTED)
    draw_runs(pdf, 90, 102, "培训负责人签字 Training lead", 10)
    draw_runs(pdf, 90, 86, f"日期 Date {issued}", 10)
    qr_size = 86
    _qr(pdf, url, width - 90 - qr_size, 78, qr_size)
    pdf.setFillColor(MUTED)
    label = f"验证码 Verification code: {cert.code}"
    draw_runs(pdf, width - 90 - qr_size - 14 - run_width(label, 10), 118, label, 10)
    draw_runs(pdf, width - 90 - qr_size - 14 - run_width(url, 8), 102, url, 8)
    hint = "扫码验证 Scan to verify"
    draw_runs(pdf, width - 90 - qr_size - 14 - run_width(hint, 9), 86, hint, 9)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
