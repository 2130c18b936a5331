"""Take the README's screenshots of a running site: `python scripts/screenshots.py [BASE_URL]`.

Uses Debian's chromium through Playwright, at desktop and phone width, in both languages.
Pages behind sign-in are taken as the demo participant and the demo organiser; their
sessions are made directly in the development database (DEBUG=true, as `make run` uses).
"""

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import BrowserContext, sync_playwright

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
PAGES = {
    "catalogue": "/{lang}/",
    "programme": "/{lang}/programmes/wissen-gemeinsam-gestalten/",
    # without a language prefix: the language comes from the cookie the switch sets
    "verify": "/verify/{code}/",
    "privacy": "/{lang}/privacy/",
    "privacy-institution": "/{lang}/institutions/univercity-bochum/privacy/",
}
# Signed-in pages: (demo person, path)
SIGNED_IN_PAGES = {
    "apply": ("organiser@lifelong.example", "/{lang}/editions/{edition}/apply/"),
    "my-programmes": ("participant@lifelong.example", "/{lang}/my/"),
    "staff-edition": ("organiser@lifelong.example", "/{lang}/staff/editions/{edition}/"),
    "checkin-desk": ("helper@lifelong.example", "/{lang}/staff/sessions/{session}/desk/"),
    "room-screen": ("organiser@lifelong.example", "/{lang}/staff/sessions/{session}/room/"),
    "attendance-matrix": (
        "organiser@lifelong.example",
        "/{lang}/staff/editions/{edition}/attendance/",
    ),
    "backoffice-applications": (
        "organiser@lifelong.example",
        "/{lang}/staff/editions/{edition}/applications/",
    ),
    "backoffice-edition-edit": (
        "organiser@lifelong.example",
        "/{lang}/staff/editions/{edition}/edit/",
    ),
    "retention-dry-run": ("organiser@lifelong.example", "/{lang}/staff/retention/"),
    "dashboard-edition": ("organiser@lifelong.example", "/{lang}/staff/editions/{past}/dashboard/"),
    "dashboard-institution": (
        "organiser@lifelong.example",
        "/{lang}/staff/institutions/{institution}/dashboard/",
    ),
    "certificates": ("organiser@lifelong.example", "/{lang}/staff/editions/{past}/certificates/"),
    "certificate-rule": (
        "organiser@lifelong.example",
        "/{lang}/staff/editions/{past}/certificates/rule/",
    ),
}
# The demo's certificates rendered as they print: (name on it, file name)
CERTIFICATES = [
    ("Zoë Łukasiewicz-Öztürk", "certificate-de"),
    ("Nguyễn Thị Minh Khai", "certificate-en"),
]
SIGN_IN_SHEET = "/{lang}/staff/sessions/{session}/sheet.pdf?language={lang}"
SIZES = {"desktop": (1280, 900), "phone": (390, 844)}
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _session_cookie(email: str) -> str:
    """A signed-in session for a demo person, written straight into the database."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    from lifelong.accounts.models import User
    from lifelong.accounts.sessions import SessionStore

    user = User.objects.get(email=email)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    # Staff pages ask for the authenticator app: record that step, as a real sign-in does.
    from allauth.account.internal.flows.login import record_authentication
    from allauth.mfa.models import Authenticator
    from django.http import HttpRequest

    if Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        request = HttpRequest()
        request.session = session
        record_authentication(request, user, "mfa", type=Authenticator.Type.TOTP)
        session.save()
    return str(session.session_key)


def _bochum_edition_with_form() -> int:
    from lifelong.catalogue.models import Edition

    edition = Edition.objects.filter(
        programme__slug="wissen-gemeinsam-gestalten", questions__isnull=False
    ).first()
    if edition is None:
        raise SystemExit("Load the demo first: make run")
    return edition.pk


def _first_session(edition_id: int) -> int:
    from lifelong.catalogue.models import Session

    return (
        Session.objects.filter(edition_id=edition_id)
        .order_by("starts_at")
        .values_list("pk", flat=True)[0]
    )


def _sign_in_sheet(context: BrowserContext, session: int, cookie: str) -> None:
    """The sign-in sheet PDF, rendered to PNG as it prints."""
    context.add_cookies([{"name": "sessionid", "value": cookie, "url": BASE}])
    for lang in ("de", "en"):
        response = context.request.get(BASE + SIGN_IN_SHEET.format(lang=lang, session=session))
        if response.headers.get("content-type") != "application/pdf":
            print(f"sign-in sheet ({lang}) not taken: the answer was not a PDF ({response.url})")
            continue
        with tempfile.TemporaryDirectory() as directory:
            pdf = Path(directory) / "sheet.pdf"
            pdf.write_bytes(response.body())
            target = OUT / f"sign-in-sheet-{lang}"
            subprocess.run(
                ["pdftoppm", "-r", "80", "-png", "-singlefile", str(pdf), str(target)], check=True
            )
            print(target.with_suffix(".png").relative_to(OUT.parent.parent))
    context.clear_cookies()


def _institution_of(edition_id: int) -> int:
    from lifelong.catalogue.models import Edition

    return Edition.objects.values_list("programme__institution_id", flat=True).get(pk=edition_id)


def _past_edition() -> int:
    from lifelong.catalogue.models import Edition

    return Edition.objects.get(programme__slug="wissen-gemeinsam-gestalten", label="2025/26").pk


def _certificate_pictures() -> str:
    """The demo certificates as PNG; returns the code of the first, for the verify page."""
    from lifelong.certificates.models import Certificate

    codes = []
    for name, file_name in CERTIFICATES:
        certificate = Certificate.objects.select_related("document").get(facts__name=name)
        codes.append(certificate.code)
        with tempfile.TemporaryDirectory() as directory:
            pdf = Path(directory) / "certificate.pdf"
            pdf.write_bytes(bytes(certificate.document.pdf))
            target = OUT / file_name
            subprocess.run(
                ["pdftoppm", "-r", "80", "-png", "-singlefile", str(pdf), str(target)], check=True
            )
            print(target.with_suffix(".png").relative_to(OUT.parent.parent))
    return codes[0]


def _django() -> None:
    import django

    sys.path.insert(0, str(OUT.parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lifelong.settings")
    os.environ.setdefault("DEBUG", "true")
    django.setup()


def main() -> None:
    _django()
    edition = _bochum_edition_with_form()
    past = _past_edition()
    session = _first_session(edition)
    institution = _institution_of(edition)
    cookies = {email: _session_cookie(email) for email, _path in SIGNED_IN_PAGES.values()}
    OUT.mkdir(parents=True, exist_ok=True)
    code = _certificate_pictures()
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
                    context.add_cookies([{"name": "django_language", "value": lang, "url": BASE}])
                    page.goto(BASE + path.format(lang=lang, code=code))
                    target = OUT / f"{name}-{lang}-{size_name}.png"
                    page.screenshot(path=str(target), full_page=size_name == "desktop")
                    print(target.relative_to(OUT.parent.parent))
                for name, (email, path) in SIGNED_IN_PAGES.items():
                    context.clear_cookies()
                    context.add_cookies(
                        [{"name": "sessionid", "value": cookies[email], "url": BASE}]
                    )
                    page.goto(
                        BASE
                        + path.format(
                            lang=lang,
                            edition=edition,
                            session=session,
                            past=past,
                            institution=institution,
                        )
                    )
                    target = OUT / f"{name}-{lang}-{size_name}.png"
                    page.screenshot(path=str(target), full_page=size_name == "desktop")
                    print(target.relative_to(OUT.parent.parent))
                context.clear_cookies()
            if size_name == "desktop":
                _sign_in_sheet(context, session, cookies["organiser@lifelong.example"])
            context.close()
        browser.close()


if __name__ == "__main__":
    main()
