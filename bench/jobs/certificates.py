"""Certificate PDFs per second: `scale.certificates` real certificates of the
bench data rendered by training.certificates.certificate_pdf (bilingual,
Chinese in the CID font STSong-Light, with the verification code and link),
as a learner's download does, reading each certificate from the database.

Floor: the same number of minimal one-page reportlab PDFs (one line of
Helvetica, same page size), the least any PDF costs in this process. Each
phase renders one PDF first, untimed, so neither pays font loading in the
figure; the first real PDF's time is reported apart."""

import io
import time

from bench.data import has_models


def ready() -> str | None:
    why = has_models("training.Certificate")
    if why:
        return why
    try:
        from training.certificates import certificate_pdf  # noqa: F401
    except ImportError:
        return "training.certificates.certificate_pdf not on main yet"
    return None


def prepare(ctx) -> dict:
    """Certificate ids spread over the whole table."""
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute(
            "SELECT id FROM training_certificate ORDER BY md5(id::text) LIMIT %s",
            [ctx.scale.certificates],
        )
        ids = [row[0] for row in cur.fetchall()]
    return {"ids": ids}


def _check(pdf: bytes) -> int:
    if not pdf.startswith(b"%PDF-"):
        raise RuntimeError("not a PDF")
    return len(pdf)


def run(args: dict) -> dict:
    from training.certificates import certificate_pdf
    from training.models import Certificate

    ids = args["ids"]
    if not ids:
        raise RuntimeError("no certificates in the bench data")

    def load(pk):
        return Certificate.objects.select_related("employee", "course").get(pk=pk)

    started = time.perf_counter()
    _check(certificate_pdf(load(ids[0])))
    first = time.perf_counter() - started
    size = 0
    started = time.perf_counter()
    for pk in ids:
        size += _check(certificate_pdf(load(pk)))
    return {
        "seconds": time.perf_counter() - started,
        "units": len(ids),
        "first_pdf_seconds": round(first, 3),
        "mean_kib": round(size / len(ids) / 1024, 1),
    }


def _minimal_pdf() -> bytes:
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=landscape(A4))
    pdf.setFont("Helvetica", 12)
    pdf.drawString(72, 72, "Certificate")
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def floor(args: dict) -> dict:
    _check(_minimal_pdf())
    started = time.perf_counter()
    for _ in args["ids"]:
        _check(_minimal_pdf())
    return {"seconds": time.perf_counter() - started, "units": len(args["ids"])}
