"""The dashboards' charts: SVG drawn on the server with pygal, embedded in the page, each
with the table of its figures for screen readers and for anyone who wants the numbers.

The site's Content-Security-Policy allows styles and scripts from our own files only, so
the `<style>` and `<script>` pygal writes into every SVG would be blocked: they are taken
out here, and the charts are styled by site.css ("Reports: dashboards and exports"). The
font sizes below are the ones pygal lays the chart out with; site.css uses the same.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from math import ceil
from typing import Any
from xml.etree.ElementTree import Element

import pygal  # type: ignore[import-untyped]
from django.urls import reverse
from django.utils.dateformat import format as date_format
from django.utils.formats import date_format as localized_date
from django.utils.formats import number_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from pygal.style import Style  # type: ignore[import-untyped]

from lifelong.attendance.models import AttendanceStatus
from lifelong.catalogue.models import Edition
from lifelong.lib.display import deadline as deadline_text
from lifelong.lib.i18n import active_language
from lifelong.reports.selectors import (
    EDITION_TIME_ZONE,
    DayCount,
    EditionFigures,
    EditionSummary,
    InstitutionFigures,
)

WIDTH = 400
LABEL_SIZE = 15
STYLE = Style(
    font_family="inherit",
    background="transparent",
    plot_background="transparent",
    label_font_size=LABEL_SIZE,
    major_label_font_size=LABEL_SIZE,
    legend_font_size=LABEL_SIZE,
    value_font_size=LABEL_SIZE,
    value_label_font_size=LABEL_SIZE,
    title_font_size=18,
    tooltip_font_size=LABEL_SIZE,
    no_data_font_size=18,
)
# The height a horizontal chart gives each bar (pixels): the chart grows with its bars.
BAR_ROOM = 36
MARGIN = 12
# The width of an average character at LABEL_SIZE, to tell how much text fits.
CHAR_WIDTH = 8.5
# Pygal's own parts that only its scripts use (tooltips, per-point titles and data):
# without the scripts they would show nothing or, for screen readers, noise.
_SCRIPT_ONLY_TAGS = {"script", "style", "desc", "title"}
_SCRIPT_ONLY_CLASSES = {"tooltip-overlay"}


@dataclass(frozen=True)
class Row:
    heading: str
    cells: list[str]
    link: str = ""


@dataclass(frozen=True)
class Table:
    caption: str
    columns: list[str]  # the first heads the row headings
    rows: list[Row]


@dataclass(frozen=True)
class Chart:
    key: str  # unique on the page: the id of the section and the prefix of the SVG's ids
    title: str
    summary: str  # one sentence with the main figure, shown and read with the chart
    svg: SafeString
    table: Table
    notes: list[str] = field(default_factory=list)


# Formatting in the active language -------------------------------------------------------


def number(value: int) -> str:
    return number_format(value, decimal_pos=0, force_grouping=True)


def percent(value: int) -> str:
    # German sets a space before the per cent sign (DIN 5008), English does not.
    return f"{number(value)}\u00a0%" if active_language() == "de" else f"{number(value)}%"


def local_day(moment: datetime) -> date:
    return moment.astimezone(EDITION_TIME_ZONE).date()


def day_short(day: date) -> str:
    return date_format(day, "j.n." if active_language() == "de" else "j M")


def day_long(day: date) -> str:
    return localized_date(day, "DATE_FORMAT")


def edition_name(edition: Edition) -> str:
    return f"{edition.programme.title} ({edition.label})"


def shortened(text: str, limit: int) -> str:
    """Pygal leaves the category names of horizontal bars as they are: long ones would
    squeeze the bars. The tables give them in full."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def edition_short_name(edition: Edition) -> str:
    return f"{shortened(edition.programme.title, max(22 - len(edition.label), 8))} {edition.label}"


# Rendering ------------------------------------------------------------------------------


def _config(key: str, **options: Any) -> dict[str, Any]:
    return {
        "style": STYLE,
        "width": WIDTH,
        "height": 280,
        "js": [],  # no script is loaded from anywhere (CSP, and it would be pygal's CDN)
        "css": [],
        "disable_xml_declaration": True,
        "no_prefix": True,  # our own ids and classes instead of pygal's random ones
        "classes": ["report-chart__svg", f"report-chart__svg--{key}"],
        "legend_at_bottom": True,
        "truncate_legend": -1,
        "truncate_label": -1,
        "margin": MARGIN,
        "spacing": 12,
        "no_data_text": _("No figures yet"),
        "value_formatter": number,
        **options,
    }


def _render(chart: Any, *, key: str, title: str, summary: str) -> SafeString:
    """The chart as an inline SVG image with a title and a description for screen readers,
    without what the Content-Security-Policy would block or pygal's scripts would need."""

    def accessible(root: Element) -> Element:
        _strip(root)
        root.set("id", f"chart-{key}")
        root.set("role", "img")
        root.set("aria-labelledby", f"chart-{key}-title chart-{key}-desc")
        heading = Element("title", {"id": f"chart-{key}-title"})
        heading.text = title
        description = Element("desc", {"id": f"chart-{key}-desc"})
        description.text = summary
        root.insert(0, description)
        root.insert(0, heading)
        return root

    chart.add_xml_filter(accessible)
    if not chart.raw_series:
        chart.y_labels = None  # pygal fails placing them without a series; it says "no figures"
    _lay_out_legend(chart)
    return mark_safe(str(chart.render(is_unicode=True)))  # noqa: S308  (escaped by ElementTree)


def _strip(element: Element) -> None:
    for child in list(element):
        classes = set(child.get("class", "").split())
        if (
            not isinstance(child.tag, str)  # comments, with the date of drawing
            or child.tag in _SCRIPT_ONLY_TAGS
            or classes & _SCRIPT_ONLY_CLASSES
        ):
            element.remove(child)
            continue
        if child.get("id", "").startswith("activate-serie"):
            del child.attrib["id"]  # would repeat in every chart of the page
        _strip(child)


def _integer_scale(top: int, *, ticks: int = 5) -> dict[str, Any]:
    """Whole-number guides from 0 (counts of people have no halves)."""
    step = 1
    for candidate in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000):
        step = candidate
        if top <= candidate * ticks:
            break
    else:
        step = -(-top // ticks)
    labels = list(range(0, max(top, 1) + step, step))
    return {"range": (0, labels[-1]), "y_labels": labels}


def _lay_out_legend(chart: Any) -> None:
    """As many legend columns as the plot's width holds (pygal neither wraps nor shortens
    them here), and room below for every row (pygal counts the rows rounding down)."""
    titles = [str(options.get("title", "")) for _values, options in chart.raw_series]
    if not titles or not chart.config.show_legend:
        return
    labels = chart.__dict__.get("x_labels") or []
    if getattr(chart, "horizontal", False) and chart.config.show_y_labels:
        label_room = max((len(str(label)) for label in labels), default=0) * CHAR_WIDTH + 10
    else:
        label_room = 40  # the numbers of the value axis
    plot = WIDTH - 2 * MARGIN - label_room
    entry = max(len(title) for title in titles) * CHAR_WIDTH + 12 + 5 + 10  # box, gap, gutter
    columns = max(1, min(len(titles), int(plot // entry)))
    missing_rows = ceil(len(titles) / columns) - len(titles) // columns
    chart.legend_at_bottom_columns = columns
    chart.margin_bottom = MARGIN + round(1.5 * LABEL_SIZE * missing_rows)


def _bar_height(categories: int, series: int = 1, *, base: int = 110) -> int:
    return base + max(categories, 1) * max(series, 1) * BAR_ROOM // (2 if series > 1 else 1)


# Edition dashboard ------------------------------------------------------------------------


def edition_charts(figures: EditionFigures, *, today: date) -> list[Chart]:
    return [
        applications_chart(figures, today=today),
        fill_chart(figures),
        audience_chart(figures),
        attendance_chart(figures),
        certificates_chart(figures),
    ]


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def _daily_totals(per_day: list[DayCount], first: date, last: date) -> list[tuple[date, int]]:
    """A point for every day from `first` to `last`, so the line climbs only on the days
    people applied (between two applications it stays flat instead of sloping)."""
    totals = {count.day: count.total for count in per_day}
    running, points = 0, []
    for day in _days(first, last):
        running = totals.get(day, running)
        points.append((day, running))
    return points


def _date_labels(
    first: date, last: date, *, marked: date | None = None, count: int = 5
) -> list[date]:
    span = max((last - first).days, 1)
    labels = {first + timedelta(days=round(span * n / (count - 1))) for n in range(count)}
    if marked is not None:
        # The marked day replaces the label nearest to it, so that the two do not overlap.
        nearest = min(labels, key=lambda day: abs((day - marked).days))
        labels = (labels - {nearest}) | {marked}
    return sorted(labels)


def applications_chart(figures: EditionFigures, *, today: date) -> Chart:
    edition = figures.edition
    deadline = local_day(edition.applications_close_at)
    opened = local_day(edition.applications_open_at)
    first = min([opened, *(count.day for count in figures.per_day)])
    last = max([deadline, *(count.day for count in figures.per_day)])
    until = max(min(today, last), first)
    total = figures.applications
    title = _("Applications over time")
    summary = ngettext(
        "%(count)s application so far; the deadline is %(deadline)s.",
        "%(count)s applications so far; the deadline is %(deadline)s.",
        total,
    ) % {"count": number(total), "deadline": deadline_text(edition.applications_close_at)}
    chart = pygal.DateLine(
        **_config(
            "applications",
            show_dots=False,
            x_value_formatter=day_short,
            x_labels=_date_labels(first, last, marked=deadline),
            xrange=(first, last),
            **_integer_scale(total),
        )
    )
    chart.add(_("Applications (total)"), _daily_totals(figures.per_day, first, until))
    top = _integer_scale(total)["range"][1]
    chart.add(_("Deadline"), [(deadline, 0), (deadline, top)])
    table = Table(
        caption=_("Applications per day (deadline: %(deadline)s)")
        % {"deadline": deadline_text(edition.applications_close_at)},
        columns=[_("Day"), _("New applications"), _("Applications (total)")],
        rows=[
            Row(heading=day_long(count.day), cells=[number(count.new), number(count.total)])
            for count in figures.per_day
        ],
    )
    svg = _render(chart, key="applications", title=title, summary=summary)
    return Chart(key="applications", title=title, summary=summary, svg=svg, table=table)


def _one_split_bar(key: str, label: str, *, top: int, parts: list[tuple[str, int]]) -> Any:
    """One horizontal bar split into its parts (accepted, offered, free), each part's number
    printed on it."""
    chart = pygal.HorizontalStackedBar(
        **_config(
            key,
            height=_bar_height(1, base=130),
            show_y_labels=False,  # horizontal: the category's name, said by the legend
            print_values=True,
            print_zeroes=False,
            **_integer_scale(top),
        )
    )
    chart.x_labels = [label]
    for name, value in parts:
        chart.add(name, [value])
    return chart


def fill_chart(figures: EditionFigures) -> Chart:
    fill = figures.fill
    title = _("Places")
    summary = ngettext(
        "%(accepted)s of %(capacity)s place taken: %(percent)s.",
        "%(accepted)s of %(capacity)s places taken: %(percent)s.",
        fill.capacity,
    ) % {
        "accepted": number(fill.accepted),
        "capacity": number(fill.capacity),
        "percent": percent(fill.percent),
    }
    chart = _one_split_bar(
        "places",
        _("Places"),
        top=max(fill.capacity, fill.accepted + fill.offered),
        parts=[
            (_("Accepted"), fill.accepted),
            (_("Offered"), fill.offered),
            (_("Free"), fill.free),
        ],
    )
    table = Table(
        caption=_("Places of the edition"),
        columns=[_("Places"), _("Number")],
        rows=[
            Row(heading=_("Places"), cells=[number(fill.capacity)]),
            Row(heading=_("Accepted"), cells=[number(fill.accepted)]),
            Row(heading=_("Offered, awaiting an answer"), cells=[number(fill.offered)]),
            Row(heading=_("Free"), cells=[number(fill.free)]),
            Row(heading=_("Fill rate"), cells=[percent(fill.percent)]),
            Row(
                heading=_("On the waiting list"),
                cells=[number(figures.by_state["waitlisted"])],
            ),
        ],
    )
    svg = _render(chart, key="places", title=title, summary=summary)
    return Chart(key="places", title=title, summary=summary, svg=svg, table=table)


def audience_chart(figures: EditionFigures) -> Chart:
    title = _("Audiences")
    names = [mix.audience.name if mix.audience else _("No group") for mix in figures.audiences]
    summary = ngettext(
        "Applications and accepted people of %(count)s group, against its quota.",
        "Applications and accepted people of %(count)s groups, against their quotas.",
        len(names),
    ) % {"count": number(len(names))}
    top = max([0, *(max(mix.applications, mix.quota or 0) for mix in figures.audiences)])
    chart = pygal.HorizontalBar(
        **_config(
            "audiences",
            height=_bar_height(len(names), 3),
            **_integer_scale(top),
        )
    )
    # Pygal draws the first category at the bottom: reversed, the chart reads like the table.
    mixes = list(reversed(figures.audiences))
    chart.x_labels = [shortened(name, 16) for name in reversed(names)]
    chart.add(_("Applications"), [mix.applications for mix in mixes])
    chart.add(_("Accepted"), [mix.accepted for mix in mixes])
    chart.add(_("Quota"), [mix.quota for mix in mixes])
    table = Table(
        caption=_("Applications and accepted people per group, with the quota of each"),
        columns=[_("Group"), _("Applications"), _("Accepted"), _("Quota")],
        rows=[
            Row(
                heading=name,
                cells=[
                    number(mix.applications),
                    number(mix.accepted),
                    number(mix.quota) if mix.quota is not None else _("no limit"),
                ],
            )
            for name, mix in zip(names, figures.audiences, strict=True)
        ],
    )
    svg = _render(chart, key="audiences", title=title, summary=summary)
    return Chart(key="audiences", title=title, summary=summary, svg=svg, table=table)


def attendance_chart(figures: EditionFigures) -> Chart:
    title = _("Attendance per programme day")
    days = figures.days
    summary = ngettext(
        "Who was there on each of the %(count)s programme day, of %(people)s participants.",
        "Who was there on each of the %(count)s programme days, of %(people)s participants.",
        len(days),
    ) % {"count": number(len(days)), "people": number(figures.fill.accepted)}
    statuses: list[tuple[str, Callable[[Any], int]]] = [
        (str(AttendanceStatus.PRESENT.label), lambda day: day.present),
        (str(AttendanceStatus.LATE.label), lambda day: day.late),
        (str(AttendanceStatus.EXCUSED.label), lambda day: day.excused),
        (str(AttendanceStatus.ABSENT.label), lambda day: day.absent),
        (_("Not recorded"), lambda day: day.unrecorded),
    ]
    chart = pygal.StackedBar(
        **_config(
            "attendance",
            x_label_rotation=-40 if len(days) > 8 else 0,
            **_integer_scale(figures.fill.accepted),
        )
    )
    chart.x_labels = [day_short(local_day(day.session.starts_at)) for day in days]
    for label, value in statuses:
        chart.add(label, [value(day) for day in days])
    table = Table(
        caption=_("Attendance of the participants on each programme day"),
        columns=[_("Day"), *(label for label, _value in statuses)],
        rows=[
            Row(
                heading=day_long(local_day(day.session.starts_at)),
                cells=[number(value(day)) for _label, value in statuses],
            )
            for day in days
        ],
    )
    svg = _render(chart, key="attendance", title=title, summary=summary)
    return Chart(key="attendance", title=title, summary=summary, svg=svg, table=table)


def certificates_chart(figures: EditionFigures) -> Chart:
    counts = figures.certificates
    title = _("Certificates")
    summary = _("Valid certificates: %(valid)s · revoked: %(revoked)s.") % {
        "valid": number(counts.valid),
        "revoked": number(counts.revoked),
    }
    chart = _one_split_bar(
        "certificates",
        _("Certificates"),
        top=max(counts.issued, figures.fill.accepted),
        parts=[(_("Valid"), counts.valid), (_("Revoked"), counts.revoked)],
    )
    table = Table(
        caption=_("Certificates issued for this edition"),
        columns=[_("Certificates"), _("Number")],
        rows=[
            Row(heading=_("Valid"), cells=[number(counts.valid)]),
            Row(heading=_("Revoked"), cells=[number(counts.revoked)]),
            Row(heading=_("Issued in all"), cells=[number(counts.issued)]),
            Row(heading=_("Participants"), cells=[number(figures.fill.accepted)]),
        ],
    )
    svg = _render(chart, key="certificates", title=title, summary=summary)
    return Chart(key="certificates", title=title, summary=summary, svg=svg, table=table)


# Institution dashboard --------------------------------------------------------------------


def institution_charts(figures: InstitutionFigures, *, today: date) -> list[Chart]:
    return [
        institution_fill_chart(figures.editions),
        institution_applications_chart(figures.current, today=today),
        institution_certificates_chart(figures.editions),
    ]


def _dashboard(summary: EditionSummary) -> str:
    return reverse("reports:edition_dashboard", args=[summary.edition.pk])


def institution_fill_chart(editions: Sequence[EditionSummary]) -> Chart:
    title = _("Fill rate per edition")
    summary = ngettext(
        "Accepted people per place in %(count)s edition.",
        "Accepted people per place in each of %(count)s editions.",
        len(editions),
    ) % {"count": number(len(editions))}
    top = max([100, *(item.fill.percent for item in editions)])
    chart = pygal.HorizontalBar(
        **_config(
            "fill",
            height=_bar_height(len(editions)),
            show_legend=False,
            print_values=True,
            value_formatter=percent,
            range=(0, top),
            y_labels=list(range(0, top + 1, 50)),
        )
    )
    # Pygal draws the first category at the bottom: reversed, the newest edition is on top.
    ordered = list(reversed(editions))
    chart.x_labels = [edition_short_name(item.edition) for item in ordered]
    # None, not 0: pygal would print "0 %" over the edition's name (the table has it).
    chart.add(_("Fill rate"), [item.fill.percent or None for item in ordered])
    table = Table(
        caption=_("Places, accepted people and fill rate of every edition"),
        columns=[_("Edition"), _("Places"), _("Accepted"), _("Fill rate")],
        rows=[
            Row(
                heading=edition_name(item.edition),
                link=_dashboard(item),
                cells=[
                    number(item.fill.capacity),
                    number(item.fill.accepted),
                    percent(item.fill.percent),
                ],
            )
            for item in editions
        ],
    )
    svg = _render(chart, key="fill", title=title, summary=summary)
    return Chart(key="fill", title=title, summary=summary, svg=svg, table=table)


def institution_applications_chart(current: Sequence[EditionSummary], *, today: date) -> Chart:
    title = _("Applications over time of the current editions")
    summary = ngettext(
        "Applications so far to %(count)s current edition.",
        "Applications so far to each of %(count)s current editions.",
        len(current),
    ) % {"count": number(len(current))}
    opened = [local_day(item.edition.applications_open_at) for item in current]
    deadlines = [local_day(item.edition.applications_close_at) for item in current]
    days = [count.day for item in current for count in item.per_day]
    first = min([*opened, *days], default=today)
    last = max([*deadlines, *days, first + timedelta(days=1)])
    until = max(min(today, last), first)
    options: dict[str, Any] = {}
    if current:
        options = {"x_labels": _date_labels(first, last), "xrange": (first, last)}
    chart = pygal.DateLine(
        **_config(
            "current",
            show_dots=False,
            x_value_formatter=day_short,
            **options,
            **_integer_scale(max([0, *(item.applications for item in current)])),
        )
    )
    for item, start in zip(current, opened, strict=True):
        chart.add(
            edition_name(item.edition),
            _daily_totals(item.per_day, min([start, *(c.day for c in item.per_day)]), until),
        )
    every_day = sorted({count.day for item in current for count in item.per_day})
    totals = [{count.day: count.total for count in item.per_day} for item in current]
    rows = []
    running = [0] * len(current)
    for day in every_day:
        running = [
            per_day.get(day, before) for per_day, before in zip(totals, running, strict=True)
        ]
        rows.append(Row(heading=day_long(day), cells=[number(total) for total in running]))
    table = Table(
        caption=_("Applications so far, per day and current edition"),
        columns=[_("Day"), *(edition_name(item.edition) for item in current)],
        rows=rows,
    )
    notes = [
        _("%(edition)s: deadline %(deadline)s")
        % {
            "edition": edition_name(item.edition),
            "deadline": deadline_text(item.edition.applications_close_at),
        }
        for item in current
    ]
    svg = _render(chart, key="current", title=title, summary=summary)
    return Chart(key="current", title=title, summary=summary, svg=svg, table=table, notes=notes)


def institution_certificates_chart(editions: Sequence[EditionSummary]) -> Chart:
    title = _("Certificates per edition")
    with_certificates = [item for item in editions if item.certificates.issued]
    issued = sum(item.certificates.valid for item in editions)
    summary = ngettext(
        "%(count)s valid certificate issued.", "%(count)s valid certificates issued.", issued
    ) % {"count": number(issued)}
    ordered = list(reversed(with_certificates))
    chart = pygal.HorizontalStackedBar(
        **_config(
            "issued",
            height=_bar_height(len(ordered)),
            print_values=True,
            print_zeroes=False,
            **_integer_scale(max([0, *(item.certificates.issued for item in ordered)])),
        )
    )
    chart.x_labels = [edition_short_name(item.edition) for item in ordered]
    chart.add(_("Valid"), [item.certificates.valid for item in ordered])
    chart.add(_("Revoked"), [item.certificates.revoked for item in ordered])
    table = Table(
        caption=_("Certificates issued per edition"),
        columns=[_("Edition"), _("Valid"), _("Revoked")],
        rows=[
            Row(
                heading=edition_name(item.edition),
                link=_dashboard(item),
                cells=[number(item.certificates.valid), number(item.certificates.revoked)],
            )
            for item in with_certificates
        ],
    )
    svg = _render(chart, key="issued", title=title, summary=summary)
    return Chart(key="issued", title=title, summary=summary, svg=svg, table=table)
