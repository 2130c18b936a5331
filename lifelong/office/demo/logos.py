"""Made-up logos for the demo institutions: a coloured square with initials beside the
name. They stand in for the real ones, which are not ours to use."""

import io
import zlib

from PIL import Image, ImageDraw, ImageFont

from lifelong.lib.pdf import FONTS

_COLOURS = [(11, 79, 138), (15, 123, 108), (122, 46, 112), (154, 75, 0), (36, 89, 63)]


def _initials(name: str) -> str:
    words = [word for word in name.replace("-", " ").split() if word[:1].isupper()]
    return "".join(word[0] for word in words[:3]) or name[:2].upper()


def logo_png(name: str) -> bytes:
    """A 640 × 160 PNG with a transparent background."""
    colour = _COLOURS[zlib.crc32(name.encode()) % len(_COLOURS)]
    image = Image.new("RGBA", (640, 160), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((0, 0, 159, 159), radius=24, fill=colour)
    bold = ImageFont.truetype(str(FONTS / "DejaVuSans-Bold.ttf"), 64)
    draw.text((80, 80), _initials(name), font=bold, fill="white", anchor="mm")
    words = name.split()
    lines = [" ".join(words[: len(words) // 2 or 1]), " ".join(words[len(words) // 2 or 1 :])]
    regular = ImageFont.truetype(str(FONTS / "DejaVuSans-Bold.ttf"), 34)
    for number, line in enumerate(line for line in lines if line):
        draw.text((188, 38 + number * 46), line, font=regular, fill=(27, 36, 48))
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
