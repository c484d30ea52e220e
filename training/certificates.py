"""Certificate PDFs: bilingual (Chinese with reportlab's built-in CID font
STSong-Light, English in Helvetica), with the verification code and link."""

import io

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from courses import selectors as course_selectors

CJK = "STSong-Light"


def _register():
    if CJK not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(CJK))


def _title_in(course, language: str) -> str:
    with translation.override(language):
        return str(course_selectors.localized(course, language).title)


def certificate_pdf(cert, *, request=None) -> bytes:
    _register()
    buffer = io.BytesIO()
    width, height = landscape(A4)
    pdf = canvas.Canvas(buffer, pagesize=(width, height))
    pdf.setTitle(f"Certificate {cert.code}")
    pdf.setLineWidth(3)
    pdf.rect(30, 30, width - 60, height - 60)
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

    def center(text, y, font, size):
        pdf.setFont(font, size)
        pdf.drawCentredString(width / 2, y, text)

    center("结业证书", height - 110, CJK, 34)
    center("Certificate of Completion", height - 145, "Helvetica-Bold", 22)
    center("兹证明", height - 195, CJK, 14)
    center("This certifies that", height - 213, "Helvetica", 12)
    center(cert.employee.name, height - 255, CJK, 26)
    center("已完成课程", height - 295, CJK, 14)
    center("has completed the course", height - 313, "Helvetica", 12)
    center(f"《{zh_title}》", height - 350, CJK, 20)
    center(en_title, height - 375, CJK, 14)
    dates = f"颁发日期 Issued: {issued}"
    if expires:
        dates += f"    有效期至 Valid until: {expires}"
    center(dates, height - 420, CJK, 12)
    center(f"验证码 Verification code: {cert.code}", 90, CJK, 12)
    center(f"验证 Verify: {url}", 70, CJK, 10)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
