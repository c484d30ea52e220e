"""Cover images for the demo courses, drawn here (no text, so one picture
serves both languages): a two-colour gradient and a few speech bubbles,
960×420 PNG, the course cards' 480×210 at twice the density."""

import io
import random

from PIL import Image, ImageDraw

SIZE = (960, 420)
PALETTES = [  # (top-left, bottom-right, bubbles)
    ((14, 116, 144), (45, 212, 191), (240, 253, 250)),
    ((124, 58, 237), (236, 72, 153), (253, 242, 248)),
    ((217, 119, 6), (250, 204, 21), (255, 251, 235)),
    ((22, 101, 52), (132, 204, 22), (247, 254, 231)),
    ((30, 64, 175), (96, 165, 250), (239, 246, 255)),
    ((190, 18, 60), (251, 113, 133), (255, 241, 242)),
]


def cover_png(index: int, seed: str) -> bytes:
    """The cover for the `index`-th course; `seed` (its slug) places the
    bubbles, so the same course always gets the same picture."""
    start, end, bubble = PALETTES[index % len(PALETTES)]
    width, height = SIZE
    image = Image.new("RGB", SIZE)
    draw = ImageDraw.Draw(image)
    for x in range(width):  # a diagonal-looking gradient, column by column
        t = x / (width - 1)
        colour = tuple(round(a + (b - a) * t) for a, b in zip(start, end, strict=True))
        draw.line([(x, 0), (x, height)], fill=colour)
    rng = random.Random(seed)  # noqa: S311 - a picture, not a secret
    slot = width // 3
    for i in range(3):  # one bubble a third of the width, alternately high and low
        w, h = rng.randint(170, 250), rng.randint(80, 120)
        x = i * slot + rng.randint(20, slot - w - 20)
        y = rng.randint(40, 120) if i % 2 == 0 else rng.randint(200, height - h - 50)
        draw.rounded_rectangle([x, y, x + w, y + h], radius=h // 2, fill=bubble)
        tail = x + w // 4
        draw.polygon(
            [(tail, y + h - 2), (tail + 36, y + h - 2), (tail, y + h + 34)], fill=bubble
        )
        for dot in range(3):  # the "…" of someone speaking
            cx, cy = x + w // 2 + (dot - 1) * 34, y + h // 2
            draw.ellipse([cx - 9, cy - 9, cx + 9, cy + 9], fill=start)
    buffer = io.BytesIO()
    image.quantize(colors=64).save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
