"""The demo's flyer: a real A4 PDF with the heading and every line of its text, long lines
wrapped rather than cut."""

import subprocess

from lifelong.office.demo.flyer import flyer_pdf

HEADING = "Zertifikatsprogramm „Wissen gemeinsam gestalten“ 2025/26"
LINES = [
    "UniverCity Bochum e.V. in Kooperation mit city2science GmbH",
    "Di 07.10.2025, 13:00–17:30 Uhr – Kickstart Kooperation & Kollaboration",
    "Die Teilnahme ist kostenfrei. " * 8,
]


def run(*args: str) -> str:
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def test_it_prints_the_heading_and_every_line_on_one_a4_page(tmp_path):
    path = tmp_path / "flyer.pdf"
    path.write_bytes(flyer_pdf(heading=HEADING, lines=LINES))
    text = " ".join(run("pdftotext", str(path), "-").split())
    assert HEADING in text
    assert all(" ".join(line.split()) in text for line in LINES)
    info = run("pdfinfo", str(path))
    assert "595.276 x 841.89 pts (A4)" in info
    assert f"Title:           {HEADING}" in info
    assert "Pages:           1" in info
