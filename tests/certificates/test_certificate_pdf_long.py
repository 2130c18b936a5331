"""The certificate of a long edition: however many days, assessed work and rule text it
holds, nothing is printed over the place and date, the signatures or the seal, and nothing
is left out. Where the dates do not fit, one line sums the days up; where even the summed
up facts do not fit one page, they run on to a second, which the place and date, the
signatures and the seal close."""

import re
import subprocess
from dataclasses import dataclass
from datetime import date
from html import unescape
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.utils import timezone, translation
from django.utils.dateformat import format as date_format

from lifelong.catalogue.rules import CertificateRule
from lifelong.certificates.models import Assessment, AssessmentResult
from lifelong.certificates.pdf import certificate_pdf
from lifelong.certificates.services import certificate_issue
from tests.certificates.helpers import attended, make_certificate_edition, participant
from tests.factories import berlin

pytestmark = pytest.mark.django_db
NAME = "Zoë Łukasiewicz-Öztürk"
CODE = "LL-2222-3333-4444"
URL = f"http://127.0.0.1:8000/verify/{CODE}/"
SIGNATORIES = [
    {
        "name": "Prof. Dr. Miriam Beispiel-Mustermann",
        "role_de": "Wissenschaftliche Leitung des Zertifikatsstudiengangs",
        "role_en": "Academic director of the certificate programme",
    },
    {"name": "Jan Muster", "role_de": "Geschäftsführung", "role_en": "Managing director"},
]
RULE = CertificateRule.from_json(
    {
        "kind": "certificate",
        "min_sessions": 45,
        "workload_hours": 240,
        "min_credit_points": "10",
        "signatories": SIGNATORIES,
    }
).to_json()
WORK = [
    ("Projektarbeit zur Bürgerbeteiligung im Quartier", "Project paper on citizen participation"),
    ("Mündliche Prüfung zur Stadtentwicklung", "Oral examination on urban development"),
    ("Hausarbeit zur digitalen Verwaltung", "Term paper on digital administration"),
    ("Präsentation der Praxisphase", "Presentation of the work placement"),
    ("Portfolio der Lernwerkstatt", "Portfolio of the learning workshop"),
]
MORE_WORK = [
    (
        f"Praxisbericht {number} über ein Beteiligungsverfahren einer Ruhrgebietskommune",
        f"Placement report {number} on a participation procedure of a Ruhr municipality",
    )
    for number in range(1, 8)
]
PLACE_AND_DATE = {"de": "Bochum, 12. Juli 2027", "en": "Bochum, 12 July 2027"}
SUMMARY = {
    "de": "48 von 60 Tagen zwischen dem 3. März 2026 und dem 20. April 2027",
    "en": "48 of 60 days between 3 March 2026 and 20 April 2027",
}
ENDING = {"de": "10 Leistungspunkte erreicht.", "en": "earning at least 10 credit points."}
A4_HEIGHT = 841.89  # points
MM = 72 / 25.4


def long_edition_facts(work: list[tuple[str, str]]) -> dict[str, Any]:
    """The frozen facts of a certificate of 60 weekly days (3 March 2026 to 20 April 2027)
    with long titles, 48 days attended, two days required and every piece of `work`
    passed with a grade; issued in Bochum on 12 July 2027."""
    with time_machine.travel(berlin(2027, 7, 12, 10), tick=False):
        edition = make_certificate_edition(
            rule=RULE,
            label="Sommersemester 2026 bis Sommersemester 2027",
            session_count=60,
            first_session=berlin(2026, 3, 3, 10),
        )
        programme = edition.programme
        programme.title_de = (
            "Weiterbildender Zertifikatsstudiengang Nachhaltige Stadtentwicklung, "
            "Bürgerbeteiligung und digitale Verwaltung im Ruhrgebiet"
        )
        programme.title_en = (
            "Continuing certificate programme in sustainable urban development, citizen "
            "participation and digital administration in the Ruhr area"
        )
        programme.save()
        institution = programme.institution
        institution.city = "Bochum"
        institution.save()
        for number, session in enumerate(edition.sessions.order_by("starts_at")):
            session.title_de = f"Werkstatt {number + 1}: Methoden der Beteiligungsforschung"
            session.title_en = f"Workshop {number + 1}: methods of participation research"
            session.mandatory = number in (0, 58)
            session.save()
        person = attended(
            participant(edition, NAME, language="de"),
            ["absent" if number % 5 == 4 else "present" for number in range(60)],
        )
        for position, (name_de, name_en) in enumerate(work):
            assessment = Assessment.objects.create(
                edition=edition,
                position=position,
                kind="other",
                name_de=name_de,
                name_en=name_en,
                credit_points=2,
            )
            AssessmentResult.objects.create(
                assessment=assessment,
                application=person,
                outcome="passed",
                grade="1.7",
                recorded_at=timezone.now(),
            )
        return dict(certificate_issue(application=person, actor=None).certificate.facts)


def rendered(facts: dict[str, Any], language: str, tmp_path: Path) -> Path:
    path = tmp_path / f"{language}.pdf"
    path.write_bytes(
        certificate_pdf(
            facts=facts, code=CODE, verify_url=URL, issued_on="2027-07-12", language=language
        )
    )
    return path


@dataclass(frozen=True)
class Word:
    text: str
    top: float  # from the top of the page, in points
    bottom: float


def pages_of(path: Path) -> list[list[Word]]:
    """Every page's words with where they stand, as poppler reads them."""
    html = subprocess.run(
        ["pdftotext", "-bbox", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    word = r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>'
    return [
        [
            Word(unescape(text), float(top), float(bottom))
            for top, bottom, text in re.findall(word, page)
        ]
        for page in re.findall(r"<page [^>]*>(.*?)</page>", html, re.DOTALL)
    ]


def text(words: list[Word]) -> str:
    return " ".join(word.text for word in words)


def long_date(value: str, language: str) -> str:
    with translation.override(language):
        return date_format(date.fromisoformat(value), "j. F Y" if language == "de" else "j F Y")


def closing_words(language: str) -> list[str]:
    """What may stand below the top of the place and date: they, the signatures, the seal
    and the page's number."""
    roles = [person[f"role_{language}"] for person in SIGNATORIES]
    seal = {
        "de": "Echtheit prüfen: Code scannen oder diese Adresse öffnen:",
        "en": "Scan the code or open this address to check that it is genuine:",
    }[language]
    page = [{"de": "Seite", "en": "Page"}[language], {"de": "von", "en": "of"}[language]]
    page += [str(number) for number in range(1, 10)]
    lines = [PLACE_AND_DATE[language], *(p["name"] for p in SIGNATORIES), *roles, CODE, URL]
    return [*" ".join([*lines, seal]).split(), *page]


def assert_nothing_over_the_closing(page: list[Word], language: str) -> None:
    """On the page with the place and date, every word from the top of that line down is
    the place and date, a signature or the seal."""
    place = PLACE_AND_DATE[language].split()[0]
    top = next(word.top for word in page if word.text == place)
    below = [word.text for word in page if word.bottom > top]
    assert set(below) <= set(closing_words(language)), set(below) - set(closing_words(language))
    middle = [word for word in page if word.bottom <= top]
    assert middle, "nothing above the place and date"


@pytest.mark.parametrize("language", ["de", "en"])
def test_it_sums_up_the_days_of_a_long_edition_on_one_page(language, tmp_path):
    facts = long_edition_facts(WORK)
    pages = pages_of(rendered(facts, language, tmp_path))
    assert len(pages) == 1
    assert_nothing_over_the_closing(pages[0], language)
    printed = text(pages[0])
    assert SUMMARY[language] in printed
    second_day = long_date(facts["days"][1]["date"], language)
    assert second_day not in printed  # the dates are not listed as well
    for name in WORK:
        assert name[language == "en"] in printed
    assert printed.index(ENDING[language]) < printed.index(PLACE_AND_DATE[language])


@pytest.mark.parametrize("language", ["de", "en"])
def test_what_does_not_fit_one_page_runs_on_to_a_second(language, tmp_path):
    facts = long_edition_facts(WORK + MORE_WORK)
    pages = pages_of(rendered(facts, language, tmp_path))
    assert len(pages) == 2
    first, last = text(pages[0]), text(pages[1])
    page = {"de": "Seite {} von 2", "en": "Page {} of 2"}[language]
    assert page.format(1) in first
    assert page.format(2) in last
    # The first page has no place and date, no signatures, no seal; the last has them all.
    assert PLACE_AND_DATE[language] not in first
    assert CODE not in first and "Jan Muster" not in first
    assert_nothing_over_the_closing(pages[1], language)
    # Nothing left out: the days (each date where they fit the two pages, as in English;
    # summed up where they would take a third, as in German), every piece of work, the
    # whole rule.
    both = f"{first} {last}"
    listed = all(long_date(day["date"], language) in both for day in facts["days"])
    assert listed == (language == "en")
    assert listed or SUMMARY[language] in first
    for name in WORK + MORE_WORK:
        assert name[language == "en"] in both
    assert ENDING[language] in last


def test_a_first_page_keeps_its_margin_for_the_page_number(tmp_path):
    first = pages_of(rendered(long_edition_facts(WORK + MORE_WORK), "de", tmp_path))[0]
    margin = A4_HEIGHT - 20 * MM
    number = [word for word in first if word.top > margin]
    assert text(number) == "Seite 1 von 2"
    assert max(word.bottom for word in first if word not in number) < margin


def test_a_short_certificate_lists_each_day_on_one_page(tmp_path):
    with time_machine.travel(berlin(2027, 7, 12, 10), tick=False):
        edition = make_certificate_edition(
            rule={**RULE, "min_sessions": 4, "min_credit_points": None}, label="2025/26"
        )
        institution = edition.programme.institution
        institution.city = "Bochum"
        institution.save()
        person = attended(participant(edition, NAME), ["present"] * 4 + ["absent"])
        facts = certificate_issue(application=person, actor=None).certificate.facts
    pages = pages_of(rendered(facts, "de", tmp_path))
    assert len(pages) == 1
    assert_nothing_over_the_closing(pages[0], "de")
    printed = text(pages[0])
    for day in facts["days"]:
        assert f"{long_date(day['date'], 'de')} – Tag" in printed
    assert "Tag 5 (nicht besucht)" in printed
    assert "zwischen dem" not in printed
    assert "Seite 1" not in printed


def made_up_facts(days: int, work: int) -> dict[str, Any]:
    """The facts of a certificate of `days` days, two in three attended, and `work` pieces
    of assessed work, all with long names, as a certificate freezes them."""
    first = date(2027, 3, 3)
    dates = [date.fromordinal(first.toordinal() + 2 * number) for number in range(days)]
    names = [
        (
            f"Projektarbeit {number} zur Beteiligung der Bürgerinnen und Bürger im Quartier",
            f"Project paper {number} on the participation of citizens in their neighbourhood",
        )
        for number in range(1, work + 1)
    ]
    listed = ", ".join(f"„{de}“" for de, _en in names)
    return {
        "kind": "certificate",
        "document": {"de": "Zertifikat", "en": "Certificate"},
        "programme": {"de": "Nachhaltige Stadtentwicklung", "en": "Sustainable urban development"},
        "edition": "2027",
        "institutions": [{"name": {"de": "Akademie Bochum", "en": "Bochum Academy"}, "url": ""}],
        "first_day": dates[0].isoformat(),
        "last_day": dates[-1].isoformat(),
        "days_total": days,
        "days_attended": sum(1 for number in range(days) if number % 3 != 2),
        "days": [
            {
                "date": day.isoformat(),
                "title": {"de": f"Werkstatt {n + 1}: Methoden", "en": f"Workshop {n + 1}: methods"},
                "attended": n % 3 != 2,
            }
            for n, day in enumerate(dates)
        ],
        "workload_hours": 4 * days,
        "credit_points": "12.5",
        "rule": {"de": "Zertifikat", "en": "Certificate"},
        "conditions": {
            "de": f"an mindestens {days // 2} von {days} Tagen teilgenommen und {listed} bestanden",
            "en": f"attending at least {days // 2} of {days} days and passing all of the work",
        },
        "place": "Bochum",
        "signatories": SIGNATORIES,
        "name": NAME,
        "assessments": [{"name": {"de": de, "en": en}, "grade": "2.0"} for de, en in names],
    }


@pytest.mark.parametrize("language", ["de", "en"])
@pytest.mark.parametrize(("days", "work"), [(1, 0), (10, 0), (10, 15), (40, 3), (120, 40)])
def test_whatever_it_holds_nothing_is_printed_over_the_closing_or_left_out(
    days, work, language, tmp_path
):
    facts = made_up_facts(days, work)
    pages = pages_of(rendered(facts, language, tmp_path))
    margin = A4_HEIGHT - 20 * MM
    for page in pages[:-1]:
        assert all(word.bottom < margin for word in page if word.top < margin)
        assert not {word.text for word in page} & {"Bochum,", CODE, "Muster"}
    assert_nothing_over_the_closing(pages[-1], language)
    printed = " ".join(text(page) for page in pages)
    summed_up = {"de": r"\d+ von \d+ Tagen? zwischen dem", "en": r"\d+ of \d+ days? between"}
    listed = all(long_date(day["date"], language) in printed for day in facts["days"])
    assert listed or re.search(summed_up[language], printed)
    for item in facts["assessments"]:
        assert item["name"][language] in printed
    assert {"de": "bestanden.", "en": "passing all of the work."}[language] in printed
    assert (len(pages) > 1) == ("Seite 1 von" in printed or "Page 1 of" in printed)
    # No date is broken over two lines ("… und dem 27." / "Oktober 2027", "27 October" /
    # "2027"): no line ends inside one.
    with translation.override(language):
        months = {date_format(date(2027, month, 1), "F") for month in range(1, 13)}
    for page in pages:
        for line in lines_of(page):
            last = line[-1]
            assert last not in months, " ".join(line)
            if language == "de":  # a German day ends with a full stop: "27."
                assert not re.fullmatch(r"\d{1,2}\.", last), " ".join(line)


def lines_of(page: list[Word]) -> list[list[str]]:
    """The page's words by printed line (the same top, to the point), from the top down."""
    lines: dict[int, list[str]] = {}
    for word in page:
        lines.setdefault(round(word.top), []).append(word.text)
    return [lines[top] for top in sorted(lines)]
