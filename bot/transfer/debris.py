"""What a pasted web page or a trip report holds besides learnings: page chrome, bylines,
share buttons, counters, tweet credits, author bios, comment threads, and trip chat
(travel, food, the venue). None of it should become a takeaway, nor give one its tags.

Line rules, each on one paragraph or bullet, folded to one line. They err on the side of
keeping: a sentence that says something technical is never chat.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import suppress
from datetime import date
from itertools import pairwise

_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
# A month's name or its abbreviation, and nothing longer ("3 separate teams" has none).
_MONTH_NAME = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?(?![a-z])"
)
DATE_RE = re.compile(
    rf"\b(?:(?P<m1>{_MONTH})\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y1>(?:19|20)\d{{2}})"
    rf"|(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m2>{_MONTH})\s+(?P<y2>(?:19|20)\d{{2}})"
    # Jira's: "27/Mar/25 4:50 PM"
    rf"|(?P<d3>\d{{1,2}})/(?P<m3>{_MONTH})/(?P<y3>\d{{2}})(?=\s)"
    # a day's heading in raw notes, its year said short: "tue 18 apr 23"
    rf"|(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+(?P<d4>\d{{1,2}})\s+(?P<m4>{_MONTH})"
    r"\s+(?P<y4>\d{2})(?=[ \t]*(?:\n|$|[-\u2013\u2014|,;)]))"
    r"|(?P<iso>(?:19|20)\d{2}-\d{2}-\d{2}))\b"
    # Korean blogs' (Tistory, Naver): "2024. 4. 2." (a version never has the spaces)
    r"|(?<!\d)(?P<y5>(?:19|20)\d{2})\.\s(?P<n5>\d{1,2})\.\s(?P<d5>\d{1,2})\.(?!\d)",
    re.IGNORECASE,
)


def is_month_name(word: str) -> bool:
    """Whether a word is a month's name or its abbreviation ("nov", "November")."""
    return bool(re.fullmatch(_MONTH_NAME, word, re.IGNORECASE))


_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")

_CHROME = re.compile(
    r"(?:skip to (?:the )?(?:main )?content|home|menu|search(?: (?:this|the) (?:site|blog))?|"
    r"about|series|archives?|categories|"
    r"sign (?:in|up)|log ?in|join(?: now)?|\+?\s*follow(?:ing)?|connect|message|repost|send|save|"
    r"report (?:this|the) (?:article|post)|see (?:more|less)|explore topics|"
    r"listen|write|open in app|member-only story|text to speech|"
    r"accept(?: all)?(?: cookies)?|reject(?: all)?|manage (?:preferences|cookies|settings)|"
    r"cookie (?:settings|preferences)|got it|enter your (?:e-?mail|email address)|"
    r"(?:table of )?contents|in this (?:article|post)|sponsored|advertisement|"
    r"listen to this (?:article|post)|edit (?:this page|on github)|"
    r"was this (?:page|article|post) helpful\??|previous|next|(?:newer|older) posts?|"
    r"load more|top comments|copy link|about the author|author|sign up(?: for free)?|"
    r"follow (?:me|us)(?: on \w+)?|liked by .*|get the latest .*|"
    r"like(?:\s*[·|•]?\s*(?:reply|comment|repost|send|share))+|"
    r"(?:photo|image|illustration) (?:by|via|credit|source)\b.*|"
    r"(?:more|recommended) from .*|"
    r"more (?:articles|posts) (?:by|from) .*|"
    r"load more comments|show more comments|reply|share|tweet|like|comment|related posts?|"
    # one share button per line: "Share on LinkedIn", "Share via email", "Tweet this"
    r"share (?:on|to|via) (?:linkedin|x|twitter|facebook|mastodon|bluesky|reddit|"
    r"hacker news|threads|whatsapp|e-?mail)|share this (?:post|article|page)|tweet this|"
    r"e-?mail this|webmentions?|"
    # an issue tracker's widgets over the comments ("Activity" alone: see LONE_CHROME)
    r"sort or filter|(?:child|linked) items(?: \d+)?|"
    # a copied tweet or post: its counters' labels and its client
    r"(?:re)?tweets|quote tweets?|quotes|likes|replies|reposts|bookmarks|views|"
    r"replying to(?: @[\w.-]+)?|show (?:this thread|replies|more replies)|translate (?:post|tweet)|"
    r"(?:twitter|tweetdeck) (?:for \w+|web app)|see new (?:tweets|posts)|thread|conversation|"
    # a WordPress page: share buttons, its "Like this:" box, the comment form
    r"like this:?|"
    r"like loading\.*|leave a (?:reply|comment)(?: cancel reply)?|post comment|"
    r"(?:comment|name|email|website)\s*\*?|hide|show|notify me of .*|"
    # a Bluesky page: its menu, an image's "ALT" badge, the labels under and over posts
    r"explore|notifications|chat|feeds|lists|profile|settings|(?:new )?post|alt|translate|"
    r"quoted post|everybody can reply|"
    # a Discourse topic: its selection bar, reply buttons, time gaps, topic list, footer
    r"you have selected \d+ posts?|select all|cancel selecting|\d+ (?:days?|weeks?|months?|"
    r"years?) later|topic\s+replies\s+views\s+activity|"
    # a Mastodon page: its menu, a post's client and edit marks, a content warning's button
    r"mastodon|live feeds|search or paste url|back|edited|web|show (?:more|less)|"
    # a mail client's printed conversation: its count, the quotes it hid
    r"\d{1,4} messages|quoted text hidden|add comment|"
    # what OneNote adds under a paste and a screenshot
    r"pasted from <\S+|screen clipping taken:.*|"
    # a mail client's signature
    r"get outlook for \w+|sent from (?:outlook|mail) for \w+|"
    r"read more|subscribe(?: to .*)?|.*newsletter.*|(?:privacy|cookies?|terms)(?:\W.*)?|"
    # Ghost's sign-up box
    r"sign up for more like this\.?|"
    # MediaWiki: its tagline, the links over a page, a redirect's note (its brackets taken
    # off)
    r"from [\w .'-]{1,40}(?:wiki|pedia)(?:, the free encyclopedia)?|"
    r"jump to navigation(?: jump to search)?|jump to search|redirected from [^()]{1,100})",
    re.IGNORECASE,
)
# A MediaWiki subpage's way back up, over its title: "< Conference notes" (in capitals: "<
# half of teams track cost" is a note).
_WIKI_PARENT = re.compile(r"^<\s[A-Z][\w-]*(?:\s+[A-Za-z][\w-]*){0,5}$")
# Whose notes a section holds, alone on the line under its title: "(Callum's notes)",
# "(via Ana)", "Notes: Dana", "Notes by Ravi Menon" (not "Notes: Joris. HashiCorp engineer,
# main room ...", which goes on, nor a title, "Notes from SREcon23 Americas").
_ASIDE_LINE = re.compile(r"^\([^()\d]{1,40}\)$")
ASIDE_MAX_WORDS = 4
_WHOSE_NOTES = re.compile(
    r"^notes?(?:\s*:|\s+by\b:?)\s*(?-i:[A-Z])[\w.'\u2019-]*(?:\s+(?-i:[A-Z])[\w.'\u2019-]*){0,2}$",
    re.IGNORECASE,
)
# "Tags" in Korean, Japanese and Chinese blogs.
_CJK_TAGS = "태그|タグ|标签|標籤"
_LABELLED = re.compile(
    r"^(?:share(?: this)?(?: post| article)?|follow us|tags?|tagged|labels|categories|filed under|"
    # "Tags:" in Korean, Japanese and Chinese blogs
    rf"{_CJK_TAGS}|"
    r"updated|last updated|(?:estimated )?reading time|read time|word count|post views|"
    r"posted in|topics|in this (?:issue|edition)|series|part \d+ of \d+)\s*[:|]"
    # a picture's caption: "Figure 1: the architecture", "Photo: the keynote stage"
    r"|^(?:cover |header |hero )?(?:figure|fig\.|image|photo|picture|screenshot|diagram)"
    r"\s*\d*\s*[:.\u2013\u2014-]\s",
    re.IGNORECASE,
)
# A longer caption: "Photo by the author: the room at 8:55, already full", one that ends
# on its credit ("... between sessions. Photo: Rui Mendes"), dev.to's "Cover image for
# <the post's title>".
CAPTION_MAX_WORDS = 40
_CAPTION = re.compile(
    r"^(?:photo|picture|image) by (?:the author\b|"
    r"(?-i:[A-Z][\w'\u2019-]+(?:\s+[A-Z][\w'\u2019-]+){0,2})(?:\s*$|\s*[:,(\u2014\u2013]|\s+-\s|\s+on\s))"
    r"|^cover image for\b"
    r"|[.!?]\s+photo(?: credit)?\s*:\s*"
    r"(?-i:[A-Z][\w'\u2019-]+(?:\s+[A-Z][\w'\u2019-]+){0,2})\.?$",
    re.IGNORECASE,
)
# A labelled line of chrome is short ("Tags: a, b, c", "Updated: 12 Oct 2023"); "Updated:
# the exporter reads ..." is a note.
LABELLED_MAX_WORDS = 12
# A profile headline: "Platform Engineer at Tamarind Systems | CKA | Kubernetes"; a mail
# signature's role and company: "Senior Platform Engineer | Kilnworth Systems".
_ROLE = (
    r"\b(?:engineer|developer|sre|architect|manager|lead|founder|cto|head of|"
    r"director|consultant|advocate|scientist|specialist)\b"
)
_HEADLINE = re.compile(
    rf"^[^|]{{0,40}}{_ROLE}[^|]{{0,20}}\s(?:at|@|chez|bei)\s[^|]{{2,60}}"
    r"(?:\s\|\s[^|]{1,60}){1,5}$"
    # the company's name in capitals: "SRE - owns the SLOs" is a note, not a signature
    rf"|^[\w .,-]{{0,30}}{_ROLE}\s*[|,\u2013\u2014-]\s*"
    r"(?-i:[A-Z][\w&.'-]*)(?:\s(?-i:[A-Z&][\w&.'-]*)){0,5}$",
    re.IGNORECASE,
)
# "Posted in Kubernetes, Events"; a breadcrumb trail ("Home » Blog » KubeCon", never
# "pods > nodes > clusters"); a cookie banner ("This site uses cookies for comments",
# "Allow the use of cookies from Threads ...?"); a sign-in wall over the rest of a
# thread ("Log in to see more replies.", "Join Threads to share ideas ...").
_SHORT_CHROME = re.compile(
    r"^(?:posted in|filed under)\s|\bwe use cookies\b|\bcookie policy\b"
    r"|^(?:this (?:site|website|blog) uses cookies|allow the use of cookies from)\b"
    r"|^(?:log ?in|sign ?in|sign ?up) to (?:see|read|view) (?:more|all|the (?:rest|full))\b"
    r"|^join (?-i:[A-Z])\w+ to share\b"
    r"|^(?:[^\u00bb\u203a]{1,40}\s[\u00bb\u203a]\s){2,}",
    re.IGNORECASE,
)
_ARROW = re.compile(
    "^\\s*(?:[\u2190\u00ab\u2039]|(?:previous|next)(?: post| article)?\\s*[:\u2192\u00bb\u203a]|"
    "back to\\b)|[\u2192\u00bb\u203a]\\s*$",
    re.IGNORECASE,
)
# One or more counters on a line: "❤ 34", "👏 41   💬 7", "♥ 63 · 14 comments".
# A counter line is short; the bound keeps its nested pattern off long lines.
COUNTER_MAX_CHARS = 120
# (Each counter is an atomic group: "1.2.3.4.5.6.7.8.9 x" split every way a "." allows
# took seconds; "[2017-03-29 09:12] Bernd" is a chat's header, read once.)
_COUNTER = re.compile(
    r"(?>[^\w]*\d[\d,.k]*\s*(?:comments?|likes?|claps?|shares?|views?|reactions?|"
    r"responses?|replies|followers?|following|subscribers?|members?|reads?|boosts?|"
    r"favou?rites?|users?|reposts?)?\s*[^\w]*)+",
    re.IGNORECASE,
)
# A site's navigation: "Blog Open Source Meetups Jobs Contact".
_NAV_WORDS = frozenset(
    {
        "home", "blog", "about", "contact", "careers", "jobs", "docs", "events", "meetups",
        "podcast", "newsletter", "products", "pricing", "press", "resources", "engineering",
        "design", "data", "team", "talks", "projects", "archive", "subscribe", "rss",
        "network", "messaging", "notifications", "me", "business", "articles", "people",
        "learning",
        # a personal site's pages (the IndieWeb's /now and /uses)
        "now", "uses", "guestbook", "colophon", "feed", "writing", "bookmarks", "photos",
    }
)  # fmt: skip
# Share buttons without a label: "Share on X · Share on LinkedIn · Copy link".
# (each item atomic: the spaces around an optional bar were split every way they allow,
# "email email ... x" took 14 s at 25 words)
_SHARE_ITEMS = re.compile(
    r"(?>(?:share on \w+|copy link|email|print|twitter|linkedin|facebook|hacker news|"
    r"reddit|mastodon|bluesky)\s*[·|•,/]?\s*){2,}",
    re.IGNORECASE,
)
# Who said a quoted line: "— via LinkedIn, quoted with permission" (an em or en dash).
_ATTRIBUTION = re.compile("^[\u2014\u2013]\\s*\\S")
# The bots that post in a team's chat room under their own name.
_CHAT_BOTS = "Jenkins|GitHub|GitLab|Bitbucket|Trello|Confluence|Opsgenie|PagerDuty"
# A Slack thread copied from the app: "Dana Whitfield  9:40 AM" heads each message,
# ":thumbsup: 4" counts reactions, "Tuesday, December 11th" divides the days.
_EXPORT_HEADER = (
    r"|^(?:(?:[A-Z][a-z]{2},\s+)?(?:[A-Z][a-z]{2}\s+\d{1,2},?\s+\d{4}|\d{1,2}[/.]\d{1,2}[/.]\d{2,4})"
    r",?\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s?[AaPp][Mm])?\s+[-\u2013\u2014]\s+[^:\n]{1,60}"
    # HipChat's history, signal-export: "[2017-03-29 08:41] Sofie Lindahl" (a name of two
    # words or more, in capitals, or a bot the room has, "JIRA", "Jenkins": jrnl's
    # "[2023-10-18 08:06 AM] Keynote: tail latency" is an entry's title)
    r"|\[(?:19|20)\d{2}-\d{2}-\d{2},?\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s?[AaPp][Mm])?\]"
    r"\s+(?:[A-Z][\w.'\u2019-]*(?:\s+[A-Z][\w.'\u2019-]*){1,3}|[A-Z]{2,12}|" + _CHAT_BOTS + "))"
)
# An IRC log (irssi, HexChat, WeeChat): "09:31 < pieterv> text", "[09:31] <@rkoster> text".
IRC_MESSAGE = re.compile(
    r"^(?:\d{4}-\d{2}-\d{2}\s+|[A-Z][a-z]{2}\s+\d{1,2}\s+)?\[?\d{1,2}:\d{2}(?::\d{2})?\]?"
    r"\s+<[ @+%&~]?(?P<nick>[^\s<>]{1,30})>\s?(?P<rest>.*)$"
)
# What an IRC client logs besides messages: joins, topics, netsplits, actions, the log's
# opening and closing, the user list.
_IRC_SYSTEM = re.compile(
    r"^(?:\d{4}-\d{2}-\d{2}\s+)?\[?\d{1,2}:\d{2}(?::\d{2})?\]?"
    # irssi pads an action ("10:58  * sanne found ...") with two spaces: "09:00 * Keynote"
    # and "09:00 -- Keynote" in notes are talks
    r"\s+(?:-!-|\*{3}\s|-->|<--|\[(?:Users\b|[@+ ]?[^\s\]]+\]\s*\[))"
    r"|^-{3}\s+(?:Log (?:opened|closed)|Day changed)\b"
)
# An issue tracker's activity: "Edited 6 days ago by Ines", "Ines added ~"rust" labels 1
# week ago", "Tomasz mentioned in issue #91 5 days ago", "Issue created 1 week ago by Ines".
_AGO = r"(?:\d{1,3}|an?) (?:seconds?|minutes?|hours?|days?|weeks?|months?|years?) ago"
_PERSON = r"[^\W\d][\w.'\u2019-]*(?:\s+[^\W\d][\w.'\u2019-]*){0,3}"  # one to four words
_TRACKER_ACTIVITY = re.compile(
    # someone (a capitalised name, two to four words) doing something to a tracker's
    # things: a label, a handle, an issue, the description...
    r"^(?:(?-i:[^\W\d_a-z][\w.'\u2019-]*(?:\s+[^\W\d_a-z][\w.'\u2019-]*){1,3})\s+"
    r"(?:added|removed|assigned|unassigned|mentioned|closed|reopened|changed|merged|approved|"
    r"commented|labeled|labelled|created)\b"
    r"(?=.{0,120}?(?:[~@]|#\d|\b(?:issues?|merge requests?|pull requests?|commits?|"
    r"description|title|labels?|milestone)\b))"
    # or the page's own record: "Issue created", "Edited"
    r"|(?:issue|merge request|pull request)\s+(?:created|opened|closed)\b|edited\b)"
    rf".{{0,120}}?\b{_AGO}(?:\s+by\s+{_PERSON})?$",
    re.IGNORECASE,
)
# Linear's activity, dated after a dot: "Signe Aalto moved from Backlog to In Progress · Feb
# 8", "Signe Aalto created the issue · Feb 8", "Oskar linked INF-1190 · Feb 12".
_DATED_ACTIVITY = re.compile(
    rf"^{_PERSON}\s+(?:created the issue|added (?:the )?labels?|removed (?:the )?labels?|"
    r"added to (?:project|cycle)|removed from (?:project|cycle)|moved from|changed (?:the )?"
    r"(?:status|priority|title|due date)|linked|assigned|unassigned|self-assigned|"
    r"closed|reopened|marked)\b.{0,120}?\s[·•]\s+(?:[A-Z][a-z]{2}\s\d{1,2}|\d{1,2}\s[A-Z][a-z]{2}"
    r"|today|yesterday|\d+\s*[mhdw]\b.{0,8})$"
)
TRACKER_ACTIVITY_MAX_WORDS = 16
# The same header and the message's first words on one line: "... - Jonas Richter: text".
INLINE_MESSAGE_HEADER = re.compile(f"(?P<head>{_EXPORT_HEADER[2:]}):\\s+(?P<rest>\\S.*)$")
# LINE's export: the time, the sender and the message, tab-separated on one line.
TAB_MESSAGE = re.compile(
    r"^(?P<head>\d{1,2}:\d{2}\t[^\W\d_a-z][\w.'\u2019-]*(?: [^\W\d_a-z][\w.'\u2019-]*){0,3})"
    r"\t(?P<rest>\S.*)$"
)
_MESSAGE_HEADER = re.compile(
    # Slack: "Ines Moreau  10:31 AM"; Twist and Basecamp with the day: "Ines  Apr 30,
    # 10:41 AM"
    r"^[A-Z][\w.'\u2019-]*(?:\s+[A-Z][\w.'\u2019-]*){0,3}\s+"
    rf"(?:(?i:{_MONTH_NAME})\s+\d{{1,2}},?\s+(?:\d{{4}},?\s+)?)?\d{{1,2}}:\d{{2}}(?:\s?[AaPp][Mm])?$"
    # Twist's thread opener: "Gustavo Prieto posted in platform-runtime · Apr 29"
    rf"|^{_PERSON}\s+posted in\s+[\w.#-]{{1,60}}\s+[·•]\s+[\w ,]{{3,30}}$"
    # Microsoft Teams: "[04/11/2023 10:38] Finn Albers"
    r"|^\[\d{1,2}[/.]\d{1,2}[/.]\d{2,4},?\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s?[AaPp][Mm])?\]"
    r"\s+[A-Z][\w.'\u2019-]*(?:\s+[\w.'\u2019-]+){0,3}$"
    # Discord: "Hanne — Yesterday at 8:41 AM", "[8:43 AM]" before a follow-up message
    r"|^[\w.'\u2019-]+(?:\s+[\w.'\u2019-]+){0,3}\s+[\u2014\u2013-]\s+"
    r"(?i:today|yesterday|\d{1,2}/\d{1,2}/\d{2,4})(?:\s+at)?\s+\d{1,2}:\d{2}(?:\s?[AaPp][Mm])?$"
    r"|^\[\d{1,2}:\d{2}(?:\s?[AaPp][Mm])?\]$" + _EXPORT_HEADER + ":?$"
    # An exported chat (Element, WhatsApp): "Sat, Feb 4 2023, 10:42 - Jonas Richter"
    # A mail client's printed conversation: "Odile Marchetti <odile@fernhollow.example>
    # Wed, May 17, 2023 at 10:14 AM" over each message
    r"|^[A-Z][\w.'\u2019-]*(?:\s+[\w.'\u2019-]+){0,4}\s<[^<>\s@]{1,64}@[^<>\s]{1,200}>"
    r"(?:\s+\w{3},?\s.{4,40})?$"
    # A Webex meeting's chat: "from Radka Vémolová to everyone:    9:02 AM"
    r"|^(?i:from)\s.{1,60}?\s(?i:to everyone):\s+\d{1,2}:\d{2}(?:\s?[AaPp][Mm])?$"
    # A Hacker News comment: "mkessler 2 days ago | parent | next [-]", a top one
    # "tbrandvold 2 days ago [-]" (with an en dash)
    r"|^[\w.-]{2,30} \d{1,3} (?:minutes?|hours?|days?|months?|years?) ago"
    r"(?: \|.{0,60}| \[[-\u2013]\])?$"
    # A GitLab or GitHub comment's header: "Léa Fontaine @lfontaine · 6 days ago"
    rf"|^{_PERSON}\s+@[\w.-]{{1,40}}\s+[·•]\s+{_AGO}$"
    # A Gitter room's: "Hanne Lykke @hlykke May 02 2018 09:31"
    rf"|^{_PERSON}\s+@[\w.-]{{1,40}}\s+[A-Z][a-z]{{2}}\s+\d{{1,2}}\s+(?:19|20)\d{{2}}\s+\d{{1,2}}:\d{{2}}$"
    # A Zoom chat: "09:01:44 From Marta Kowalczyk to Everyone:"
    r"|^\d{1,2}:\d{2}(?::\d{2})?\s+From\s+.{1,60}?\s+to\s+.{1,40}:$"
    # DiscordChatExporter's plain text: "[03-Feb-18 10:41 AM] nadia#4821" (the date in the
    # exporter's format or the machine's locale), the user's discriminator if any
    r"|^\[\d{1,4}[-/.](?:[A-Z][a-z]{2}|\d{1,2})[-/.]\d{2,4},?\s+\d{1,2}:\d{2}(?::\d{2})?"
    r"(?:\s?[AaPp][Mm])?\]\s+[\w.'\u2019-]{1,32}(?:#\d{4})?$"
    # A Telegram export: "Rúben Simões, [18.10.2024 8:52]"
    r"|^[^\W\d][\w .'\u2019-]{0,60},\s+"
    r"\[\d{1,2}[./]\d{1,2}[./]\d{2,4},?\s+\d{1,2}:\d{2}(?::\d{2})?\]$"
)
# A blog's list of its other posts: the title, its comment count and its day ("[KubeCon]
# 파리 2024 후기 (0) 2024.03.31", as Tistory lists a category's posts).
_POST_LIST_ENTRY = re.compile(r"^.{4,150}\s\(\d{1,4}\)\s+(?:19|20)\d{2}[./-]\d{2}[./-]\d{2}$")
# What a chat app says itself: "Bram Visser changed the channel description to: ...",
# "Finn joined the channel"; the "Team > channel" line over a copied thread; Zoom's
# 'Reacted to "..." with 👍' and 'Replying to "..."'.
_CHAT_SYSTEM = re.compile(
    r'^(?i:reacted to ".{1,80}" with \S+|replying to ".{1,80}")$'
    # a shared document's activity: "Reto Ammann reacted with 👍"
    rf"|^{_PERSON} reacted with [^\w\s]{{1,8}}$"
    # a reply's pointer to the message it answers: Slack's "replied to a thread: ...",
    # Mattermost's "Commented on Ana's message: ...", Telegram's "[In reply to Ana]"
    r"|^(?i:replied to a thread|commented on .{1,60}'s message):\s"
    # Flowdock's 'replied to thread "Keynote day 2: Vault 1.0 preview"'
    r'|^(?i:replied to thread) "[^"\n]{1,120}"$'
    r"|^\[(?i:in reply to) [^\]]{1,60}\]$"
    # LINE: "11:03 Aiko Morishita joined the group."
    r"|^\d{1,2}:\d{2}\s+[^\W\d][\w .'\u2019-]{0,60} (?i:joined|left) the group\.?$"
    # what a chat export leaves of an attachment: "[Photo]", "<Media omitted>"; the
    # sections DiscordChatExporter puts under a message: "{Reactions}", "{Attachments}"
    r"|^(?i:\[(?:photo|video|sticker|gif|file|image|voice message)\]|<media omitted>)$"
    r"|^\{(?:Attachments|Reactions|Embed|Stickers)\}$"
    # its system messages, with their time: "[03-Feb-18 11:36 AM] nadia#4821 pinned a
    # message to this channel."
    r"|^\[[^\]]{6,30}\]\s+[\w.'\u2019-]{1,32}(?:#\d{4})?\s+(?:pinned a message|"
    r"started a thread|joined the server|changed the channel)\b.{0,80}$"
    # and the file it saved an attachment to, in the folder beside the export:
    # "Crumbleworks - conferences - fosdem-18 [4079].txt_Files/IMG_2018-3C9E1.jpg"
    r"|^[^/\n]{1,160}\.txt_Files/[^/\n]{1,160}$"
    # and its header: "Guild: Crumbleworks", "Channel: conferences / fosdem-18"
    r"|^Guild:\s[^.!?\n]{1,60}$|^Channel:\s[^/\n]{1,40} / [^/\n]{1,40}$"
    # (after its time in a room's history: "[2017-03-29 08:31] Mehmet Aydin joined the room")
    r"|^(?:\[(?:19|20)\d{2}-\d{2}-\d{2}[ T]\d{1,2}:\d{2}(?::\d{2})?\]\s+)?"
    r"[A-Z][\w.'\u2019-]*(?:\s+[A-Z][\w.'\u2019-]*){0,3}\s+(?:changed the channel|"
    r"joined the (?:channel|team|chat|room)|left the (?:channel|team|chat|room)|"
    r"added .{1,40} to the "
    r"(?:channel|team|chat)|renamed the channel|pinned a message)"
    r"|^[A-Z][\w &'-]{1,40} > [a-z0-9][\w-]{1,40}$"
    # Zulip's "stream > topic" line over copied messages, with the topic's date
    r"|^[a-z0-9][\w.-]{1,40} > [^>]{1,60}\s(?:[A-Z][a-z]{2}\s\d{1,2}|\d{4}-\d{2}-\d{2})$"
)
_REACTIONS = re.compile(
    r"^(?::[\w+-]+:\s*\d+\s*)+$"
    # a Matrix or Element export: "Reactions: 🚀 3", "Reactions: 👀 2, 💯 1"
    r"|^reactions?:\s*(?:[^\w\s,]{1,8}\s*\d+[\s,]*)+$"
    # signal-export's, who reacted: "Reactions: 😂 Lev Brandt, 👍 Noor Haddad"
    r"|^reactions?:\s*[^\w\s,]{1,8}\s*[^\W\d][\w.'\u2019-]*(?:\s[^\W\d][\w.'\u2019-]*){0,3}"
    r"(?:,\s*[^\w\s,]{1,8}\s*[^\W\d][\w.'\u2019-]*(?:\s[^\W\d][\w.'\u2019-]*){0,3}){0,20}$"
    # DiscordChatExporter's: "🍺 (3)", "👀 (2) 😂 (1)"
    r"|^(?:[^\w\s(),]{1,8}\s*\(\d{1,4}\)\s*)+$",
    re.IGNORECASE,
)
_DAY_DIVIDER = re.compile(
    r"^(?:today|yesterday|(?:mon|tues|wednes|thurs|fri|satur|sun)day"
    r"(?:,?\s+\w+\s+\d{1,2}(?:st|nd|rd|th)?(?:,?\s+\d{4})?"
    r"|,?\s+\d{1,2}(?:st|nd|rd|th)?\s+\w+(?:,?\s+\d{4})?)?)$",
    re.IGNORECASE,
)
# A date alone on its line: a post's or a tweet's timestamp, a day's divider ("Oct 24",
# "Tue, 25 October 2022", "2022-10-24"). Never a talk's name, never a note.
_DATE_ONLY = re.compile(
    rf"^(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?"
    rf"(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+(?:19|20)\d{{2}})?"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\.?\s+{_MONTH}(?:,?\s+(?:19|20)\d{{2}})?"
    r"|(?:19|20)\d{2}-\d{2}-\d{2}"
    # LINE's day divider: "2026/01/29(Thu)"
    r"|(?:19|20)\d{2}/\d{2}/\d{2}(?:\s?\(\w{2,3}\))?"
    # numbers only, as Threads and phones date a post: "10/29/24", "29.10.2024" (a
    # version "1.28.10" has no four-digit year after its dots)
    # (only with the day over 12: "3/4/24" may be either, and stays in its note)
    r"|(?:\d{1,2}/(?:1[3-9]|2\d|3[01])|(?:1[3-9]|2\d|3[01])/\d{1,2})/(?:\d{2}|(?:19|20)\d{2})"
    r"|(?:1[3-9]|2\d|3[01])\.\d{1,2}\.(?:19|20)\d{2}"
    # a month alone: "Mar 2024" on a forum's timeline
    rf"|{_MONTH}\s+(?:19|20)\d{{2}}"
    # a clock time alone: the "9:04 AM" OneNote puts under a page's date
    r"|\d{1,2}:\d{2}(?::\d{2})?(?:\s?[ap]\.?m\.?)?)$"
    # a day by its numbers after its weekday (in German too, as notes typed there say
    # it), no year: "wed 16.11", "Mo 5.9." (a weekday's own name only: "Docker 20.10",
    # "Mongo 4.4" and "1.25" are versions)
    r"|^(?:mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:rs?(?:day)?)?|fri(?:day)?"
    r"|sat(?:urday)?|sun(?:day)?|mo|di|mi|do|fr|sa|so|montag|dienstag|mittwoch|donnerstag"
    r"|freitag|samstag|sonntag)\.?,?\s+(?:[12]?\d|3[01])\.(?:0?[1-9]|1[0-2])\.?$",
    re.IGNORECASE,
)
# A social handle alone on its line, over a post ("@marenholt_ops", "@ana@hachyderm.io").
_HANDLE_ONLY = re.compile(r"^@[\w.-]{1,40}(?:@[\w.-]+\.[a-z]{2,})?$", re.IGNORECASE)
# An e-mail recap: its headers, greeting, sign-off, signature card and legal footer.
_EMAIL_HEADER = re.compile(
    r"^(?:from|to|cc|bcc|date|sent|reply-to|subject"
    # Outlook in German, French, Japanese
    r"|von|gesendet|an|betreff|de|envoyé|à|objet|差出人|送信日時|宛先|件名)\s?[:\uff1a]\s",
    re.IGNORECASE,
)
# IBM (Lotus) Notes: a memo's header table, its names and values apart by a tab ("To<TAB>
# OPS Infrastruktur", "Subject<TAB>Fw: ..."), under who sent it by the name it has in the
# directory ("Dieter Krause/OPS/Kestrel", "11/16/2015 08:14 AM"); the note of an
# attachment it dropped. (A heading "Service Mesh/Istio/Linkerd" is shaped like such a
# name: one counts only in a header table.)
_TAB_HEADER = re.compile(r"^(?:from|to|cc|bcc|date|sent|subject)(?:\t|$)", re.IGNORECASE)
_NOTES_NAME = re.compile(
    r"^[A-Z][\w.'-]*(?: [A-Z][\w.'-]*){1,3}(?:/[\w-]+){2,3}(?:@[\w-]+)?"
    r"(?:\s+\d{1,2}/\d{1,2}/\d{4}\s+\d{1,2}:\d{2}\s?[AP]M)?$"
)
_NOTES_DATE = re.compile(r"^\d{1,2}/\d{1,2}/\d{4}\s+\d{1,2}:\d{2}\s?[AP]M$")
_NOTES_MAIL = re.compile(r"^\[attachment \"[^\"\n]{1,200}\" deleted by [^\]\n]{1,100}\]$")
NOTES_HEADER_MIN_FIELDS = 2


def _notes_header_table(lines: list[str]) -> bool:
    """A Notes memo's header: tab-separated fields, the rest its sender's name or date."""
    sender = [line for line in lines if not _TAB_HEADER.match(line)]
    return (
        len(lines) - len(sender) >= NOTES_HEADER_MIN_FIELDS
        and bool(sender)
        and all(_NOTES_NAME.match(line) or _NOTES_DATE.match(line) for line in sender)
    )


# The thanks that closes a thread or a mail: "thx all, great notes. page by wed".
_THANKS_ALL = re.compile(
    r"^(?:thx|thanks|thank you|ty)\s+(?:all|everyone|folks|team|y'?all)\b.{0,80}$"
    # a post's sign-off: "Thank you for reading long post, if you have question ..."
    r"|^(?:thanks|thank you)(?: so much)? for reading\b.{0,200}$"
    # the closing thanks of a write-up: "Big thanks to the orga and all the volunteers",
    # "Thanks to the NDC crew for a great week" (not "thanks to the new scheduler, ...")
    r"|^(?:(?:big|many|huge|a big)\s+)?(?:thanks|thank you)\s+(?:again\s+)?to\s+"
    r"(?:the|all|our|everyone)\b[^.!?]{0,60}?\b(?:orga|organi[sz]ers?|organi[sz]ing team|crew|"
    r"volunteers|program(?:me)? committee)\b(?!['\u2019])(?![^,.!?]{0,40}\d).{0,160}$",
    re.IGNORECASE,
)
_GREETING = re.compile(r"^(?:hi|hello|hey|dear|morning)\b[^.!?:]{0,40}[,!]?$", re.IGNORECASE)
_SIGN_OFF = re.compile(
    r"^(?:cheers|best|best regards|kind regards|regards|thanks|thank you|many thanks|thx|"
    # and in German: "Mit freundlichen Grüßen / Kind regards"
    r"mit freundlichen grüßen|mit freundlichen gruessen|viele grüße|beste grüße|"
    r"bye|ciao|greetings)(?:[,!.]?(?:\s+\S+){0,3}|,\s.{0,50})$",
    re.IGNORECASE,
)
_LEGAL = re.compile(
    r"\b(?:intended recipient|confidential information|intended solely for|"
    r"do not forward outside|"
    r"received (?:it|this (?:message|e-?mail)) in error|"
    # a German company's footer: its board, seat and register, its confidentiality note
    r"vorsitzender? des aufsichtsrats|sitz der gesellschaft|registergericht|"
    r"vertrauliche und/oder|irrtümlich erhalten)\b",
    re.IGNORECASE,
)
# An address's local part is at most 64 characters (RFC 5321), and starts where a run of
# such characters does: a long word with no "@" is read once.
_CONTACT_CARD = re.compile(r"(?<![\w.+-])[\w.+-]{1,64}@[\w-]+\.[\w.-]+|\+\d[\d ()/-]{7,}")
# A domain ends in letters: "al2023@v2025..." in a note is a version pin, no address.
_DOMAIN_END_RE = re.compile(r"\.[a-z]{2,}$", re.IGNORECASE)


def _has_contact(line: str) -> bool:
    """A mail address or a phone number, as a signature holds."""
    return any(
        found.startswith("+") or _DOMAIN_END_RE.search(found.rstrip(".-"))
        for found in (m.group() for m in _CONTACT_CARD.finditer(line))
    )


_RELATED = re.compile(
    r"^(?:related(?: posts?| articles?| reading| topics)?|suggested topics|"
    r"more from (?:the|our) blog|"
    r"you (?:might|may) also like|read next|further reading|more posts)\s*:?$"
    # dev.to's list of the author's other posts (no colon: "More from Kelsey:" leads notes)
    r"|^more from (?-i:[A-Z][\w'-]+(?: [A-Z][\w'-]+){0,3})$",
    re.IGNORECASE,
)
_BYLINE = re.compile(
    r"^(?:(?:posted|written|published|authored)\s+(?:up\s+)?(?:by|on)\b|by\s+\w+|.*\b\d+\s*"
    r"min(?:ute)?s?\s+read\b|.*\blast (?:updated|edited|modified)\b|page owner\b|_?updated:|"
    r"owned by\s+[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+){0,2}$)",
    re.IGNORECASE,
)
_TWEET_CREDIT = re.compile("^[\u2014\u2013-]\\s*.{1,60}\\(@\\w{1,30}\\)")
_COPYRIGHT = re.compile(r"^(?:©|\(c\)\s|copyright\b)", re.IGNORECASE)
_CONTACT = re.compile(
    r"^(?:.{0,80}\b(?:views|opinions) (?:are )?(?:my|our) own\b|"
    r"questions\b|any questions|questions or (?:additions|comments)|comments welcome|"
    r"feedback\b|get in touch|reach out|ping us|thanks for reading|found a mistake)",
    re.IGNORECASE,
)
_BIO = re.compile(
    r"^[A-Z][\w'\u2019-]+(?:\s+[A-Z][\w'\u2019.-]+){0,3}\s+(?:is|was|works|leads|runs)\s"
    r".{0,100}\b(?:engineer|developer|SRE|architect|manager|lead|maintainer|advocate|"
    r"consultant|founder|CTO|head of|team)\b",
)
_COMMENTS_START = re.compile(
    r"^(?:\d+\s+)?(?:comments?|responses?|replies)(?:\s*\(\d+\))?$|^leave a (?:comment|reply)"
    # "37 comments · 12 reposts" over a social post's thread; its sort order; a forum's
    # "12 comments share save hide report" and "all 12 comments"
    r"|^\d[\d,.k]*\s+comments?\s*[·|•]|^most relevant\b"
    r"|^(?:top|newest|all) comments(?:\s*\(\d+\))?$"
    r"|^\d[\d,.k]*\s+comments?(?:\s+(?:share|save|hide|report|give gold|reply|permalink))+$"
    r"|^all \d[\d,.k]*\s+comments?$"
    # in Korean, Japanese and Chinese blogs: "댓글 4", "コメント (2)"
    r"|^(?:댓글|コメント|评论|評論)(?:\s*\(?\d+\)?)?$"
    # WordPress: "2 thoughts on “Six things we brought home”", "One response to ..."
    r"|^(?:\d+|one|two|three|four|five)\s+(?:thoughts?|responses?|replies|comments?)\s+(?:on|to)\s+[\u201c\u2018\"']"
    # "Discussion about this post" (Substack), "Comments (3)", "Join the discussion"
    r"|^discussion(?: about this post)?$|^join the (?:discussion|conversation)\b",
    re.IGNORECASE,
)
# Trip chat: the words of travel, food and the venue. Strong ones say "trip" alone (two
# points); weak ones only together. A paragraph naming a term of the field, or written
# like code (CamelCase, k8s), is never chat.
_CHAT_STRONG = re.compile(
    # ("plane", but not the control plane or the data plane)
    # ("flight", but not what is still "in flight")
    # ("train", but not to train a model, nor a release train)
    r"\b(?:(?<!to )(?<!release )trains?"
    r"(?!\s+(?:the|a|an|our|your|their|its|on|models?|it|them|with)\b)|"
    r"(?<!in )(?<!in-)flights?|flew|"
    r"(?<!control )(?<!data )(?<!management )plane|airport|hotel|hostel|airbnb|taxi|uber|"
    r"metro|subway|"
    r"u-bahn|tram|jet ?lag|jetlagged|dinner|lunch|breakfast|paella|churros|pretzels?|beers?|"
    r"wine|restaurant|tapas|sunscreen|sightseeing|old town|museum|beach|swag|t-shirts?|"
    r"stickers|socks|booth crawl|travel(?:led|ed|ling)|drinks|ramen|pizza|sushi|burgers?|"
    r"night bus|shuttle bus|airport bus|sunset|brisket|barbecue|"
    r"tacos|boat|canal|bikes?|rain gear|powerbank|power (?:outlets|sockets)|"
    # getting around a city ("the DLR was packed", "BART from SFO")
    r"ferry|eurostar|shinkansen|s-bahn|bart|dlr|tube station|sunburn|"
    # food and evenings ("dim sum at 7am", "an after-party")
    r"croissants?|dim sum|burritos?|horchata|waffles?|stroopwafels?|brownies?|bagels?|pho|"
    r"focaccia|quiche|samosas?|cr[eê]pes?|cr[eê]perie|currywurst|bbq|noodles|dumplings|"
    r"pints?|brewery|after-?party|aperitivo|ap[eé]ro|karaoke|raffle|souvenirs?|"
    # the body after a long day ("hungover", "drink more water")
    r"hungover|hangover|overslept|(?:drink|bring) (?:more |some )?water|"
    # the room's crowd ("people sat on the floor", "standing at the back")
    r"(?:sat|sitting|stood|standing) (?:on the floor|at the back|in the aisles?|on the stairs)|"
    r"\d{1,3}(?:[,.]\d{3}|k) steps|\d{4,} steps|"
    # watching from home
    r"school pickup)\b"
    # a temperature: "31 °C"
    r"|\b\d{1,2} ?(?:°C|°F)",
    re.IGNORECASE,
)
# Words that say trip chat only beside another one: each is also a word of the trade
# now and then ("the scheduler slept", "freezing the versions", "fog computing", "a pub
# topic", "apps for kids", "the layover between two jobs", "90 degrees").
_CHAT_WEAK = re.compile(
    r"\b(?:food|coffee|snacks?|party|weather|rain(?:ed|y)?|sunny|queue|crowded|"
    r"walk(?:ed|ing)?|the venue|convention cent(?:er|re)|hallways?|wifi|wi-fi|trip|"
    r"raining|wind|river|reception|social event|tired|packed|headaches?|"
    r"keynote hall|main hall|evening|windy|light|sitting on the floor|standing room|"
    r"most crowded|packed room|room was (?:full|packed)|time ?zones?|badges?|badge pickup|"
    r"registration|lanyards?|escalators?|oat milk|the line for|travel|"
    r"layover|tsa|security line|rer|snow(?:ing|y)?|fog(?:gy)?|humid(?:ity)?|freezing|"
    r"jacket|hoodies?|umbrella(?! charts?)|altitude|sandwich(?:es)?|steak|cocktails?|"
    r"pub(?!\s?[/-]\s?sub)|happy hour|quiz|skyline|tourists?|slept|overflow room|kids|"
    r"couch|\d{1,2} degrees)\b",
    re.IGNORECASE,
)
# Words of the trade: a sentence with a few of them is about systems, whatever else it
# says ("the replication stream travels over two connections").
_TECH_WORDS = re.compile(
    r"\b(?:replicas?|replication|primary|snapshots?|cluster|nodes?|pods?|latency|memory|"
    r"cpu|database|queries|query|connections?|buffers?|kernel|containers?|deploy(?:s|ment)?|"
    r"api|config(?:uration)?|requests?|throughput|storage|disk|network|traffic|metrics?|"
    r"logs?|traces?|alerts?|schema|index|cache|shards?|build|image|registry|server|"
    r"service|endpoint|protocol|version|release|upgrade|rollout)\b",
    re.IGNORECASE,
)
TECH_WORDS_FOR_TECHNICAL = 3
# camelCase, PascalCase, a word with a digit, then a lowercase letter, then a digit
# ("v1beta1", "ec2"), or code quotes. The digit-letter-digit branch starts only at a word's
# start and each step stops where the next can begin, so a long run of digits is read
# once (written as "\w*\d\w*[a-z]\w*\d", 5,000 digits took minutes).
_CODE_LIKE = re.compile(
    r"\b[a-z]+[A-Z]\w*|\b[A-Z][a-z]+[A-Z]\w*|(?<!\w)[^\W\d]*+\d[^\Wa-z]*+[a-z][^\W\d]*+\d|`"
)


def _flat(text: str) -> str:
    return " ".join(text.split())


# A line of hashtags alone, under a social post: the post's labels, never a note
# (LinkedIn's copy says "hashtag#KCDFrance": read as "#KCDFrance" first, so that a tag is
# split one way only).
_HASHTAGS_ONLY = re.compile(r"(?:#[\w-]+[\s,]*)+")
_LINKEDIN_HASHTAG_RE = re.compile(r"hashtag(?=#)", re.IGNORECASE)


def plain_hashtags(text: str) -> str:
    """The text with LinkedIn's "hashtag#KCDFrance" written "#KCDFrance"."""
    return _LINKEDIN_HASHTAG_RE.sub("", text)


# A LinkedIn page copied whole: its menu, the post's header (the degree of connection,
# "3d • Edited •", who may see it), its pictures' buttons, reactions and footer.
_SOCIAL_POST = re.compile(
    r"my network|for business|feed post(?: number \d+)?|"
    r"\W{0,3}(?:you|1st|2nd|3rd\+?)|"
    r"\d{1,2}(?:m|h|d|w|mo|y)(?: ?\W ?(?:edited)?){0,3}|"
    r"visible to (?:anyone on or off linkedin|connections only|members only)|"
    r"activate to view larger image,?|no alternative text description for this image|"
    r"open emoji keyboard|add a comment\W{0,3}|add to your feed|"
    r"help cent(?:er|re)|ad choices|business services|"
    r"get the linkedin app|linkedin corporation © \d{4}|"
    # who reacted: "Nadia Ferrand and 186 others"
    rf"{_PERSON} and [\d,.]+k? others",
    re.IGNORECASE,
)
SOCIAL_POST_MAX_CHARS = 100
# Words a site's menu or a post's buttons show alone on a line ("Jobs", "Learning",
# "Activity", "Public"): chrome only among other chrome (see plaintext), since a list item
# or a heading may be just that word.
_LONE_CHROME = frozenset(
    {"linkedin", "jobs", "learning", "me", "messaging", "celebrate", "insightful", "curious",
     "promoted", "accessibility", "advertising", "public", "private", "copy", "activity"}
)  # fmt: skip
# A vendor page's calls to action: "Download the checklist", "Book a 30-minute review".
_CALL_TO_ACTION = re.compile(
    r"(?:^|[?!.:]\s+)(?:download (?:the|our|a|your)(?:\s+[\w-]+){0,3}\s+"
    r"(?:guide|checklist|e-?book|whitepaper|report|playbook|template)|"
    r"book (?:a|your)(?:\s+[\w-]+){0,3}\s+"
    r"(?:demo|call|review|session|meeting|consultation)|request a demo|"
    r"start (?:a|your) free trial|try \w+ (?:for )?free|sign up (?:for free|now|today))\b"
    r"|\blog in or sign up\b"
    # DZone's "Join the DZone community and get the full member experience."
    r"|^join the [\w.]+ community and get the full member experience\b",
    re.IGNORECASE,
)
# A blog's widgets, whatever their length: "Click to share on LinkedIn (Opens in new
# window)", "Get new posts by email. One mail per post, nothing else."
_WIDGET = re.compile(
    r"^click to (?:share|email|print)\b|\(opens in (?:a )?new (?:window|tab)\)$|"
    r"^join [\d,.]+k? other (?:subscribers|followers)$|^type your e-?mail\W*$|"
    r"^view all posts by\b|^your email address will not be published\b|"
    r"^did you find this (?:article|post) (?:valuable|useful|helpful)\??$|"
    r"^support .{1,40} by becoming a sponsor\b|^discover more\b|\(alt \+ \w\)$|"
    r"[·|]\s*suggest changes$|^use the following search parameters\b|"
    r"^find submissions in\b|^advanced search:|^related subreddits:|"
    # Hacker News: the story's line, a chat app's export header
    r"^\d{1,6} points? by \S{1,40} .{0,40}\bago\b|^=*\s*webex chat saved\b|"
    r"^\[line\] chat history in\b|^saved on: \d|"
    # Confluence's likes under a page: "Mikkel Dahl, Anders Brink and 4 others like this"
    r"\band \d{1,5} others? likes? this$|"
    # a Discourse forum's topic list and footer
    r"^topic list, column headers\b|^want to read more\? browse other topics\b|"
    r"^powered by discourse\b|"
    # a newsletter: its sponsor block, its table of contents, its own chrome
    r"^(?:in this issue|in today's issue)\b|^view (?:this|it) in your browser\b|"
    r"^forwarded this (?:e-?mail|issue)\b|^unsubscribe\b|^update your preferences\b|"
    # Blogger's share row and its download links
    r"^email thisblogthis\b|^download (?:the )?(?:slides|deck|pdf|recording|video)\b|"
    r"^get new posts by e-?mail\b|^save my name, email,? and website\b|"
    # a Google Groups mail's footer and page
    r"^you received this message because you are subscribed to the google groups\b|"
    r"^to unsubscribe from this group and stop receiving e-?mails from it\b|"
    r"^to view this discussion (?:on the web )?visit\b|^search conversations within\b|"
    # a newsletter's poll (beehiiv) and a company's hiring plug under a post
    r"^what did you think of this (?:issue|edition|post|newsletter)\?|"
    r"\blogin or subscribe to participate in polls\b|"
    r"\b(?:is|are|we're|we are) hiring\b.{0,160}\b(?:careers|jobs) page\b",
    re.IGNORECASE,
)
# A newsletter's sponsor block: "This issue is brought to you by Quillfeather. ..."
_SPONSOR = re.compile(
    r"^(?:this (?:issue|edition|newsletter|week's issue|post) is (?:brought to you|sponsored|"
    r"supported) by|sponsored by|today's sponsor|a word from our sponsor)\b",
    re.IGNORECASE,
)
# A page printed from the browser repeats its header and footer on every page: "11/4/24,
# 9:14 AM What we brought home ... | Larchmont Labs" and "https://... 2/5"; a dev.to
# series box: "SRE Conference Notes (2 Part Series)".
_PRINTED = re.compile(
    r"^\d{1,2}/\d{1,2}/\d{2,4},?\s+\d{1,2}:\d{2}(?:\s?[AaPp][Mm])?\s+\S.{0,150}$"
    r"|^https?://\S+\s+\d{1,3}\s*/\s*\d{1,3}$|\(\d+ part series\)$",
    re.IGNORECASE,
)
# A copied mail's quoted header, a page's own record of itself (Notion's "Created by:").
# A quoted mail's attribution: "On Tue, Nov 07, 2023 at 10:02PM, Dmitri wrote:".
_MAIL_ATTRIBUTION_PATTERN = (
    r"^(?:on\s.{6,140}\swrote|am\s.{6,140}\sschrieb|le\s.{6,140}\sa écrit)\s?:?$"
)
_MAIL_ATTRIBUTION = re.compile(_MAIL_ATTRIBUTION_PATTERN, re.IGNORECASE)
_RECORD_LINE = re.compile(
    _MAIL_ATTRIBUTION_PATTERN + "|"
    r"^begin forwarded message:?$|"
    r"^(?:-{3,}\s*(?:original message|forwarded message)\s*-{3,}|created(?: by)?:|"
    r"last edited(?: time| by)?:)",
    re.IGNORECASE,
)


# A mail client's signature line, with the writer's excuse: "Sent from my laptop on a
# train, excuse brevity".
_SENT_FROM = re.compile(
    r"^sent from my \w+(?: \w+){0,4}(?:[,;(\u2014-] ?[^,;(.!?]{0,40})?[.!)]?$", re.I
)
# A mail client's notes on the message itself: Outlook's "You forwarded this message on
# 16/06/2025 09:05.", "This message was sent with High importance."; a Zulip digest's "Here
# are some conversations you missed ...", "+ 11 more messages by ...", "New channels: ...".
_MAIL_INFO = re.compile(
    r"^(?:you (?:forwarded|replied to) this message on\b.{0,40}"
    r"|this message was sent with (?:high|low) importance\.?"
    r"|here are some conversations you missed\b.{0,120}"
    r"|\+?\s*\d{1,4} more messages? by (?-i:[A-Z]).{0,200}"
    r"|new (?:channels|streams): #.{0,200}"
    r"|click here to log in to \w+\b.{0,120})$",
    re.IGNORECASE,
)
# Gmail's attachment strip: "One attachment • Scanned by Gmail", "3 attachments".
_ATTACHMENTS = re.compile(r"^(?:one|\d{1,3}) attachments?(?:\s*\W\s*scanned by gmail)?$", re.I)


def is_lone_chrome(text: str) -> bool:
    """A word a menu or a post's buttons show alone ("Jobs", "Activity"): chrome when
    the lines around it are (the caller knows them)."""
    return _flat(text).lower() in _LONE_CHROME


def is_attachment_strip(text: str) -> bool:
    return bool(_ATTACHMENTS.match(_flat(text)))


def is_mail_attribution(text: str) -> bool:
    """A quoted mail's attribution: "On Mon, Mar 18, 2024 at 9:03 AM Priya <p@x> wrote:"
    (with a date, a time or an address in it: "On the last slide, the speaker wrote:" is
    a note's lead-in)."""
    line = _flat(text)
    return bool(_MAIL_ATTRIBUTION.match(line)) and bool(re.search(r"\d|@|<", line))


def is_debris(text: str) -> bool:
    """Page chrome, a byline, a share line, a counter, a tweet credit, a bio, a contact line."""
    line = _flat(text)
    words = line.split()
    if not words:
        return False
    if (
        _HASHTAGS_ONLY.fullmatch(plain_hashtags(line))
        or _RECORD_LINE.match(line)
        or _PRINTED.search(line)
    ):
        return True
    if len(line) <= SOCIAL_POST_MAX_CHARS and _SOCIAL_POST.fullmatch(line):
        return True
    if is_dot_leader(line):
        return True
    if _WIDGET.search(line) and len(words) <= 20:
        return True
    if _SPONSOR.match(line) and len(words) <= 80:
        return True
    if _CALL_TO_ACTION.search(line) and len(words) <= 40:
        return True
    if "\n" in text.strip() and _notes_header_table(text.strip().split("\n")):
        return True
    if "\n" in text.strip() and all(is_debris(part) for part in text.strip().split("\n")):
        return True  # a block made of debris lines only (a quoted mail header)
    if not re.search(r"\w", line) and len(words) <= 4:
        return True  # a reaction without a count: "👍"
    if (_SHORT_CHROME.search(line) or _HEADLINE.match(line)) and len(words) <= 30:
        return True
    if _is_slash_trail(line):
        return True
    if _WIKI_PARENT.match(line):
        return True
    if len(words) <= 6 and _CHROME.fullmatch(re.sub(r"^[^\w+]+|(?<![^\w?])[^\w?]+$", "", line)):
        return True
    if len(words) <= 8 and len(line) <= COUNTER_MAX_CHARS and _COUNTER.fullmatch(line):
        return True
    if _is_menu(words) or _SHARE_ITEMS.fullmatch(line):
        return True
    if _ATTRIBUTION.match(line) and len(words) <= 10:
        return True
    if _SENT_FROM.match(line) or _ATTACHMENTS.match(line) or _MAIL_INFO.match(line):
        return True
    if _CAPTION.search(line) and len(words) <= CAPTION_MAX_WORDS:
        return True
    if _MESSAGE_HEADER.match(line) or _REACTIONS.match(line) or _DAY_DIVIDER.match(line):
        return True
    if is_date_only(line) or is_handle(line):
        return True
    if _IRC_SYSTEM.match(line):
        return True
    if _POST_LIST_ENTRY.match(line):
        return True
    if _CHAT_SYSTEM.match(line) and len(words) <= 40:
        return True
    if _TRACKER_ACTIVITY.match(line) and len(words) <= TRACKER_ACTIVITY_MAX_WORDS:
        return True
    if _DATED_ACTIVITY.match(line) and len(words) <= 2 * TRACKER_ACTIVITY_MAX_WORDS:
        return True
    if _EMAIL_HEADER.match(line) and len(words) <= 60:
        return True
    if _NOTES_MAIL.match(line):
        return True
    if _GREETING.match(line) or _SIGN_OFF.match(line) or _THANKS_ALL.match(line):
        return True
    if _LEGAL.search(line) and len(words) <= 60:
        return True
    if len(words) <= 25 and _has_contact(line) and not re.search(r"[.!?]$", line):
        return True  # a signature: name, role, phone, address
    if (
        (_LABELLED.match(line) and len(words) <= LABELLED_MAX_WORDS)
        or _ARROW.search(line)
        or _TWEET_CREDIT.match(line)
        or _COPYRIGHT.match(line)
        or _CONTACT.match(line)
    ):
        return True
    if is_byline(line):
        return True
    return bool(_BIO.match(line)) and len(words) <= 60


def _is_slash_trail(line: str) -> bool:
    """A wiki's breadcrumb: "Observability Guild / Conferences / 2022" (three or more
    short parts, each capitalised or a year; never "pods / nodes / clusters")."""
    parts = [p.strip() for p in line.split(" / ")]
    return (
        len(parts) >= 3
        and all(
            p and len(p.split()) <= 4 and (p[0].isupper() or p.isdigit() or _ISSUE_RE.fullmatch(p))
            for p in parts
        )
        # a trail ends in a year or passes a section of the site; "Prometheus / Thanos /
        # Mimir" is a list of projects
        and any(p.isdigit() or p.lower() in _TRAIL_WORDS for p in parts)
    )


_TRAIL_WORDS = frozenset(
    {"home", "spaces", "pages", "wiki", "blog", "conferences", "events", "docs", "notes",
     "issues", "merge requests", "pull requests", "discussions"}
)  # fmt: skip
_ISSUE_RE = re.compile(r"[#!]\d{1,7}")  # an issue's or a merge request's number


def _is_menu(words: list[str]) -> bool:
    capitalised = [w for w in words if w[:1].isupper() or w == "&"]
    navigation = sum(1 for w in words if w.lower() in _NAV_WORDS)
    if len(capitalised) == len(words) and navigation >= 3 and 2 * navigation >= len(words):
        return True
    # Links in a row between bars: "new | past | comments | ask | show | jobs | submit",
    # "Guidelines | FAQ | Lists | API | Security | Legal | Contact".
    line = " ".join(words)
    parts = [p.strip() for p in line.split("|")]
    return (
        ":" not in line
        and len(parts) >= MENU_MIN_LINKS
        and all(
            0 < len(p.split()) <= MENU_LINK_MAX_WORDS and not p.endswith((".", "!", "?", ":"))
            for p in parts
        )
    )


MENU_MIN_LINKS = 5
MENU_LINK_MAX_WORDS = 4


# A day's heading: "Day 2", "Tuesday (talks)", "day one: keynotes".
_DAY_TITLE = re.compile(
    r"(?:day\s*(?:\d+|one|two|three|four|five)|monday|tuesday|wednesday|thursday|friday"
    r"|saturday|sunday)(?:\s*[(:,\-\u2013\u2014].*)?"
)
# A day's heading that says which day of the event it is after its date: "Thu 9 Aug -
# day 1", "Tuesday 12 Nov (day 2)".
# (a run of spaces is entered at its start only: a heading of 20,000 spaces took 4.5 s)
_DAY_AFTER_DATE = re.compile(
    r"(?<!\s)\s*+[(\-\u2013\u2014:,]\s*+day\s*+(?:\d+|one|two|three|four|five)\)?\s*+$",
    re.IGNORECASE,
)


def heading_key(title: str) -> str:
    """A heading or lead-in as compared with word lists: "2. Action items:" -> "action
    items"."""
    return re.sub(r"^[\W\d_]+|(?<![\W_])[\W_]+$", "", title.lower())


def is_day_title(title: str) -> bool:
    """A heading that names a day of the event, not a talk: "Day 2", "Tuesday, May 28,
    2024", "Thu 9 Aug - day 1"."""
    return (
        bool(_DAY_TITLE.fullmatch(heading_key(title)))
        or is_date_only(title)
        or is_date_only(_DAY_AFTER_DATE.sub("", title))
    )


def is_whose_notes(text: str) -> bool:
    """A line saying whose notes a section holds (see _ASIDE_LINE): page debris only right
    under the section's title ("(check with security first)" elsewhere is a note)."""
    line = _flat(text)
    return bool(
        (_ASIDE_LINE.match(line) and len(line.split()) <= ASIDE_MAX_WORDS)
        or _WHOSE_NOTES.match(line)
    )


def is_mail_header(text: str) -> bool:
    """A mail's header line: "From: ...", "Subject: ...", "Sent: ..."."""
    return bool(_EMAIL_HEADER.match(_flat(text)))


def is_reactions(text: str) -> bool:
    """A chat message's reaction counts (":eyes: 2", "Reactions: 🚀 3"): the message ends."""
    return bool(_REACTIONS.match(_flat(text)))


# An IRC action, as irssi logs it with two spaces: "10:58  * sanne found stroopwafels";
# "09:00 * Keynote" in notes is a talk.
_IRC_ACTION = re.compile(r"^\[?\d{1,2}:\d{2}(?::\d{2})?\]?[ \t]{2,}\*[ \t]\S")


def is_irc_action(line: str) -> bool:
    """An IRC log's action line, read before spaces are folded (see _IRC_ACTION)."""
    return bool(_IRC_ACTION.match(line))


def is_chat_system(text: str) -> bool:
    """What a chat app says about a message, not in it: a reply's pointer ("[In reply to
    Ana]", "replied to a thread: ..."), an attachment, a join (see _CHAT_SYSTEM)."""
    line = _flat(text)
    return bool(_CHAT_SYSTEM.match(line)) and len(line.split()) <= 40


def is_handle(text: str) -> bool:
    """A social handle alone: "@marenholt_ops" (see _HANDLE_ONLY)."""
    return bool(_HANDLE_ONLY.match(_flat(text)))


# A contents entry with its dot leader and page: "3 Neutron: from OVS to OVN ........ 2".
_DOT_LEADER = re.compile(r"(?<![.\u2026])[.\u2026]{4,}\s{0,3}\d{1,4}$")


def is_dot_leader(text: str) -> bool:
    """An entry of a table of contents as a PDF or a printed page sets it."""
    return bool(_DOT_LEADER.search(text.rstrip()))


def is_date_only(text: str) -> bool:
    """A date alone: a timestamp or a day's divider (see _DATE_ONLY)."""
    return bool(_DATE_ONLY.match(_flat(text).strip(" .:·-")))


def is_byline(text: str) -> bool:
    """The line under a post's title: who wrote it, when ("Written by Henrik Aalto on May
    29, 2019", "By Tobias Mora · Platform Engineering · June 24, 2024")."""
    line = _flat(text)
    words = line.split()
    if _BYLINE.match(line) and len(words) <= 20:
        return True
    # A short line that is mostly a date: "May 24, 2022 · kubernetes", "mkrause July 21,
    # 2023 [cloud-native] #kubernetes" (a byline with its tags: never the note's tags).
    return (
        len(words) <= 12
        and bool(DATE_RE.search(line))
        and not re.search(r"[.!?]$", line)
        and not _JOURNAL_ENTRY.match(line)
    )


# A journal's entry, dated in front of its title: "[2023-10-18 08:41:03 AM] load testing +
# coordinated omission" (jrnl) is no byline.
_JOURNAL_ENTRY = re.compile(
    r"^\[(?:19|20)\d{2}-\d{2}-\d{2}[ T]\d{1,2}:\d{2}(?::\d{2})?(?:\s?[AaPp][Mm])?\]\s+\S"
)


_NAME = r"[A-Z][\w'\u2019.-]+(?:\s+(?:[A-Z][\w'\u2019.-]+|van|von|de|der|da))" + "{0,3}"
_BYLINE_AUTHOR = re.compile(
    rf"^(?:(?:written|posted|published|authored)\s+by|by|from:)\s+(?P<name>{_NAME})"
    r"(?=\s*(?:$|[|·•,<\u2014\u2013-]|\son\b|\sin\b))"
    # a wiki page's (Confluence's): "Created by Femke de Vries, last modified on Mar 28"
    rf"|^created\s+by\s+(?P<creator>{_NAME}),?\s+last\s+(?:modified|updated|edited)\b",
    re.IGNORECASE,
)


NAME_LINE = re.compile(rf"{_NAME}")


def byline_author(lines: list[str]) -> str | None:
    """Who wrote a post, from its byline near the top ("Written by Henrik Aalto on May
    29, 2019", "By Tobias Mora · Platform Engineering · June 24, 2024"), or the name on
    its own line just over a byline (a LinkedIn article: "Kenji Watanabe", the headline,
    "Published Jun 20, 2025"; a Medium post: "Priya Raman", "Follow", "6 min read")."""
    flat = [_flat(line) for line in lines]
    for line in flat:
        match = _BYLINE_AUTHOR.match(line)
        name = (match.group("name") or match.group("creator")) if match else None
        if name and name[:1].isupper():
            return str(name)
    for n, line in enumerate(flat):
        if is_person_name(line) and any(is_byline(later) for later in flat[n + 1 : n + 5]):
            return line
    # A LinkedIn post prints its author's name twice, one line after the other.
    return next((a for a, b in pairwise(flat) if a == b and is_person_name(a)), None)


def is_person_name(line: str) -> bool:
    """A line that is a person's name (two to four words)."""
    return bool(NAME_LINE.fullmatch(line)) and 2 <= len(line.split()) <= 4


def is_message_header(text: str) -> bool:
    """The "Dana Whitfield  9:40 AM" line over each message of a copied chat thread."""
    return bool(_MESSAGE_HEADER.match(_flat(text)))


def starts_related(text: str) -> bool:
    """The heading of a page's list of other posts: the short lines under it are titles
    of other pages, not this one's sections."""
    return bool(_RELATED.match(_flat(text)))


_AUTHOR_BOX = re.compile(
    rf"^(?:written by\s+{_NAME}|about the author"
    # a podcast page's cards of its hosts and guests (Transistor's "Creators and Guests")
    r"|creators and guests|(?:about|meet) the hosts|hosts and guests)$",
    re.IGNORECASE,
)


def starts_author_box(text: str) -> bool:
    """A page's author box under the post ("Written by Noor Haddad", "About the author",
    a podcast's "Creators and Guests"): followers, bio and the author's other posts
    follow, not more of the post."""
    return bool(_AUTHOR_BOX.match(_flat(text).strip(" :")))


def starts_comments(text: str) -> bool:
    """The heading of a page's comment thread: what follows is not the post."""
    return bool(_COMMENTS_START.match(_flat(text).strip(" :")))


# A remark that opens on the trip ("Lunch on day two was ...", "stickers: got ..."):
# chat even when it names a project in passing.
_CHAT_OPENING = re.compile(
    r"^(?:lunch|dinner|breakfast|coffee|food|hotel|stickers|swag|getting there)\b"
    # a labelled aside: "evening: pub round the corner", "day 2 evening: harbour walk",
    # "non-tech: bring an umbrella", "food + travel: ..."
    r"|^(?:day \d+ )?(?:evening|night|party|social|travel|venue|weather|logistics|"
    r"non-?tech(?:nical)?(?: notes)?|off[- ]topic|food \+ travel)\s*:",
    re.IGNORECASE,
)


# A section about the trip, not a talk: "lunch", "food + travel", "Day 2 evening".
_CHAT_HEADING = re.compile(
    r"(?:day \d+ )?(?:lunch|dinner|breakfast|coffee(?: break)?|food|travel|hotel|logistics|"
    r"social|party|evening|venue|weather|swag|stickers|getting there|off[- ]topic|"
    r"non-?tech(?:nical)?(?: notes)?|trip)"
    r"(?:\s*(?:[+&/,]|and)\s*(?:lunch|dinner|food|travel|hotel|venue|logistics|social|drinks))*",
    re.IGNORECASE,
)


def is_chat_heading(title: str) -> bool:
    """A heading over trip chat only (see _CHAT_HEADING), emoji and marks aside."""
    return bool(_CHAT_HEADING.fullmatch(re.sub(r"^[\W_]+|(?<![\W_])[\W_]+$", "", _flat(title))))


def looks_like_code(text: str) -> bool:
    return bool(_CODE_LIKE.search(text))


def is_chat(text: str, *, technical: bool) -> bool:
    """Trip chat: travel, food, the venue; `technical`: it names a term of the field."""
    if _CHAT_OPENING.match(text.strip()) and len(text.split()) <= 40:
        return True
    if technical or _CODE_LIKE.search(text):
        return False
    if len(_TECH_WORDS.findall(text)) >= TECH_WORDS_FOR_TECHNICAL:
        return False
    # Each word once: "the sending queue ... whatever was queued" is one queue.
    strong = {w.lower() for w in _CHAT_STRONG.findall(text)}
    weak = {w.lower() for w in _CHAT_WEAK.findall(text)}
    score = 2 * len(strong) + len(weak)
    return score >= 2


def _dates(text: str) -> Iterator[date]:
    """Every calendar date written in the text, in order."""
    for match in DATE_RE.finditer(text):
        try:
            if match.group("iso"):
                yield date.fromisoformat(match.group("iso"))
                continue
            if match.group("y5"):
                yield date(int(match["y5"]), int(match["n5"]), int(match["d5"]))
                continue
            month = (match["m1"] or match["m2"] or match["m3"] or match["m4"])[:3].lower()
            day = int(match["d1"] or match["d2"] or match["d3"] or match["d4"])
            year = int(match["y1"] or match["y2"] or f"20{match['y3'] or match['y4']}")
            yield date(year, _MONTHS.index(month) + 1, day)
        except ValueError:
            continue


def first_date(text: str) -> date | None:
    """The first calendar date written in the text (a post's date, in its byline)."""
    return next(_dates(text), None) or _numeric_date(text)


# A file whose dates all say one year, this many of them at least ("Created: 27/Mar/25",
# "Updated: 02/Apr/25" on an issue page), is of that year.
AGREED_DATES = 3


def agreed_year(text: str) -> int | None:
    """The year every date in the text says, when it says a few (an issue tracker's
    activity log dates the notes it holds); None when they disagree."""
    year, count = None, 0
    for day in _dates(text):
        if year is not None and day.year != year:
            return None  # they disagree: no need to read on
        year, count = day.year, count + 1
    return year if count >= AGREED_DATES else None


# "19/03/2024", "19.03.2024", "03/19/2024": read only when the day is unambiguous (over
# 12), so a European and an American date are never taken for each other.
_NUMERIC_DATE_RE = re.compile(
    r"(?<![\d/.-])(\d{1,2})[/.-](\d{1,2})[/.-]((?:19|20)\d{2})(?![\d/.-])"
)


# A date alone with a two-digit year: "10/29/24" (read as the others: its day over 12).
SHORT_YEAR_PIVOT = 70
_SHORT_YEAR_DATE_RE = re.compile(r"^[ \t]*(\d{1,2})/(\d{1,2})/(\d{2})[ \t]*$", re.MULTILINE)


_MONTH_YEAR_RE = re.compile(rf"\b{_MONTH}\s*'(\d{{2}})(?![\w'])", re.IGNORECASE)
# A day said without its year: "Apr 29", "Tuesday, April 30", "tue 12 nov", "1-2 june".
# "May" only capitalised: "we may 2x the pool" is no date.
_MONTH_DAY_RE = re.compile(
    rf"(?<![\w/.-])(?:(?P<m1>(?-i:May)|(?!may){_MONTH_NAME})\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?"
    r"(?:\s*[-\u2013]\s*\d{1,2}(?:st|nd|rd|th)?)?"
    rf"|(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?(?:\s*[-\u2013]\s*\d{{1,2}})?\s+"
    rf"(?P<m2>(?-i:May)|(?!may){_MONTH_NAME}))"
    # (spaces before a year read once: "nov 1" and 20,000 spaces took 4.7 s)
    r"(?![\w/:-]|\.\d|\s*+,?\s*+(?:19|20)\d{2}|\s++'\d{2})",
    re.IGNORECASE,
)
# Days a month can have (February's 29 in any year: the year is not known yet).
_MONTH_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def month_day(text: str) -> tuple[int, int] | None:
    """The first day written without its year ("Apr 29", "12 nov"; by its number after
    its weekday, "wed 16.11"): (month, day)."""
    for match in _MONTH_DAY_RE.finditer(text):
        month = _MONTHS.index((match["m1"] or match["m2"])[:3].lower()) + 1
        day = int(match["d1"] or match["d2"])
        if 1 <= day <= _MONTH_DAYS[month - 1]:
            return month, day
    return next(((month, day) for _, month, day in _weekday_days(text)), None)


def month_year(text: str) -> int | None:
    """The year of a month said with its year short: "vegas apr '24" (2024)."""
    match = _MONTH_YEAR_RE.search(text)
    return 2000 + int(match.group(1)) if match else None


# A day said with its weekday and without its year: "wed 16.11", "tue 12 nov", "Mon, Mar
# 25, 10:14 AM" (a mail client's date for this year's mail).
_MONTH_NOT_MAY = rf"(?-i:May)|(?!may){_MONTH_NAME}"  # "we may 2x the pool": no month
_WEEKDAY_DATE_RE = re.compile(
    r"(?<![\w/.-])(?P<weekday>mon|tue|wed|thu|fri|sat|sun)(?:day|s|sday|nesday|r|rs|rsday"
    r"|urday)?\.?,?[ \t]+"
    rf"(?:(?P<m1>{_MONTH_NOT_MAY})[ \t]+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?"
    rf"|(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\.?[ \t]+(?:of[ \t]+)?(?P<m2>{_MONTH_NOT_MAY})"
    r"|(?P<d3>\d{1,2})\.(?P<n3>\d{1,2})\.?)"
    # (with its year it is dated already: "Wed 16.11.2022", "Mon, Mar 25, 2024")
    r"(?![\w.]|,?[ \t]*'?(?:19|20)?\d{2}(?![\w:]))",
    re.IGNORECASE,
)
_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
# The first year an event in these notes could be of (the importer's oldest conference
# editions): a weekday is not matched further back than this.
FIRST_EVENT_YEAR = 2014


def _weekday_days(text: str) -> Iterator[tuple[int, int, int]]:
    """Each day said with its weekday and without its year: (weekday, month, day)."""
    for match in _WEEKDAY_DATE_RE.finditer(text):
        month_name = match["m1"] or match["m2"]
        month = _MONTHS.index(month_name[:3].lower()) + 1 if month_name else int(match["n3"])
        day = int(match["d1"] or match["d2"] or match["d3"])
        if 1 <= month <= 12 and 1 <= day <= _MONTH_DAYS[month - 1]:  # not "sat 31.04"
            yield _WEEKDAYS.index(match["weekday"].lower()), month, day


def weekday_year(text: str, today: date) -> int | None:
    """The year a day said with its weekday and no year falls on that weekday, the latest
    up to today ("wed 16.11" written in 2026: 2022, when the 16th of November was a
    Wednesday); None when no such day is written or none of those years fits."""
    for weekday, month, day in _weekday_days(text):
        for year in range(today.year, FIRST_EVENT_YEAR - 1, -1):
            with suppress(ValueError):  # the 29th of February, in a year with none
                said = date(year, month, day)
                if said <= today and said.weekday() == weekday:
                    return year
    return None


# "© 2023", "Copyright 2019-2024 Larchmont Labs", "LinkedIn Corporation © 2023".
_COPYRIGHT_YEAR_RE = re.compile(
    # ("(c) 2019 baseline" may be a list's third item: only © and the word)
    r"(?:©|\bcopyright\b)\s*(?:20\d{2}\s*[-\u2013]\s*)?(20\d{2})\b",
    re.IGNORECASE,
)
COPYRIGHT_LINE_MAX_CHARS = 120


def copyright_year(lines: list[str]) -> int | None:
    """The year of a page's copyright line (the last year of a range), if it has one."""
    for line in reversed(lines):
        if len(line) <= COPYRIGHT_LINE_MAX_CHARS and (found := _COPYRIGHT_YEAR_RE.search(line)):
            return int(found.group(1))
    return None


def numeric_date_year(text: str) -> int | None:
    """The year of the first line that is a numeric date (and maybe a time) and nothing
    else, even one whose day and month could be either way round ("06/09/2023 08:41"
    over a chat message is of 2023 either way); a date inside a sentence ("our
    postmortem from 12/05/2019") says nothing of when the notes were written."""
    for line in text.splitlines():
        if match := _DATE_LINE_RE.fullmatch(line.strip()):
            return int(match.group(1))
    return None


_DATE_LINE_RE = re.compile(
    r"\W*\d{1,2}[/.-]\d{1,2}[/.-]((?:19|20)\d{2}),?(?:\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s?[AaPp][Mm])?)?\W*"
)


def _numeric_date(text: str) -> date | None:
    matches = list(_NUMERIC_DATE_RE.finditer(text))
    if not matches and (short := _SHORT_YEAR_DATE_RE.search(text)):
        matches = [short]  # "10/29/24" alone on its line, as Threads dates a post
    for match in matches:
        first, second, year = (int(g) for g in match.groups())
        if year < 100:  # "10/29/24"; "10/29/99" is of the last century
            year += 2000 if year < SHORT_YEAR_PIVOT else 1900
        if first > 12 >= second:
            day, month = first, second
        elif second > 12 >= first:
            day, month = second, first
        else:
            continue
        try:
            return date(year, month, day)
        except ValueError:
            continue
    return None


# A podcast's or a video's chapters: "(06:12) The Collector is the product", "1:02:15
# Q&A", a line each, their times running on. (One such line alone may be a talk's start
# in raw notes: "[14:05] Parca - profiling without frame pointers".)
_CHAPTER = re.compile(
    r"^(?P<open>[(\[])?(?P<time>(?:\d{1,2}:)?\d{1,2}:\d{2})[)\]]?\s+(?P<title>\S.{0,100})$"
)
# "Chapters", "Timestamps": the label over a list of them.
_CHAPTERS_LABEL = re.compile(r"^(?:episode )?(?:chapters|timestamps|in this episode)\s*:?$", re.I)
CHAPTER_MAX_WORDS = 10
CHAPTER_RUN = 4


def _seconds(clock: str) -> int:
    seconds = 0
    for part in clock.split(":"):
        seconds = seconds * 60 + int(part)
    return seconds


def _chapter(line: str) -> re.Match[str] | None:
    """A chapter's line: a time, then a title (short, no sentence)."""
    chapter = _CHAPTER.match(line.strip())
    if chapter is None or len(line.split()) > CHAPTER_MAX_WORDS:
        return None
    return None if re.search(r"[.!?;]$", chapter["title"]) else chapter


def chapter_lines(lines: list[str]) -> set[int]:
    """The lines of a chapter list: CHAPTER_RUN or more chapter titles one after the other
    whose times run on from 0:00 (a day's schedule starts at 9:00), in brackets or under
    a "Chapters" label (notes taken on a recording, "3:10 consolidation cut the bill by a
    third.", are sentences and no chapters), and that label."""
    found: set[int] = set()
    run: list[tuple[int, re.Match[str]]] = []
    for n, line in enumerate([*lines, ""]):
        chapter = _chapter(line)
        at = _seconds(chapter["time"]) if chapter else -1
        if chapter and (at > _seconds(run[-1][1]["time"]) if run else at < 60):
            run.append((n, chapter))
            continue
        if len(run) >= CHAPTER_RUN:
            first = run[0][0]
            label = first > 0 and bool(_CHAPTERS_LABEL.match(lines[first - 1].strip()))
            if label or all(match["open"] for _, match in run):
                found.update(n for n, _ in run)
                if label:
                    found.add(first - 1)
        run = [(n, chapter)] if chapter and at < 60 else []
    return found


# A page's label alone on its line, its values on the next: "Tags" over "Cilium, istio,
# karpenter", as a blog's footer shows them.
_LABEL_ALONE = re.compile(
    rf"^(?:tags?|tagged|categories|filed under|{_CJK_TAGS})[ \t]*:?$", re.IGNORECASE
)
_LABEL_VALUES = re.compile(r"^[^,.!?:;]{1,40}(?:,[^,.!?:;]{1,40}){0,15}$")


def labels_on_two_lines(lines: list[str]) -> set[int]:
    """The lines of a label alone and its values on the next ("Tags" over "Cilium, istio,
    karpenter"): page debris, whatever the values name."""
    found: set[int] = set()
    for n, line in enumerate(lines[:-1]):
        values = lines[n + 1].strip()
        short = all(len(v.split()) <= 3 for v in values.split(","))
        if _LABEL_ALONE.match(line.strip()) and values and _LABEL_VALUES.match(values) and short:
            found.update((n, n + 1))
    return found
