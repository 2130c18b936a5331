"""QR codes as inline SVG (pages) and PNG (e-mail attachments), by segno."""

import io

import segno


def qr_svg(data: str, *, title: str) -> str:
    """A scalable <svg> element (size it with CSS) to put straight into a page; `title` is
    what a screen reader says instead of the picture."""
    out = io.BytesIO()
    segno.make(data, error="m", micro=False).save(
        out, kind="svg", border=2, xmldecl=False, title=title, svgclass="qr", omitsize=True
    )
    return out.getvalue().decode().replace("<svg ", '<svg role="img" ', 1)


def qr_png(data: str, *, scale: int = 8) -> bytes:
    out = io.BytesIO()
    segno.make(data, error="m", micro=False).save(out, kind="png", scale=scale, border=2)
    return out.getvalue()
