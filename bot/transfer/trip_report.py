"""The trip report: a conference's report as Markdown to paste in Confluence, Notion or
GitHub (`takeaways report --conference X --format md`). Everything people typed is
escaped, so a takeaway stays text in the wiki."""

from __future__ import annotations

from collections.abc import Iterator

from bot.services.reports import STATES, ConferenceReport, TalkSection
from bot.services.takeaways import credited_author
from bot.transfer.writers import md_escape
from bot.wording import counted
from storage.reports import TakeawayLine

STATE_TITLES = {
    "overdue": "Overdue",
    "open": "Open",
    "done_on_time": "Done on time",
    "done_late": "Done late",
    "dropped": "Dropped",
}
# The order the follow-ups are listed in: what needs someone first.
STATE_ORDER = ("overdue", "open", "done_late", "done_on_time", "dropped")
assert set(STATE_ORDER) == set(STATES)


def _one_line(text: str) -> str:
    return md_escape(" ".join(text.split()))


def _takeaway(t: TakeawayLine) -> str:
    # The person, or an imported write-up's author; never "import".
    who = credited_author(t)
    by = f" — {md_escape(who)}" if who else ""
    confirmed = f" · +{t.plus_ones}" if t.plus_ones else ""
    led = f" · {t.followups} follow-up{'s' if t.followups != 1 else ''}" if t.followups else ""
    return f"- {_one_line(t.text)}{by} (#{t.number}{confirmed}{led})"


def _percent(ratio: float | None) -> str:
    return "n/a" if ratio is None else f"{ratio:.0%}"


def _talk(section: TalkSection) -> Iterator[str]:
    yield ""
    title = md_escape(section.title)
    if section.url and section.url.startswith(("https://", "http://")):
        title = f"[{title}](<{section.url}>)"
    yield f"### {title}"
    facts = []
    if section.speakers:
        facts.append(md_escape(", ".join(section.speakers)))
    if section.starts_at:
        facts.append(f"{section.starts_at:%a %b %d, %H:%M} UTC")
    if section.room:
        facts.append(md_escape(section.room))
    facts.append(f"{section.takeaways} takeaway{'s' if section.takeaways != 1 else ''}")
    yield ""
    yield " · ".join(facts)
    yield ""
    yield from (_takeaway(t) for t in section.top)
    more = section.takeaways - len(section.top)
    if more > 0:
        yield f"- … and {more} more"


def trip_report(report: ConferenceReport) -> str:
    """The whole report, Markdown (GitHub-flavoured tables render in Confluence too)."""
    return "\n".join(_lines(report)) + "\n"


def _lines(report: ConferenceReport) -> Iterator[str]:
    counts = report.followups
    yield f"# Trip report: {md_escape(report.conference)}"
    yield ""
    yield (
        f"{counted(report.takeaways, 'takeaway')}, {counted(counts.created, 'follow-up')}, "
        f"{counts.done} done "
        f"({_percent(report.acted_ratio)} of the takeaways acted on), as of "
        f"{report.today.isoformat()}."
    )
    yield ""
    yield "| Follow-ups | Count |"
    yield "|---|---:|"
    yield f"| Created | {counts.created} |"
    yield f"| Done on time | {counts.done_on_time} |"
    yield f"| Done late | {counts.done_late} |"
    yield f"| Open | {counts.open} |"
    yield f"| Overdue | {counts.overdue} |"
    yield f"| Dropped | {counts.dropped} |"
    median = report.median_days_to_done
    yield f"| Median days to done | {'n/a' if median is None else median} |"
    yield ""
    yield "## Who went"
    yield ""
    names = [md_escape(a.name or a.user_id) for a in report.attendees]
    yield ", ".join(names) if names else "Nobody said so yet (`/takeaway going`)."
    if report.themes:
        yield ""
        yield "## Themes"
        yield ""
        yield from (f"- `#{tag}` — {n}" for tag, n in report.themes)
    if report.best:
        yield ""
        yield "## Best takeaways"
        yield ""
        yield from (_takeaway(t) for t in report.best)
    if report.talks:
        yield ""
        yield "## Per talk"
        for section in report.talks:
            yield from _talk(section)
    if report.followup_items:
        yield ""
        yield "## Follow-ups"
        for state in STATE_ORDER:
            items = [f for s, f in report.followup_items if s == state]
            if not items:
                continue
            yield ""
            yield f"### {STATE_TITLES[state]} ({len(items)})"
            yield ""
            for f in items:
                box = "[x]" if state.startswith("done") else "[ ]"
                text = _one_line(f.text)
                if state == "dropped":
                    text = f"~~{text}~~"
                due = f", due {f.due.isoformat()}" if f.due else ""
                owner = md_escape(f.owner_name or f.owner)
                yield f"- {box} {text} — {owner}{due} (from takeaway #{f.takeaway_number})"
