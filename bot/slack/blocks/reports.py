"""`/takeaway report "<conference>"`: the numbers first, then what the team learned and
what is still waiting for someone. A dozen blocks at most, each section within Slack's
3000 characters (long lists are cut and say how many more there are)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.mrkdwn import escape, truncate
from bot.results import ReportShown
from bot.services.reports import ConferenceLine, ConferenceReport
from bot.services.takeaways import credited_author
from bot.slack.blocks.digest import CONFERENCES_SHOWN, conference_line
from bot.slack.blocks.kit import Block, Message, context, divider, header, message, mrkdwn, section
from bot.slack.blocks.registry import renders

SECTION_CHARS = 2_800
LINE_CHARS = 150
TALKS_SHOWN = 8
FOLLOWUPS_SHOWN = 10
NAMES_SHOWN = 30


def _percent(ratio: float | None) -> str:
    return "n/a" if ratio is None else f"{ratio:.0%}"


def _lines(title: str, lines: list[str], more: int = 0, hint: str = "") -> Block:
    """A titled list within one section: what does not fit is counted, not dropped."""
    text = title
    shown = 0
    for line in lines:
        if len(text) + len(line) + 80 > SECTION_CHARS:
            break
        text += "\n" + line
        shown += 1
    hidden = len(lines) - shown + more
    if hidden > 0:
        text += f"\n…and {hidden} more" + (f": {hint}" if hint else "")
    return section(text)


def _fields(report: ConferenceReport) -> Block:
    counts = report.followups
    median = report.median_days_to_done
    pairs = [
        ("Takeaways", str(report.takeaways)),
        ("Follow-ups", str(counts.created)),
        ("Done on time", str(counts.done_on_time)),
        ("Done late", str(counts.done_late)),
        ("Open", str(counts.open)),
        ("Overdue", f":red_circle: {counts.overdue}" if counts.overdue else "0"),
        ("Dropped", str(counts.dropped)),
        ("Learned → acted", _percent(report.acted_ratio)),
        ("Median days to done", "n/a" if median is None else f"{median:g}"),
    ]
    fields: list[dict[str, Any]] = [mrkdwn(f"*{name}*\n{value}") for name, value in pairs]
    return {"type": "section", "fields": fields[:10]}


def report_blocks(report: ConferenceReport) -> list[Block]:
    conference = escape(report.conference)
    # User text stays out of headers (plain text): the name goes in escaped mrkdwn.
    blocks: list[Block] = [
        header("Conference report"),
        section(f"*Report: {conference}* · as of {report.today.isoformat()}"),
        _fields(report),
    ]
    names = [escape(a.name or a.user_id) for a in report.attendees]
    who = ", ".join(names[:NAMES_SHOWN]) + (
        f" and {len(names) - NAMES_SHOWN} more" if len(names) > NAMES_SHOWN else ""
    )
    # Names, never mentions: a report shared in a channel must not ping everyone who went.
    blocks.append(context(f"Who went: {who}" if names else "Nobody said they were going yet."))
    if report.themes:
        themes = " · ".join(f"`#{escape(tag)}` {n}" for tag, n in report.themes)
        blocks += [divider(), section(f"*Themes*\n{themes}")]
    if report.best:
        lines = [
            f"• {escape(truncate(' '.join(t.text.split()), LINE_CHARS))}"
            + (f" — {escape(who)}" if (who := credited_author(t)) else "")
            + f" · #{t.number}"
            + (f" · +{t.plus_ones}" if t.plus_ones else "")
            + (
                f" · {t.followups} follow-up{'s' if t.followups != 1 else ''}"
                if t.followups
                else ""
            )
            for t in report.best
        ]
        blocks.append(_lines("*Best takeaways*", lines))
    if report.talks:
        lines = [
            f"• *{escape(truncate(s.title, 120))}* · {s.takeaways} takeaway"
            f"{'s' if s.takeaways != 1 else ''}"
            + (f" · {escape(truncate(', '.join(s.speakers), 80))}" if s.speakers else "")
            for s in report.talks[:TALKS_SHOWN]
        ]
        blocks.append(
            _lines(
                "*Per talk*",
                lines,
                more=len(report.talks) - len(lines),
                hint="the trip report has them all",
            )
        )
    waiting = [(state, f) for state, f in report.followup_items if state in ("overdue", "open")]
    waiting.sort(key=lambda sf: (sf[0] != "overdue", sf[1].due is None, sf[1].due))
    if waiting:
        lines = [
            f"• {':red_circle: ' if state == 'overdue' else ''}"
            f"{escape(truncate(' '.join(f.text.split()), LINE_CHARS))} — "
            f"{escape(f.owner_name or f.owner)}"
            + (f" · due {f.due.isoformat()}" if f.due else "")
            + f" · #{f.number}"
            for state, f in waiting[:FOLLOWUPS_SHOWN]
        ]
        blocks.append(
            _lines(
                "*Follow-ups waiting*",
                lines,
                more=len(waiting) - len(lines),
                hint="`/takeaway followups all`",
            )
        )
    blocks.append(
        context(
            f"The whole trip report, for a wiki: `takeaways report --conference "
            f'"{conference}" --format md`'
        )
    )
    return blocks


@renders(ReportShown)
def report(result: ReportShown) -> Message:
    r = result.report
    counts = r.followups
    fallback = (
        f"{r.conference}: {r.takeaways} takeaways, {counts.created} follow-ups, "
        f"{counts.done} done, {counts.overdue} overdue"
    )
    return message(escape(fallback), report_blocks(r))


def recent_conferences_section(lines: Sequence[ConferenceLine]) -> list[Block]:
    """The Home tab's panel: what came of the last month's conferences."""
    if not lines:
        return []
    text = "\n".join(conference_line(line) for line in lines[:CONFERENCES_SHOWN])
    return [
        header("Recent conferences"),
        section(text),
        context('The whole story: `/takeaway report "&lt;conference&gt;"`'),
    ]
