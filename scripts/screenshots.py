"""Take the README's screenshots of a running site: `python scripts/screenshots.py [BASE_URL]`.

Uses Debian's chromium through Playwright, at desktop and phone width, in both languages.
"""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
PAGES = {
    "catalogue": "/{lang}/",
    "programme": "/{lang}/programmes/wissen-gemeinsam-gestalten/",
}
SIZES = {"desktop": (1280, 900), "phone": (390, 844)}
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        for size_name, (width, height) in SIZES.items():
            context = browser.new_context(
                viewport={"width": width, "height": height}, device_scale_factor=1
            )
            page = context.new_page()
            for lang in ("de", "en"):
                for name, path in PAGES.items():
                    page.goto(BASE + path.format(lang=lang))
                    target = OUT / f"{name}-{lang}-{size_name}.png"
                    page.screenshot(path=str(target), full_page=size_name == "desktop")
                    print(target.relative_to(OUT.parent.parent))
            context.close()
        browser.close()


if __name__ == "__main__":
    main()
