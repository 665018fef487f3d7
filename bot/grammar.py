"""Parse `/takeaway ...` text (as Slack sends it) into typed commands. Pure: no I/O.

The console and the CLI use the same parser, so the grammar is the same everywhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot import mrkdwn as slack_text
from bot import periods
from bot.errors import InvalidInput

# Slack's limit for a section block's text; a takeaway is shown in one section.
TEXT_LIMIT = 3000
CONFERENCE_LIMIT = 200
TALK_LIMIT = 300
TAG_LIMIT = 64
MAX_TAGS = 20
MAX_LINKS = 20
QUERY_LIMIT = 500
# Answers an ask shows in Slack.
ASK_LIMIT = 5
FOLLOWUP_TEXT_LIMIT = 1000
# What a tag is, everywhere tags are read (commands, forms, imports, the glossary): a
# letter first, then letters, digits and . _ + -.
TAG_PATTERN = r"[^\W\d_][\w.+-]*"

USAGE: dict[str, str] = {
    "add": (
        '/takeaway add <text> [#tag ...] [conf:"Conference"] [talk:"Talk title"] '
        "[revisit:2026-06-01 | revisit:+6m]"
    ),
    "ask": "/takeaway ask <question or keywords> [#tag] [conf:...] [by:@someone]",
    "list": '/takeaway list [mine] [#tag] [conf:"Conference"] [by:@someone]',
    "show": "/takeaway show <id>",
    "edit": "/takeaway edit <id> <new text> [#tag ...] [conf:...] [talk:...]",
    "delete": "/takeaway delete <id>",
    "followup": "/takeaway followup <what to do> [@owner] [due:friday] [for:<takeaway id>]",
    "followups": "/takeaway followups [all | @someone]",
    "done": "/takeaway done <follow-up id>",
    "drop": "/takeaway drop <follow-up id>",
    "snooze": "/takeaway snooze <follow-up id> [3d | 1w | 2w | 1m | 2026-12-15]",
    "digest": (
        '/takeaway digest here [cron "0 9 * * 1"] [tz Europe/Brussels] | off | show | preview'
    ),
    "reminders": "/takeaway reminders on | off",
    "conf": '/takeaway conf set "Conference" | conf show | conf clear',
    "export": "/takeaway export   (a Markdown file of every takeaway, sent to you in a DM)",
    "report": '/takeaway report "KubeCon EU 2025"   (what the team learned there and did about it)',
    "going": '/takeaway going "KubeCon EU 2025"',
    "talks": '/takeaway talks "KubeCon EU 2025" [words]',
    "attend": "/takeaway attend <talk id>   (unattend <talk id> takes the star back)",
    "brief": '/takeaway brief "KubeCon EU 2025"   (what to know before the talks you starred)',
    "me": (
        "/takeaway me [tz Europe/Paris | hours 9-17 | mute digest|reminders|briefs | unmute ..."
        " | hide | show]   (hide: /takeaway who leaves you out)"
    ),
    "merge": "/takeaway merge <id> <id>   (the second is merged into the first)",
    "who": "/takeaway who <topic>   (who knows about it, with the evidence)",
    "help": "/takeaway help",
}

ALIASES: dict[str, str] = {
    "add": "add",
    "new": "add",
    "ask": "ask",
    "search": "ask",
    "find": "ask",
    "list": "list",
    "ls": "list",
    "show": "show",
    "get": "show",
    "edit": "edit",
    "update": "edit",
    "delete": "delete",
    "remove": "delete",
    "rm": "delete",
    "followup": "followup",
    "fu": "followup",
    "todo": "followup",
    "followups": "followups",
    "done": "done",
    "close": "done",
    "drop": "drop",
    "snooze": "snooze",
    "digest": "digest",
    "reminders": "reminders",
    "reminder": "reminders",
    "conf": "conf",
    "conference": "conf",
    "export": "export",
    "report": "report",
    "going": "going",
    "talks": "talks",
    "attend": "attend",
    "star": "attend",
    "unattend": "unattend",
    "unstar": "unattend",
    "brief": "brief",
    "merge": "merge",
    "who": "who",
    "experts": "who",
    "me": "me",
    "help": "help",
    "?": "help",
}


# C0 control characters but tab, line feed and carriage return: Postgres refuses NUL, and
# none of them means anything in a takeaway.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def text_problem(text: str) -> str | None:
    """Why this text cannot be stored as it is (on any database), or None."""
    control = _CONTROL_RE.search(text)
    if control and control.group() == "\x00":
        return "a NUL character"
    if control:
        return f"a control character (U+{ord(control.group()):04X})"
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return "characters that are not valid Unicode (a lone surrogate)"
    return None


def check_text(text: str) -> None:
    """InvalidInput for text no database can hold the same way (see text_problem)."""
    problem = text_problem(text)
    if problem is not None:
        raise InvalidInput(f"That text contains {problem}; remove it and try again.")


# --- command types ---------------------------------------------------------------


class Command:
    """A parsed subcommand. Each kind has one handler (bot.services.dispatcher.handles)."""

    __slots__ = ()


@dataclass(frozen=True)
class Filters:
    """Narrowing used by list and ask. `mine` resolves to the requester at run time."""

    tags: tuple[str, ...] = ()
    conference: str | None = None
    author: str | None = None
    mine: bool = False

    def is_empty(self) -> bool:
        return not (self.tags or self.conference or self.author or self.mine)


@dataclass(frozen=True)
class Draft:
    """What a user typed for a takeaway. `None` means "not given" (edit keeps the old value);
    an empty string for conference/talk means "clear it"."""

    text: str
    tags: tuple[str, ...] | None = None
    conference: str | None = None
    talk: str | None = None
    links: tuple[str, ...] = ()
    revisit: str | None = None  # as typed (a date or +6m), read on the day of the save


@dataclass(frozen=True)
class Help(Command):
    topic: str | None = None


@dataclass(frozen=True)
class Add(Command):
    draft: Draft | None  # None: nothing typed (the modal opens where there is one)


@dataclass(frozen=True)
class Ask(Command):
    text: str
    filters: Filters = field(default_factory=Filters)
    limit: int = ASK_LIMIT  # answers shown; the CLI's --limit changes it


@dataclass(frozen=True)
class ListTakeaways(Command):
    filters: Filters = field(default_factory=Filters)


@dataclass(frozen=True)
class Show(Command):
    takeaway_id: int


@dataclass(frozen=True)
class Edit(Command):
    takeaway_id: int
    draft: Draft


@dataclass(frozen=True)
class Delete(Command):
    takeaway_id: int


@dataclass(frozen=True)
class AddFollowup(Command):
    text: str
    owner: str | None = None  # None: the requester
    owner_name: str | None = None
    due: str | None = None  # as typed; read in the requester's timezone by the service
    takeaway_id: int | None = None


@dataclass(frozen=True)
class ListFollowups(Command):
    everyone: bool = False
    owner: str | None = None  # None (and not everyone): the requester's


@dataclass(frozen=True)
class CloseFollowup(Command):
    followup_id: int
    status: str  # "done" or "dropped"


@dataclass(frozen=True)
class SnoozeFollowup(Command):
    followup_id: int
    until: str = "1w"


@dataclass(frozen=True)
class ConfigureDigest(Command):
    action: str  # "here", "off", "show" or "preview"
    cron: str | None = None
    timezone: str | None = None


@dataclass(frozen=True)
class SetReminders(Command):
    enabled: bool | None  # None: show the current setting


@dataclass(frozen=True)
class ConfSet(Command):
    """Make `conference` the default for adds in this channel."""

    conference: str


@dataclass(frozen=True)
class ConfShow(Command):
    pass


@dataclass(frozen=True)
class ConfClear(Command):
    pass


@dataclass(frozen=True)
class Export(Command):
    """Send the requester the workspace's takeaways as a Markdown file."""


@dataclass(frozen=True)
class Report(Command):
    """A conference's follow-through: takeaways, follow-ups and what became of them."""

    conference: str


@dataclass(frozen=True)
class Going(Command):
    conference: str


@dataclass(frozen=True)
class Talks(Command):
    conference: str
    words: str = ""


@dataclass(frozen=True)
class Attend(Command):
    """Star a talk (True), take the star back (False) or flip it (None: a button)."""

    talk_id: int
    star: bool | None = True


@dataclass(frozen=True)
class Brief(Command):
    conference: str


@dataclass(frozen=True)
class Merge(Command):
    """Merge takeaway `gone_id` into `keep_id` (texts, credits, tags, links, follow-ups)."""

    keep_id: int
    gone_id: int


@dataclass(frozen=True)
class Who(Command):
    """Who in the workspace knows about a topic."""

    topic: str


@dataclass(frozen=True)
class Me(Command):
    """The requester's own settings: `settings` (`/takeaway me` alone) shows them; `tz`,
    `hours`, `mute` and `unmute` change one, with their arguments. (`show` and `hide`
    are whether `/takeaway who` names them.)"""

    action: str = "settings"
    args: tuple[str, ...] = ()


ME_MUTABLE = ("digest", "reminders", "briefs")
ME_ACTIONS = ("hide", "show")


# --- tokens ----------------------------------------------------------------------

_FIELD_RE = re.compile(
    r"(?<!\S)(?P<key>conf|conference|talk|by|due|for|owner|revisit):"
    r"(?:\"(?P<dq>[^\"]*)\"|\u201c(?P<sq>[^\u201d]*)\u201d|(?P<bare>\S*))",
    re.IGNORECASE,
)
_TAG_RE = re.compile(rf"(?<!\S)#(?P<tag>{TAG_PATTERN})")
# A tag as a word of its own, with the punctuation after it ("#karpenter."). Atomic: a
# tag's own characters include "." and nothing is given back, so a long token that is no
# tag is read once.
_TAG_TOKEN_RE = re.compile(rf"#(?>{TAG_PATTERN})[.,;:!?]*")
_WORD_SPAN_RE = re.compile(r"\S+")
_TAG_RUN_START = re.compile(rf"^\s*(?:#{TAG_PATTERN}[.,;:!?]*\s+)+")
_ID_RE = re.compile(r"#?(\d{1,18})")


def _field_key(key: str) -> str:
    key = key.lower()
    return "conference" if key == "conf" else key


def _clean_tag(tag: str) -> str:
    return tag.rstrip(".-+").lower()


def normalize_tag(tag: str) -> str:
    """`#Karpenter,` -> `karpenter`."""
    return _clean_tag(tag.strip().lstrip("#").rstrip(".,;:!?"))


def _normalize_space(text: str) -> str:
    lines = [re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in text.splitlines()]
    joined = "\n".join(lines).strip()
    return re.sub(r"\n{3,}", "\n\n", joined)


def _extract_fields(raw: str, allowed: set[str]) -> tuple[str, dict[str, str]]:
    """Remove key:value tokens from raw text; return the rest and the decoded values."""
    values: dict[str, str] = {}
    for match in _FIELD_RE.finditer(raw):
        key = _field_key(match.group("key"))
        value = next(
            (
                v
                for v in (match.group("dq"), match.group("sq"), match.group("bare"))
                if v is not None
            ),
            "",
        )
        if key not in allowed:
            continue
        if match.group("bare") is not None and match.group("bare").startswith(('"', "\u201c")):
            raise InvalidInput(
                f'`{key}:` opens a quote but never closes it. Example: conf:"KubeCon EU 2024"'
            )
        if key in values:
            raise InvalidInput(f"`{key}:` is given twice; give it once.")
        values[key] = value if key in {"by", "owner"} else slack_text.decode(value).strip()
    rest = _FIELD_RE.sub(
        lambda m: " " if _field_key(m.group("key")) in allowed else m.group(0), raw
    )
    return rest, values


def _tags_in(raw: str) -> list[str]:
    tags: list[str] = []
    for match in _TAG_RE.finditer(raw):
        tag = _clean_tag(match.group("tag"))
        if tag and tag not in tags:
            tags.append(tag)
    return tags


def _check_tags(tags: list[str]) -> None:
    if len(tags) > MAX_TAGS:
        raise InvalidInput(f"That is {len(tags)} tags; a takeaway can have at most {MAX_TAGS}.")
    for tag in tags:
        if len(tag) > TAG_LIMIT:
            raise InvalidInput(f"Tag `#{tag[:40]}…` is too long (at most {TAG_LIMIT} characters).")


def _tag_run_start(masked: str) -> int | None:
    """Where the run of #tags that ends a text starts, or None. Word by word from the end
    (a pattern for the whole run backtracked over every tag: 7 s for 13,000 of them)."""
    words = [m.span() for m in _WORD_SPAN_RE.finditer(masked)]
    start = None
    for first, last in reversed(words):
        if not _TAG_TOKEN_RE.fullmatch(masked, first, last):
            break
        start = first
    return start


def parse_draft(raw: str, *, require_text: bool = True) -> Draft:
    """Split raw Slack text into text, #tags, conf:, talk: and links; validate limits."""
    rest, values = _extract_fields(raw, {"conference", "talk", "revisit"})
    revisit = values.get("revisit") or None
    if revisit is not None:
        periods.check_revisit(revisit)
    # Control sequences (<#C123|name>, <@U1|bob>) must not be mistaken for tags.
    masked = slack_text.CONTROL_RE.sub(lambda m: "\0" * len(m.group(0)), rest)
    tags = _tags_in(masked)
    _check_tags(tags)
    links = slack_text.extract_links(rest)
    if len(links) > MAX_LINKS:
        raise InvalidInput(f"That is {len(links)} links; a takeaway can keep at most {MAX_LINKS}.")

    # Tag runs at the start or end are metadata; tags inside a sentence stay part of it.
    end = _tag_run_start(masked)
    if end is not None:
        rest, masked = rest[:end], masked[:end]
    start = _TAG_RUN_START.match(masked)
    if start:
        rest = rest[start.end() :]
    text = _normalize_space(slack_text.decode(rest))

    conference = values.get("conference")
    talk = values.get("talk")
    if conference is not None and len(conference) > CONFERENCE_LIMIT:
        raise InvalidInput(
            f"The conference name is too long (at most {CONFERENCE_LIMIT} characters)."
        )
    if talk is not None and len(talk) > TALK_LIMIT:
        raise InvalidInput(f"The talk title is too long (at most {TALK_LIMIT} characters).")
    if require_text and not text:
        raise InvalidInput(
            "A takeaway needs some text.",
            hint=f"Usage: `{USAGE['add']}`",
        )
    if len(text) > TEXT_LIMIT:
        raise InvalidInput(
            f"That takeaway is {len(text)} characters; the limit is {TEXT_LIMIT} "
            "(what Slack shows in one block). Shorten it or split it in two. Nothing was saved."
        )
    return Draft(
        text=text,
        tags=tuple(tags) if tags else None,
        conference=conference,
        talk=talk,
        links=tuple(links),
        revisit=revisit,
    )


def parse_filters(raw: str, *, allow_text: bool) -> tuple[str, Filters]:
    """Pull #tag, conf:, by: (and `mine`) out of raw text; return the remaining text."""
    rest, values = _extract_fields(raw, {"conference", "by"})
    masked = slack_text.CONTROL_RE.sub(lambda m: "\0" * len(m.group(0)), rest)
    tags = _tags_in(masked)
    rest = _TAG_RE.sub(lambda m: " " if masked[m.start()] == "#" else m.group(0), rest)
    author: str | None = None
    mine = False
    by = values.get("by")
    if by is not None:
        if by.lower() in {"me", "@me"}:
            mine = True
        else:
            author = slack_text.user_id_from_mention(by)
            if author is None:
                if re.fullmatch(r"[UW][A-Z0-9]{2,}", by):
                    author = by
                else:
                    raise InvalidInput(
                        f"`by:{slack_text.decode(by)}` needs a person: `by:@name` (pick them from "
                        "the autocomplete) or `by:me`."
                    )
    words = rest.split()
    if words and words[0].lower() == "mine":
        mine = True
        rest = rest.split(None, 1)[1] if len(words) > 1 else ""
    filters = Filters(
        tags=tuple(tags), conference=values.get("conference") or None, author=author, mine=mine
    )
    text = _normalize_space(slack_text.decode(rest))
    if not allow_text and text:
        raise InvalidInput(
            f"I don't understand `{text[:80]}` here.", hint=f"Usage: `{USAGE['list']}`"
        )
    return text, filters


_TRAILING_MENTION = re.compile(r"(?<!\s)\s*(<@[UW][A-Z0-9]+(?:\|[^<>]*)?>)\s*$")


def _mention(token: str, usage_key: str) -> tuple[str, str | None]:
    user = slack_text.user_id_from_mention(token)
    if user is None:
        raise InvalidInput(
            f"`{slack_text.decode(token)[:40]}` is not a person; "
            "pick them from the @ autocomplete.",
            hint=f"Usage: `{USAGE[usage_key]}`",
        )
    label = re.fullmatch(r"<@[^|>]+\|([^<>]*)>", token)
    return user, (slack_text.unescape_entities(label.group(1)) if label else None)


def parse_followup(raw: str) -> AddFollowup:
    """`Trial Karpenter in QA <@U1|bob> due:friday for:42`: a trailing mention is the owner."""
    rest, values = _extract_fields(raw, {"due", "for", "owner"})
    owner: str | None = None
    owner_name: str | None = None
    if "owner" in values:
        owner, owner_name = _mention(values["owner"], "followup")
    else:
        trailing = _TRAILING_MENTION.search(rest)
        if trailing:
            owner, owner_name = _mention(trailing.group(1), "followup")
            rest = rest[: trailing.start()]
    takeaway_id = parse_id(values["for"], "followup") if values.get("for") else None
    text = _normalize_space(slack_text.decode(rest))
    if not text:
        raise InvalidInput(
            "A follow-up needs to say what to do.", hint=f"Usage: `{USAGE['followup']}`"
        )
    if len(text) > FOLLOWUP_TEXT_LIMIT:
        raise InvalidInput(
            f"That follow-up is {len(text)} characters; the limit is {FOLLOWUP_TEXT_LIMIT}. "
            "Nothing was saved."
        )
    due = values.get("due") or None
    return AddFollowup(
        text=text, owner=owner, owner_name=owner_name, due=due, takeaway_id=takeaway_id
    )


def parse_followups(rest: str) -> ListFollowups:
    word = rest.strip()
    if not word or word.lower() == "mine":
        return ListFollowups()
    if word.lower() == "all":
        return ListFollowups(everyone=True)
    owner, _ = _mention(word, "followups")
    return ListFollowups(owner=owner)


_QUOTED = r"(?:\"([^\"]*)\"|\u201c([^\u201d]*)\u201d|(\S+))"
_DIGEST_OPTION = re.compile(rf"(?P<key>cron|tz|timezone)\s+{_QUOTED}", re.IGNORECASE)


def parse_digest(rest: str) -> ConfigureDigest:
    word, options = _split_first(rest)
    action = word.lower() or "show"
    if action not in {"here", "off", "show", "preview"}:
        shown = slack_text.decode(word)[:40]  # as typed: "&", not Slack's "&amp;"
        raise InvalidInput(f"`digest {shown}`?", hint=f"Usage: `{USAGE['digest']}`")
    cron: str | None = None
    timezone: str | None = None
    leftover = options
    for match in _DIGEST_OPTION.finditer(options):
        value = next(v for v in match.groups()[1:] if v is not None)
        if match.group("key").lower() == "cron":
            cron = value.strip()
        else:
            timezone = value.strip()
        leftover = leftover.replace(match.group(0), " ", 1)
    if leftover.strip():
        raise InvalidInput(
            f"I don't understand `{slack_text.decode(leftover.strip())[:80]}`.",
            hint=f"Usage: `{USAGE['digest']}`",
        )
    if action != "here" and (cron or timezone):
        raise InvalidInput("cron and tz go with `digest here`.", hint=f"Usage: `{USAGE['digest']}`")
    return ConfigureDigest(action=action, cron=cron, timezone=timezone)


def parse_id(token: str, usage_key: str) -> int:
    match = _ID_RE.fullmatch(token.strip())
    if not match:
        shown = slack_text.decode(token)[:40]
        kind = "follow-up" if usage_key in {"done", "drop", "snooze"} else "takeaway"
        kind = "talk" if usage_key == "attend" else kind
        raise InvalidInput(
            f"`{shown}` is not a {kind} id (a number like 42).",
            hint=f"Usage: `{USAGE[usage_key]}`",
        )
    return int(match.group(1))


_QUOTED_RE = re.compile(r'^\s*(?:"(?P<dq>[^"]*)"|\u201c(?P<sq>[^\u201d]*)\u201d)\s*$')


def parse_conf(raw: str) -> ConfSet | ConfShow | ConfClear:
    """`set "KubeCon EU 2024"` (quotes optional), `show` (or nothing), `clear`."""
    word, value = _split_first(raw)
    sub = word.lower()
    if sub in {"", "show"} and not value.strip():
        return ConfShow()
    if sub in {"clear", "unset", "remove"} and not value.strip():
        return ConfClear()
    if sub != "set":
        raise InvalidInput(
            f"I don't understand `conf {slack_text.decode(raw.strip())[:80]}`.",
            hint=f"Usage: `{USAGE['conf']}`",
        )
    conference = parse_conference_arg(value, "conf")
    return ConfSet(conference=conference)


def parse_conference_arg(raw: str, usage_key: str) -> str:
    """`"KubeCon EU 2025"` (quotes optional, smart quotes too) as a conference name."""
    usage = f"Usage: `{USAGE[usage_key]}`"
    quoted = _QUOTED_RE.match(raw)
    value = raw
    if quoted:
        value = quoted.group("dq") if quoted.group("dq") is not None else quoted.group("sq")
    elif raw.lstrip().startswith(('"', "\u201c")):
        raise InvalidInput("The conference name opens a quote but never closes it.", hint=usage)
    conference = _normalize_space(slack_text.decode(value)).replace("\n", " ")
    if not conference:
        raise InvalidInput("Which conference?", hint=usage)
    if len(conference) > CONFERENCE_LIMIT:
        raise InvalidInput(
            f"The conference name is too long (at most {CONFERENCE_LIMIT} characters)."
        )
    return conference


_LEADING_QUOTED = re.compile(
    r'^\s*(?:"(?P<dq>[^"]*)"|\u201c(?P<sq>[^\u201d]*)\u201d)(?P<rest>.*)$', re.DOTALL
)


def parse_talks(raw: str) -> Talks:
    """`"KubeCon EU 2025" karpenter`: a quoted conference, then words to look for; without
    quotes, everything is the conference."""
    quoted = _LEADING_QUOTED.match(raw)
    if quoted is None:
        return Talks(parse_conference_arg(raw, "talks"))
    name = quoted.group("dq") if quoted.group("dq") is not None else quoted.group("sq")
    words = _normalize_space(slack_text.decode(quoted.group("rest"))).replace("\n", " ")
    return Talks(parse_conference_arg(f'"{name}"', "talks"), words[:QUERY_LIMIT])


_HOURS = re.compile(r"(\d{1,2})(?::00)?\s*[-\u2013to ]+\s*(\d{1,2})(?::00)?")


def parse_me(raw: str) -> Me:
    """`tz Europe/Paris`, `hours 9-17`, `mute digest`, `unmute briefs`, or nothing (show)."""
    usage = f"Usage: `{USAGE['me']}`"
    word, rest = _split_first(raw)
    action = word.lower() or "settings"
    value = slack_text.decode(rest).strip()
    if action == "settings" and not value:
        return Me()
    if action in ME_ACTIONS and not value:
        return Me(action)  # hide, show: whether /takeaway who names you
    if action in {"tz", "timezone"}:
        if not value or len(value.split()) > 1 or len(value) > 64:
            raise InvalidInput(
                "Which timezone? Example: `/takeaway me tz Europe/Paris`", hint=usage
            )
        return Me("tz", (value,))
    if action == "hours":
        match = _HOURS.fullmatch(value)
        if match is None:
            raise InvalidInput("Working hours look like `9-17`.", hint=usage)
        start, end = int(match.group(1)), int(match.group(2))
        if not 0 <= start < end <= 24:
            raise InvalidInput(
                f"`{start}-{end}` is not a working day: the start comes before the end, "
                "both between 0 and 24.",
                hint=usage,
            )
        return Me("hours", (str(start), str(end)))
    if action in {"mute", "unmute"}:
        what = value.lower()
        if what not in ME_MUTABLE:
            raise InvalidInput(f"`{action}` what? One of: {', '.join(ME_MUTABLE)}.", hint=usage)
        return Me(action, (what,))
    raise InvalidInput(f"`me {slack_text.decode(raw.strip())[:60]}`?", hint=usage)


def _split_first(text: str) -> tuple[str, str]:
    parts = text.strip().split(None, 1)
    if not parts:
        return "", ""
    return parts[0], parts[1] if len(parts) > 1 else ""


def parse_ask(raw: str) -> tuple[str, Filters]:
    """A question, from /takeaway ask or a mention: its words and its filters."""
    if len(raw) > QUERY_LIMIT:
        raise InvalidInput(f"That question is too long (at most {QUERY_LIMIT} characters).")
    check_text(raw)
    return parse_filters(raw, allow_text=True)


def parse(raw: str) -> Command:
    """Parse the text after `/takeaway`. Raises InvalidInput with usage for anything else."""
    check_text(raw)
    word, rest = _split_first(raw)
    if not word:
        return Help()
    name = ALIASES.get(word.lower())
    if name is None:
        shown = slack_text.decode(word)[:40]
        raise InvalidInput(
            f"I don't know the command `{shown}`.",
            hint="Try one of these:\n" + "\n".join(f"`{u}`" for u in USAGE.values()),
        )
    if name == "help":
        return Help(topic=ALIASES.get(rest.strip().lower()) if rest.strip() else None)
    if name == "add":
        if not rest.strip():
            return Add(draft=None)
        return Add(draft=parse_draft(rest))
    if name == "conf":
        return parse_conf(rest)
    if name == "ask":
        text, filters = parse_ask(rest)
        if not text and filters.is_empty():
            raise InvalidInput(
                "What should I look for?",
                hint=f"Usage: `{USAGE['ask']}`, e.g. `/takeaway ask karpenter`",
            )
        return Ask(text=text, filters=filters)
    if name == "list":
        _, filters = parse_filters(rest, allow_text=False)
        return ListTakeaways(filters=filters)
    if name in {"show", "delete"}:
        id_token, extra = _split_first(rest)
        if not id_token or extra:
            raise InvalidInput(f"`{name}` takes one id.", hint=f"Usage: `{USAGE[name]}`")
        takeaway_id = parse_id(id_token, name)
        return Show(takeaway_id) if name == "show" else Delete(takeaway_id)
    if name == "followup":
        return parse_followup(rest)
    if name == "who":
        topic, _ = parse_ask(rest)
        if not topic:
            raise InvalidInput("Who knows about what?", hint=f"Usage: `{USAGE['who']}`")
        return Who(topic)
    if name == "merge":
        ids = rest.split()
        if len(ids) != 2:
            raise InvalidInput("`merge` takes two ids.", hint=f"Usage: `{USAGE['merge']}`")
        return Merge(parse_id(ids[0], "merge"), parse_id(ids[1], "merge"))
    if name == "followups":
        return parse_followups(rest)
    if name in {"done", "drop"}:
        id_token, extra = _split_first(rest)
        if not id_token or extra:
            raise InvalidInput(f"`{name}` takes one follow-up id.", hint=f"Usage: `{USAGE[name]}`")
        return CloseFollowup(parse_id(id_token, name), "done" if name == "done" else "dropped")
    if name == "snooze":
        id_token, until = _split_first(rest)
        if not id_token or len(until.split()) > 1:
            raise InvalidInput(
                "`snooze` takes an id and how long.", hint=f"Usage: `{USAGE['snooze']}`"
            )
        return SnoozeFollowup(parse_id(id_token, "snooze"), until.strip() or "1w")
    if name == "digest":
        return parse_digest(rest)
    if name == "export":
        if rest.strip():
            raise InvalidInput("`export` takes nothing more.", hint=f"Usage: `{USAGE['export']}`")
        return Export()
    if name == "report":
        return Report(parse_conference_arg(rest, "report"))
    if name == "going":
        return Going(parse_conference_arg(rest, "going"))
    if name == "brief":
        return Brief(parse_conference_arg(rest, "brief"))
    if name == "talks":
        return parse_talks(rest)
    if name == "me":
        return parse_me(rest)
    if name in {"attend", "unattend"}:
        id_token, extra = _split_first(rest)
        if not id_token or extra:
            raise InvalidInput(f"`{name}` takes one talk id.", hint=f"Usage: `{USAGE['attend']}`")
        return Attend(parse_id(id_token, "attend"), star=name == "attend")
    if name == "reminders":
        word = rest.strip().lower()
        if word not in {"", "on", "off"}:
            shown = slack_text.decode(word)[:20]
            raise InvalidInput(f"`reminders {shown}`?", hint=f"Usage: `{USAGE['reminders']}`")
        return SetReminders(enabled=None if not word else word == "on")
    # edit
    id_token, new_text = _split_first(rest)
    if not id_token:
        raise InvalidInput("`edit` needs an id and the new text.", hint=f"Usage: `{USAGE['edit']}`")
    takeaway_id = parse_id(id_token, "edit")
    draft = parse_draft(new_text, require_text=False)
    fields = draft.tags is not None or draft.conference is not None or draft.talk is not None
    if not draft.text and not draft.revisit and not fields:
        raise InvalidInput("`edit` needs the new text.", hint=f"Usage: `{USAGE['edit']}`")
    return Edit(takeaway_id=takeaway_id, draft=draft)
