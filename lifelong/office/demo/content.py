"""The demo catalogue, written from the two public pages the product was born from.

The Bochum certificate programme 2025/26 is given exactly as its page states it. The Ruhr
Innovation Lab offers carry the public facts known about them (places, ages, credit points,
fees); where nothing is public, the edition is a plausible one and says so nowhere else.
Dates of upcoming editions are placed relative to the day the demo is first loaded, so that
applying is possible on a fresh site.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

BERLIN = ZoneInfo("Europe/Berlin")


@dataclass(frozen=True)
class SessionData:
    day: date
    start: time
    end: time
    title_de: str = ""
    title_en: str = ""
    place: str = ""
    online_url: str = ""


@dataclass(frozen=True)
class EditionData:
    label: str
    opens: datetime
    deadline: datetime
    capacity: int
    sessions: list[SessionData]
    language: str = "de"
    selection_mode: str = "first_come"
    fee_cents: int = 0
    fee_note_de: str = ""
    fee_note_en: str = ""
    credit_points: str | None = None
    certificate_rule: dict[str, object] = field(default_factory=dict)
    audiences: dict[str, int | None] = field(default_factory=dict)  # slug -> quota
    questions: list["QuestionData"] = field(default_factory=list)
    assessments: list["AssessmentData"] = field(default_factory=list)


@dataclass(frozen=True)
class AssessmentData:
    kind: str
    name_de: str
    name_en: str
    credit_points: str | None = None


@dataclass(frozen=True)
class QuestionData:
    kind: str
    label_de: str
    label_en: str
    required: bool = True
    choices: list[dict[str, str]] = field(default_factory=list)


# Who may apply as a member of an audience, wherever that audience is offered.
ELIGIBILITY: dict[str, dict[str, object]] = {
    "city-staff": {"email_domains": "bochum.de"},
    "seniors": {"min_age": 50},
    "students": {"requires_student_confirmation": True},
}

BOCHUM_QUESTIONS = [
    QuestionData(
        kind="long_text",
        label_de="Was möchten Sie im Programm gemeinsam mit der Stadt bewegen?",
        label_en="What would you like to take forward with the city in the programme?",
    ),
    QuestionData(
        kind="single_choice",
        label_de="Welches Thema interessiert Sie am meisten?",
        label_en="Which topic interests you most?",
        choices=[
            {"key": "climate", "de": "Klima und Energie", "en": "Climate and energy"},
            {"key": "mobility", "de": "Mobilität", "en": "Mobility"},
            {"key": "digital", "de": "Digitale Stadt", "en": "Digital city"},
            {"key": "society", "de": "Stadtgesellschaft", "en": "Urban society"},
        ],
    ),
    QuestionData(
        kind="yes_no",
        label_de="Haben Sie schon an einem Projekt mit der Stadt Bochum mitgewirkt?",
        label_en="Have you worked on a project with the City of Bochum before?",
        required=False,
    ),
]


@dataclass(frozen=True)
class DocumentData:
    filename: str
    title_de: str
    title_en: str
    language: str
    heading: str
    lines: list[str]


@dataclass(frozen=True)
class ProgrammeData:
    slug: str
    institution: str
    format: str
    title_de: str
    title_en: str
    summary_de: str
    summary_en: str
    description_de: str
    description_en: str
    topics: list[str]
    editions: list[EditionData]
    partners: list[str] = field(default_factory=list)
    documents: list[DocumentData] = field(default_factory=list)


INSTITUTIONS: dict[str, tuple[str, str, str]] = {
    # slug: (German name, English name, website)
    "univercity-bochum": (
        "UniverCity Bochum e.V.",
        "UniverCity Bochum e.V.",
        "https://www.univercity-bochum.de/",
    ),
    "city2science": ("city2science GmbH", "city2science GmbH", "https://www.city2science.de/"),
    "ruhr-innovation-lab": (
        "Ruhr Innovation Lab",
        "Ruhr Innovation Lab",
        "https://www.ruhr-innovation-lab.de/",
    ),
    "dapf": (
        "Deutsche Akademie für Pädagogische Führungskräfte (DAPF)",
        "German Academy for Educational Leadership (DAPF)",
        "https://dapf.tu-dortmund.de/",
    ),
    "lff-rub": (
        "Lern- und Forschungsfabrik der Ruhr-Universität Bochum",
        "Learning and Research Factory, Ruhr University Bochum",
        "https://www.lps.rub.de/",
    ),
    "tu-dortmund": (
        "Technische Universität Dortmund",
        "TU Dortmund University",
        "https://www.tu-dortmund.de/",
    ),
    "rub-akademie": (
        "Ruhr-Universität Bochum Akademie im O-Werk",
        "Ruhr University Academy at O-Werk",
        "https://www.akademie.rub.de/",
    ),
    "rub": ("Ruhr-Universität Bochum", "Ruhr University Bochum", "https://www.ruhr-uni-bochum.de/"),
}

# Where each institution issues its certificates ("Bochum, 12. März 2027").
PLACES: dict[str, str] = {
    "univercity-bochum": "Bochum",
    "city2science": "Bochum",
    "ruhr-innovation-lab": "Bochum",
    "dapf": "Dortmund",
    "lff-rub": "Bochum",
    "tu-dortmund": "Dortmund",
    "rub-akademie": "Bochum",
    "rub": "Bochum",
}

AUDIENCES: dict[str, tuple[str, str]] = {
    "city-staff": (
        "Beschäftigte der Stadtverwaltung, städtischer Gesellschaften und Einrichtungen",
        "Employees of the city administration, municipal companies and institutions",
    ),
    "researchers": (
        "Beschäftigte, Promovierende und Postdocs der Bochumer Hochschulen und "
        "Forschungseinrichtungen",
        "Employees, doctoral students and postdocs of Bochum's universities and "
        "research institutions",
    ),
    "transfer": (
        "Projektleitungen, Koordinator:innen, Transferakteur:innen",
        "Project managers, coordinators, transfer actors",
    ),
    "cooperation-interested": (
        "Interessierte an interdisziplinärer und intersektoraler Zusammenarbeit",
        "People interested in interdisciplinary and intersectoral cooperation",
    ),
    "school-leaders": (
        "Schulleitungen, angehende Schulleitungen und Bildungsverwaltung",
        "School leaders, aspiring principals and educational administrators",
    ),
    "professionals": ("Fach- und Führungskräfte", "Specialists and managers"),
    "seniors": ("Menschen ab 50 Jahren", "People aged 50 and over"),
    "students": ("Studierende aller Fachrichtungen", "Students of all subjects"),
}

TOPICS: dict[str, tuple[str, str]] = {
    "cooperation": ("Kooperation & Transfer", "Cooperation & transfer"),
    "participation": ("Beteiligung & Partizipation", "Participation & involvement"),
    "leadership": ("Führung", "Leadership"),
    "school": ("Schule & Bildung", "School & education"),
    "production": ("Produktion & Lean Management", "Production & lean management"),
    "digital": ("Digitalisierung & KI", "Digitalisation & AI"),
    "data": ("Daten & Data Science", "Data & data science"),
    "sustainability": ("Nachhaltigkeit", "Sustainability"),
    "diversity": ("Diversität & Gender", "Diversity & gender"),
    "democracy": ("Demokratie & Gesellschaft", "Democracy & society"),
}


def at(day: date, clock: time) -> datetime:
    return datetime.combine(day, clock, tzinfo=BERLIN)


def end_of(day: date) -> datetime:
    return at(day, time(23, 59, 59))


def weekly(
    first: date,
    count: int,
    start: time,
    end: time,
    *,
    every_weeks: int = 1,
    place: str = "",
    online_url: str = "",
    titles: list[tuple[str, str]] | None = None,
) -> list[SessionData]:
    titles = titles or []
    return [
        SessionData(
            day=first + timedelta(weeks=every_weeks * index),
            start=start,
            end=end,
            title_de=titles[index][0] if index < len(titles) else "",
            title_en=titles[index][1] if index < len(titles) else "",
            place=place,
            online_url=online_url,
        )
        for index in range(count)
    ]


def next_weekday(after: date, weekday: int) -> date:
    """The first day on or after `after` that falls on `weekday` (Monday = 0)."""
    return after + timedelta(days=(weekday - after.weekday()) % 7)


BOCHUM_DAYS = [
    ("Kickstart Kooperation & Kollaboration", "Kickstart Cooperation & Collaboration"),
    (
        "Partizipation & Beteiligung – Stärken sichtbar machen",
        "Participation & Involvement – Making strengths visible",
    ),
    ("Methodenwerkstatt für kooperative Projekte", "Method workshop for cooperative projects"),
    ("ThemenLAB Bochum – Wissen wird konkret", "ThemenLAB Bochum – Knowledge becomes concrete"),
    (
        "Abschluss & Ausblick – Perspektiven für die Fortsetzung",
        "Conclusion & Outlook – Perspectives for continuation",
    ),
]
BOCHUM_AUDIENCES = ["city-staff", "researchers", "transfer", "cooperation-interested"]
# Two afternoons of 4.5 hours and three days of 7: 30 hours. The signatories are made up.
BOCHUM_RULE = {
    "kind": "certificate",
    "min_sessions": 4,
    "workload_hours": 30,
    "issue_automatically": True,
    "signatories": [
        {
            "name": "Dr. Miriam Beispiel",
            "role_de": "Vorstand, UniverCity Bochum e.V.",
            "role_en": "Board, UniverCity Bochum e.V.",
        },
        {
            "name": "Jan Muster",
            "role_de": "Geschäftsführung, city2science GmbH",
            "role_en": "Managing director, city2science GmbH",
        },
    ],
}
AFTERNOON = (time(13, 0), time(17, 30))
FULL_DAY = (time(10, 0), time(17, 0))


def bochum_seed_edition() -> EditionData:
    """The 2025/26 edition exactly as the programme page states it."""
    schedule = [
        (date(2025, 10, 7), *AFTERNOON),
        (date(2025, 10, 28), *FULL_DAY),
        (date(2025, 11, 18), *FULL_DAY),
        (date(2026, 1, 15), *FULL_DAY),
        (date(2026, 2, 10), *AFTERNOON),
    ]
    return EditionData(
        label="2025/26",
        opens=at(date(2025, 6, 2), time(9, 0)),
        deadline=end_of(date(2025, 9, 2)),
        capacity=30,
        language="de",
        selection_mode="reviewed",
        certificate_rule=BOCHUM_RULE,
        audiences=dict.fromkeys(BOCHUM_AUDIENCES),
        sessions=[
            SessionData(day=day, start=start, end=end, title_de=de, title_en=en, place="Bochum")
            for (day, start, end), (de, en) in zip(schedule, BOCHUM_DAYS, strict=True)
        ],
    )


def bochum_upcoming_edition(today: date) -> EditionData:
    """The next cohort, open for applications today, with quotas for a balanced mix."""
    deadline = today + timedelta(days=60)
    first = next_weekday(deadline + timedelta(days=28), 1)  # a Tuesday, as in the seed
    gaps = [0, 3, 6, 10, 14]  # weeks after the first day, like the seed's rhythm
    hours = [AFTERNOON, FULL_DAY, FULL_DAY, FULL_DAY, AFTERNOON]
    sessions = [
        SessionData(
            day=first + timedelta(weeks=gap),
            start=start,
            end=end,
            title_de=de,
            title_en=en,
            place="Bochum",
        )
        for gap, (start, end), (de, en) in zip(gaps, hours, BOCHUM_DAYS, strict=True)
    ]
    return EditionData(
        label=f"{first.year}/{(first.year + 1) % 100:02d}" if first.month >= 8 else str(first.year),
        opens=at(today - timedelta(days=14), time(9, 0)),
        deadline=end_of(deadline),
        capacity=30,
        language="de",
        selection_mode="first_come",
        certificate_rule=BOCHUM_RULE,
        audiences={"city-staff": 10, "researchers": 10, "transfer": 5, "cooperation-interested": 5},
        sessions=sessions,
        questions=BOCHUM_QUESTIONS,
    )


def programmes(today: date) -> list[ProgrammeData]:
    """Every programme of the demo, with editions placed around `today`."""
    open_from = at(today - timedelta(days=21), time(9, 0))
    soon = today + timedelta(days=45)
    term = next_weekday(today + timedelta(days=75), 0)
    return [
        ProgrammeData(
            slug="wissen-gemeinsam-gestalten",
            institution="univercity-bochum",
            partners=["city2science"],
            format="certificate_programme",
            title_de="Zertifikatsprogramm „Wissen gemeinsam gestalten“",
            title_en="Certificate programme “Shaping knowledge together”",
            summary_de="Fünf kompakte Programmmodule – methodisch fundiert, praxisnah und "
            "kooperativ – für Menschen aus Wissenschaft, Verwaltung und Praxis.",
            summary_en="Five compact programme modules – methodologically grounded, practical "
            "and collaborative – for people from research, administration and "
            "practice.",
            description_de=(
                "Forschung, Verwaltung, Praxis – viele arbeiten an ähnlichen Themen, aber oft "
                "getrennt voneinander. Das wollen wir ändern.\n\n"
                "Das Programm bringt Menschen aus unterschiedlichen beruflichen Kontexten "
                "zusammen, die eines verbindet: der Wunsch, über den Tellerrand zu schauen, neue "
                "Formen der Zusammenarbeit kennenzulernen und gemeinsam gesellschaftlich "
                "relevante Projekte zu gestalten.\n\n"
                "Im Mittelpunkt stehen keine abstrakten Modelle, sondern konkrete Werkzeuge, "
                "Erfahrungen und Impulse, die Zusammenarbeit möglich, wirksam und anschlussfähig "
                "machen – in der eigenen Institution und über Sektorengrenzen hinweg.\n\n"
                "Das Programm wird von UniverCity Bochum e.V. in Kooperation mit city2science "
                "GmbH organisiert. Die Veranstaltungen finden auf Deutsch statt."
            ),
            description_en=(
                "Research, administration, practice – many work on similar topics, but often "
                "separately from each other. We want to change that.\n\n"
                "This programme brings together people from different professional contexts "
                "who have one thing in common: the desire to think outside the box, get to know "
                "new forms of cooperation and jointly shape socially relevant projects.\n\n"
                "The focus is not on abstract models, but on concrete tools, experiences and "
                "impulses to make cooperation possible, effective and connectable – both within "
                "one's own institution and across sector boundaries.\n\n"
                "This year's programme is organised by UniverCity Bochum e.V. in cooperation "
                "with city2science GmbH. The events of the programme take place in German."
            ),
            topics=["cooperation", "participation"],
            editions=[bochum_seed_edition(), bochum_upcoming_edition(today)],
            documents=[
                DocumentData(
                    filename="Flyer-Zertifikatsprogramm_Wissen-Gemeinsam-Gestalten_2025_komprimiert.pdf",
                    title_de="Flyer des Zertifikatsprogramms 2025/26",
                    title_en="Flyer of the certificate programme 2025/26 (in German)",
                    language="de",
                    heading="Zertifikatsprogramm Wissen gemeinsam gestalten 2025/26",
                    lines=[
                        "UniverCity Bochum e.V. in Kooperation mit city2science GmbH",
                        "Fünf Programmtage von Oktober 2025 bis Februar 2026:",
                        "Di 07.10.2025, 13:00-17:30 Uhr - Kickstart Kooperation & Kollaboration",
                        "Di 28.10.2025, 10:00-17:00 Uhr - Partizipation & Beteiligung",
                        "Di 18.11.2025, 10:00-17:00 Uhr - Methodenwerkstatt",
                        "Do 15.01.2026, 10:00-17:00 Uhr - ThemenLAB Bochum",
                        "Di 10.02.2026, 13:00-17:30 Uhr - Abschluss & Ausblick",
                        "Die Teilnahme ist kostenfrei. 30 Plätze.",
                        "Zertifikat bei Teilnahme an mindestens vier der fünf Programmtage.",
                        "Bewerbungsschluss: 02.09.2025",
                    ],
                )
            ],
        ),
        ProgrammeData(
            slug="dapf-schulleitungsqualifizierung",
            institution="dapf",
            partners=["tu-dortmund", "ruhr-innovation-lab"],
            format="training",
            title_de="Qualifizierung für Schulleitungen",
            title_en="Professional development for school leaders",
            summary_de="Maßgeschneiderte Fortbildung für angehende Schulleitungen, "
            "Abteilungsleitungen und die Bildungsverwaltung – zwischen Forschung und "
            "Praxis.",
            summary_en="Tailored professional development for aspiring principals, department "
            "heads and educational administrators – bridging research and practice.",
            description_de=(
                "Die Deutsche Akademie für Pädagogische Führungskräfte (DAPF) an der TU Dortmund "
                "verbindet Forschung und Praxis der Schulleitung. Seit zwanzig Jahren trägt sie "
                "zur Professionalisierung von Schulleitung bei; rund 50 Expert:innen bilden das "
                "Lehrteam."
            ),
            description_en=(
                "The German Academy for Educational Leadership (DAPF) at TU Dortmund University "
                "bridges research and practice in school leadership. Founded twenty years ago, it "
                "has made significant contributions to the professionalisation of school "
                "leadership; a teaching team of around 50 experts promotes and qualifies leaders "
                "across all levels of education."
            ),
            topics=["leadership", "school"],
            editions=[
                EditionData(
                    label=str(term.year),
                    opens=open_from,
                    deadline=end_of(soon),
                    capacity=24,
                    fee_cents=39000,
                    fee_note_de="für alle sechs Module",
                    fee_note_en="for all six modules",
                    certificate_rule={"kind": "attendance", "min_share_percent": 80},
                    audiences={"school-leaders": None},
                    sessions=weekly(
                        term + timedelta(days=4),
                        6,
                        time(9, 0),
                        time(16, 0),
                        every_weeks=3,
                        place="DAPF, TU Dortmund, Dortmund",
                        titles=[
                            ("Führungsrolle und Haltung", "The leadership role"),
                            ("Schulentwicklung", "School development"),
                            ("Personalführung", "Leading staff"),
                            ("Kommunikation und Konflikt", "Communication and conflict"),
                            ("Recht und Verwaltung", "Law and administration"),
                            ("Abschlusskolloquium", "Final colloquium"),
                        ],
                    ),
                )
            ],
        ),
        ProgrammeData(
            slug="lernfabrik-lean-management",
            institution="lff-rub",
            partners=["ruhr-innovation-lab"],
            format="training",
            title_de="Lean Management in der Lernfabrik",
            title_en="Lean management in the learning factory",
            summary_de="Fach- und Führungskräfte lernen Lean Management, Smart Factory und "
            "agiles Arbeiten an einer realen Produktionsumgebung.",
            summary_en="Specialists and managers learn lean management, smart factory and agile "
            "methods in a real production environment.",
            description_de=(
                "Die 2008 gegründete Lern- und Forschungsfabrik der Ruhr-Universität Bochum bildet "
                "den gesamten Produktionsprozess eines Unternehmens ab – von Technik und "
                "Organisation bis zum Personal. Labore, Werkzeugmaschinen, Industrieroboter und "
                "Messtechnik dienen Forschung, Lehre und Qualifizierung."
            ),
            description_en=(
                "Founded in 2008, the learning and research factory at Ruhr University Bochum "
                "replicates the entire production process of a commercial enterprise, from "
                "technology and organisation to human resources. Modern laboratories, machine "
                "tools, industrial robots and measurement technology serve research, teaching "
                "and qualification programmes."
            ),
            topics=["production", "digital"],
            editions=[
                EditionData(
                    label=f"{soon.year}-1",
                    opens=open_from,
                    deadline=end_of(soon),
                    capacity=12,
                    fee_cents=129000,
                    fee_note_de="inkl. Verpflegung",
                    fee_note_en="catering included",
                    certificate_rule={"kind": "attendance", "min_sessions": 3},
                    audiences={"professionals": None},
                    sessions=weekly(
                        next_weekday(soon + timedelta(days=14), 1),
                        3,
                        time(9, 0),
                        time(17, 0),
                        place="Lern- und Forschungsfabrik, Bochum",
                        titles=[
                            ("Lean-Grundlagen", "Lean basics"),
                            ("Smart Factory", "Smart factory"),
                            ("Agile Methoden im Shopfloor", "Agile methods on the shop floor"),
                        ],
                    ),
                )
            ],
        ),
        ProgrammeData(
            slug="studium-fuer-seniorinnen-und-senioren",
            institution="tu-dortmund",
            partners=["ruhr-innovation-lab"],
            format="study_programme",
            title_de="Studium für Seniorinnen und Senioren",
            title_en="Study programme for seniors",
            summary_de="Fünf Semester Weiterbildung für Menschen ab 50 – mit Praktikum, "
            "Abschlussarbeit und generationenübergreifendem Mentoring.",
            summary_en="Five semesters of continuing education for people aged 50 and over – "
            "with an internship, a final thesis and cross-generational mentoring.",
            description_de=(
                "Das 1980 gegründete Seniorenstudium der TU Dortmund lädt Menschen ab 50 zu "
                "wissenschaftlicher Weiterbildung ein. Es bereitet auf bürgerschaftliches "
                "Engagement vor und stellt die persönliche Entwicklung in den Mittelpunkt. Jedes "
                "Jahr beginnen 60 Studierende; in einem Mentoring-Projekt begleiten sie "
                "internationale Studierende."
            ),
            description_en=(
                "Established in 1980, TU Dortmund University's study programme for seniors "
                "invites people aged 50 and above to academic continuing education. It prepares "
                "for civic engagement and emphasises personal growth. 60 people start each year; "
                "in a mentoring project they accompany international students."
            ),
            topics=["democracy"],
            editions=[
                EditionData(
                    label=f"{term.year}–{term.year + 2}",
                    opens=open_from,
                    deadline=end_of(soon),
                    capacity=60,
                    selection_mode="reviewed",
                    fee_cents=10000,
                    fee_note_de="pro Semester, fünf Semester",
                    fee_note_en="per semester, five semesters",
                    certificate_rule={"kind": "certificate", "min_share_percent": 75},
                    assessments=[
                        AssessmentData("internship_report", "Praktikum", "internship"),
                        AssessmentData("thesis", "Abschlussarbeit", "final thesis"),
                    ],
                    audiences={"seniors": None},
                    sessions=weekly(
                        next_weekday(term, 2),
                        8,
                        time(10, 0),
                        time(12, 0),
                        every_weeks=2,
                        place="Campus Nord, TU Dortmund",
                        titles=[
                            ("Einführung in das Studium", "Introduction"),
                            ("Wissenschaftliches Arbeiten", "Academic work"),
                            ("Bürgerschaftliches Engagement", "Civic engagement"),
                        ],
                    ),
                )
            ],
        ),
        ProgrammeData(
            slug="rub-akademie-fuehrung-im-wandel",
            institution="rub-akademie",
            partners=["ruhr-innovation-lab"],
            format="seminar",
            title_de="Führung im Wandel",
            title_en="Leading through change",
            summary_de="Maßgeschneiderte Weiterbildung für Fach- und Führungskräfte mit "
            "unmittelbarem Praxisbezug.",
            summary_en="Tailor-made continuing education for specialists and managers with an "
            "immediate practical impact.",
            description_de=(
                "Die Ruhr-Universität Bochum Akademie im O-Werk bietet Weiterbildung auf höchstem "
                "Niveau. Ihr Ziel: Wissen vermitteln, das unmittelbar in der Praxis wirkt."
            ),
            description_en=(
                "The Ruhr University Academy at O-Werk offers continuing education of the "
                "highest standard. Its goal: to impart knowledge that has an immediate practical "
                "impact."
            ),
            topics=["leadership"],
            editions=[
                EditionData(
                    label=f"{soon.year}",
                    opens=open_from,
                    deadline=end_of(soon),
                    capacity=16,
                    fee_cents=89000,
                    fee_note_de="Frühbucherpreis 790 € bis 4 Wochen vor Beginn",
                    fee_note_en="early-bird price €790 until 4 weeks before the start",
                    certificate_rule={"kind": "attendance", "min_sessions": 2},
                    audiences={"professionals": None},
                    sessions=weekly(
                        next_weekday(soon + timedelta(days=21), 3),
                        2,
                        time(9, 0),
                        time(17, 0),
                        every_weeks=1,
                        place="O-Werk, Bochum",
                    ),
                )
            ],
        ),
        ProgrammeData(
            slug="rub-akademie-online-dialog-ki",
            institution="rub-akademie",
            format="seminar",
            title_de="Online-Dialog: KI im Arbeitsalltag",
            title_en="Online dialogue: AI at work",
            summary_de="90 Minuten Impuls und Austausch zu generativer KI im Berufsalltag.",
            summary_en="A 90-minute talk and exchange on generative AI in everyday work.",
            description_de="Ein kompaktes Online-Format mit Impulsvortrag und moderiertem "
            "Austausch. Gruppenrabatt ab drei Personen einer Organisation.",
            description_en="A compact online format with a short talk and a moderated exchange. "
            "Group discount from three people of one organisation.",
            topics=["digital"],
            editions=[
                EditionData(
                    label=soon.strftime("%Y-%m"),
                    opens=open_from,
                    deadline=end_of(soon),
                    capacity=50,
                    fee_cents=2500,
                    fee_note_de="Gruppenrabatt ab 3 Personen",
                    fee_note_en="group discount from 3 people",
                    audiences={"professionals": None},
                    sessions=[
                        SessionData(
                            day=next_weekday(soon + timedelta(days=2), 3),
                            start=time(17, 0),
                            end=time(18, 30),
                            online_url="https://meet.example.org/ki-dialog",
                        )
                    ],
                )
            ],
        ),
        ProgrammeData(
            slug="machine-learning-in-data-science",
            institution="tu-dortmund",
            partners=["ruhr-innovation-lab"],
            format="certificate_course",
            title_de="Zertifikatskurs „Machine Learning in Data Science“",
            title_en="Certificate course “Machine Learning in Data Science”",
            summary_de="Berufsbegleitend und wissenschaftlich fundiert Machine Learning und KI "
            "lernen – mit eigenen Daten („Bring your own data“).",
            summary_en="Master machine learning and AI part-time and on a scientific basis – "
            "with your own data (“bring your own data”).",
            description_de=(
                "Viele heute wichtige Kompetenzen waren noch nicht Teil der akademischen "
                "Ausbildung von Fach- und Führungskräften. Seit 2024 schließt der "
                "Zertifikatskurs der TU Dortmund diese Lücke. Im Projekt „Bring your own data“ "
                "wenden die Teilnehmenden das Gelernte auf eigene Fragestellungen an."
            ),
            description_en=(
                "Many essential skills today are so new that they were not part of the academic "
                "education of specialists and decision-makers. Since 2024, TU Dortmund "
                "University's certificate course has addressed this gap. In the “bring your own "
                "data” project, participants apply their knowledge to their own questions."
            ),
            topics=["data", "digital"],
            editions=[
                EditionData(
                    label=f"{term.year}",
                    opens=open_from,
                    deadline=end_of(soon),
                    capacity=25,
                    selection_mode="reviewed",
                    fee_cents=390000,
                    fee_note_de="Frühbucher- und Gruppenrabatte möglich",
                    fee_note_en="early-bird and group discounts available",
                    credit_points="10",
                    certificate_rule={"kind": "certificate", "min_share_percent": 80},
                    assessments=[
                        AssessmentData(
                            "project_paper",
                            "Projektarbeit mit eigenen Daten",
                            "project paper on your own data",
                        )
                    ],
                    audiences={"professionals": None},
                    sessions=weekly(
                        next_weekday(term, 4),
                        10,
                        time(14, 0),
                        time(18, 0),
                        every_weeks=2,
                        place="TU Dortmund, Campus Süd",
                    ),
                )
            ],
        ),
    ] + student_certificates(today, open_from, term)


CAMPUS = {"rub": "Campus der Ruhr-Universität Bochum", "tu-dortmund": "Campus der TU Dortmund"}


def student_certificates(today: date, open_from: datetime, term: date) -> list[ProgrammeData]:
    deadline = end_of(term - timedelta(days=7))
    specs = [
        (
            "zertifikat-nachhaltigkeit",
            "rub",
            "sustainability",
            "Studienzertifikat Nachhaltigkeit",
            "Student certificate in sustainability",
            "15",
            3,
            [AssessmentData("internship_report", "120-stündiges Praktikum", "120-hour internship")],
            "15 CP in drei Modulen, darunter ein 120-stündiges Praktikum.",
            "15 CP in three modules, including a 120-hour internship.",
        ),
        (
            "zertifikat-diversitaet-gender",
            "tu-dortmund",
            "diversity",
            "Studienzertifikat Diversität und Gender",
            "Student certificate in diversity and gender",
            "20",
            4,
            [AssessmentData("project_paper", "Hausarbeit", "term paper")],
            "Basiszertifikat mit 20 CP; das Aufbauzertifikat umfasst 30 CP.",
            "Basic certificate of 20 CP; the advanced certificate comprises 30 CP.",
        ),
        (
            "zertifikat-kollektive-gewalt",
            "rub",
            "democracy",
            "Studienzertifikat Kollektive Gewalt",
            "Student certificate in collective violence",
            "15",
            3,
            [AssessmentData("project_paper", "Projektarbeit", "project paper")],
            "Interdisziplinäre Module zu Ursachen, Dynamiken und Folgen kollektiver Gewalt.",
            "Interdisciplinary modules on the causes, dynamics and consequences of "
            "collective violence.",
        ),
        (
            "zertifikat-data-literacy",
            "tu-dortmund",
            "data",
            "Studienzertifikat Data Literacy",
            "Student certificate in data literacy",
            "20",
            4,
            [AssessmentData("project_paper", "Datenprojekt", "data project")],
            "Daten finden, auswerten, visualisieren und kritisch bewerten – für alle Fächer.",
            "Finding, analysing, visualising and critically assessing data – for every subject.",
        ),
    ]
    result = []
    for (
        slug,
        institution,
        topic,
        title_de,
        title_en,
        points,
        modules,
        assessments,
        about_de,
        about_en,
    ) in specs:
        result.append(
            ProgrammeData(
                slug=slug,
                institution=institution,
                partners=["ruhr-innovation-lab"],
                format="certificate_programme",
                title_de=title_de,
                title_en=title_en,
                summary_de=f"Für Studierende aller Fächer: {about_de}",
                summary_en=f"For students of every subject: {about_en}",
                description_de=(
                    "Demokratie bewahren und verantwortungsvoll mit Ressourcen umgehen sind große "
                    "Themen unserer Zeit. Unabhängig vom Studienfach erwerben Studierende hier die "
                    f"Kompetenzen, um positiv auf die Gesellschaft zu wirken. {about_de}"
                ),
                description_en=(
                    "Preserving democracy and a responsible use of resources are major topics "
                    "of our "
                    "time. Regardless of their field of study, students gain the skills to have a "
                    f"positive impact on society. {about_en}"
                ),
                topics=[topic],
                editions=[
                    EditionData(
                        label=f"{term.year}",
                        opens=open_from,
                        deadline=deadline,
                        capacity=40,
                        credit_points=points,
                        certificate_rule={"kind": "certificate", "min_share_percent": 75},
                        assessments=assessments,
                        audiences={"students": None},
                        sessions=weekly(
                            next_weekday(term, 1),
                            modules,
                            time(16, 0),
                            time(18, 0),
                            every_weeks=4,
                            place=CAMPUS[institution],
                            titles=[(f"Modul {n}", f"Module {n}") for n in range(1, modules + 1)],
                        ),
                    )
                ],
            )
        )
    return result
