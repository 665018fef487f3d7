"""Markdown (and plain text) as blocks and clean inline text, for the notes splitter.

The block scanner reads headings (ATX and setext), paragraphs and lists (nested items
folded under their parent); fenced and indented code, tables and rules are skipped.
Inline clean-up keeps the words and the link targets and drops the markup. What a note
is, and where it ends, is bot.transfer.notes' business, not this module's.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from bot.grammar import TAG_LIMIT, TAG_PATTERN, normalize_tag

_VALID_TAG_RE = re.compile(TAG_PATTERN)
_HASHTAG_RE = re.compile(rf"(?<!\S)#({TAG_PATTERN})")
URL_RE = re.compile(r"https?://[^\s<>\"'`\[\]]+", re.IGNORECASE)


# --- block structure ----------------------------------------------------------------

_FENCE_RE = re.compile(r"^[ \t]*(`{3,}|~{3,})(.*)$")
_ATX_RE = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_UNDERLINE_RE = re.compile(r"^ {0,3}(={2,}|-{2,})[ \t]*$")
_RULE_RE = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_BULLET_RE = re.compile(r"^([ \t]*)(?:[-*+•]|\d{1,9}[.)])(?:[ \t]+(.*))?$")
_QUOTE_RE = re.compile(r"^ {0,3}>[ \t]?")
_TABLE_DELIM_RE = re.compile(r"^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)+\|?\s*$")
_REF_DEF_RE = re.compile(r"^ {0,3}\[([^\]]+)\]:[ \t]*<?(\S+?)>?(?:[ \t].*)?$")
CHECKBOX_RE = re.compile(r"^\[[ xX]\][ \t]+")


@dataclass
class Heading:
    level: int
    text: str
    line: int


@dataclass
class Para:
    line: int
    lines: list[str] = field(default_factory=list)


@dataclass
class Item:
    line: int
    lines: list[str]
    children: list[Item] = field(default_factory=list)


@dataclass
class ListBlock:
    indent: int
    items: list[Item] = field(default_factory=list)


Block = Heading | Para | ListBlock


def _indent(prefix: str) -> int:
    return len(prefix.expandtabs(4))


def _leading(text: str) -> int:
    return _indent(text[: len(text) - len(text.lstrip())])


class BlockScanner:
    """Reads lines into headings, paragraphs and lists; code, tables and rules are skipped."""

    def __init__(self, markdown: bool) -> None:
        self.markdown = markdown
        self.blocks: list[Block] = []
        self.refs: dict[str, str] = {}
        self.para: Para | None = None
        self.list: ListBlock | None = None
        self.after_blank = True

    def scan(self, lines: list[str], start: int) -> list[Block]:
        i = start
        while i < len(lines):
            i = self._step(lines, i)
        self._close()
        return self.blocks

    def _step(self, lines: list[str], i: int) -> int:
        """Consume what starts at lines[i]; return the index of the next unread line."""
        text = _unquote(lines[i])
        if not text.strip():
            self._end_para()
            self.after_blank = True
            return i + 1
        fence = _FENCE_RE.match(text)
        if fence and not (fence.group(1)[0] == "`" and "`" in fence.group(2)):
            return self._skip_fence(lines, i, fence.group(1), _leading(text))
        if self.markdown and self.para is None and self.list is None and _leading(text) >= 4:
            return self._skip_while(lines, i, lambda t: not t.strip() or _leading(t) >= 4)
        if text.lstrip().startswith("|") or (
            "|" in text and i + 1 < len(lines) and _TABLE_DELIM_RE.match(_unquote(lines[i + 1]))
        ):
            self._close()
            return self._skip_while(lines, i, lambda t: "|" in t and bool(t.strip()))
        self._line(text, i + 1)
        return i + 1

    def _line(self, text: str, line: int) -> None:
        ref = _REF_DEF_RE.match(text) if self.markdown else None
        atx = _ATX_RE.match(text)
        bullet = _BULLET_RE.match(text)
        if ref:
            self.refs[_ref_key(ref.group(1))] = ref.group(2)
        elif atx:
            self._close()
            self.blocks.append(Heading(len(atx.group(1)), atx.group(2) or "", line))
        elif _UNDERLINE_RE.match(text) and self.para is not None and len(self.para.lines) == 1:
            level = 1 if text.strip().startswith("=") else 2
            self.blocks.append(Heading(level, self.para.lines[0], self.para.line))
            self.para = None
        elif _UNDERLINE_RE.match(text) or _RULE_RE.match(text):
            self._close()
        elif bullet:
            self._add_item(_indent(bullet.group(1)), bullet.group(2) or "", line)
        else:
            self._add_text(text, line)

    def _skip_fence(self, lines: list[str], i: int, marker: str, indent: int) -> int:
        # An indented fence inside a list is an example in an item, not the end of the list.
        if self.list is not None and indent >= self.list.indent + 2:
            self.after_blank = True
        else:
            self._close()
        closing = re.compile(rf"^[ \t]*{re.escape(marker[0])}{{{len(marker)},}}[ \t]*$")
        return self._skip_while(lines, i + 1, lambda t: not closing.match(t)) + 1

    @staticmethod
    def _skip_while(lines: list[str], i: int, keep_going: Callable[[str], bool]) -> int:
        while i < len(lines) and keep_going(_unquote(lines[i])):
            i += 1
        return i

    def _add_item(self, indent: int, text: str, line: int) -> None:
        self._end_para()
        if self.list is None:
            self.list = ListBlock(indent)
        if self.list.items and indent >= self.list.indent + 2:
            self.list.items[-1].children.append(Item(line, [text]))
        else:
            self.list.items.append(Item(line, [text]))
        self.after_blank = False

    def _add_text(self, text: str, line: int) -> None:
        if self.list is not None:
            if not self.after_blank or _leading(text) >= self.list.indent + 2:
                item = self.list.items[-1]
                (item.children[-1] if item.children else item).lines.append(text)
                self.after_blank = False
                return
            self._end_list()
        if self.para is None:
            self.para = Para(line)
        self.para.lines.append(text)
        self.after_blank = False

    def _end_para(self) -> None:
        if self.para is not None:
            self.blocks.append(self.para)
            self.para = None

    def _end_list(self) -> None:
        if self.list is not None:
            self.blocks.append(self.list)
            self.list = None

    def _close(self) -> None:
        self._end_para()
        self._end_list()
        self.after_blank = True


def _unquote(text: str) -> str:
    while match := _QUOTE_RE.match(text):
        text = text[match.end() :]
    return text


def _ref_key(label: str) -> str:
    return " ".join(label.lower().split())


# --- inline clean-up ----------------------------------------------------------------

# Code, links and URLs are set aside behind placeholders so emphasis stripping cannot eat
# the underscores of `snake_case` or of a URL. U+FDD0/U+FDD1 are Unicode noncharacters:
# never meant to appear in text, so any in the input are replaced before we use them.
_OPEN, _CLOSE = "\ufdd0", "\ufdd1"
_PLACEHOLDER_RE = re.compile(f"{_OPEN}(\\d+){_CLOSE}")
_TOKEN_RE = re.compile(
    r"(?P<ticks>`+)(?P<code>.+?)(?<!`)(?P=ticks)(?!`)"
    r"|(?P<image>!\[[^\]]*\](?:\([^)]*\)|\[[^\]]*\]))"
    r"|\[(?P<text>[^\]]*)\]\(\s*<?(?P<target>[^)\s>]*)>?(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)"
    r"|\[(?P<ref_text>[^\]]+)\](?:\[(?P<ref>[^\]]*)\])?"
    r"|<(?P<autolink>https?://[^\s<>]+)>"
    r"|(?P<url>https?://[^\s<>\"'`\[\]]+)",
    re.DOTALL | re.IGNORECASE,
)
_HTML_TAG_RE = re.compile(
    r"</?(?:a|abbr|b|br|center|code|del|details|div|em|figcaption|figure|font|h[1-6]|hr|i"
    r"|iframe|img|ins|kbd|li|mark|ol|p|pre|s|section|small|span|strike|strong|sub|summary"
    r"|sup|table|tbody|td|th|thead|tr|u|ul|video)\b[^<>]*>",
    re.IGNORECASE,
)
# Only markers that open and close around words are emphasis; `a_b_c` and `2*3*4` stay.
_EMPHASIS_RES = tuple(
    re.compile(
        rf"(?<![\w\\{m[0]}]){re.escape(m)}(?=[^\s{m[0]}])(.+?)"
        rf"(?<=[^\s\\{m[0]}]){re.escape(m)}(?![\w{m[0]}])",
        re.DOTALL,
    )
    for m in ("**", "__", "~~", "*", "_")
)
_ESCAPE_RE = re.compile(r"\\([!-/:-@\[-`{-~])")
_URL_TRAILER_RE = re.compile(r"[.,;:!?*_~'\"]+$")


@dataclass
class Inline:
    text: str  # line breaks kept, so a sentence can be traced back to its line
    links: list[tuple[str, str]]  # (text the link sits on, url)
    tags: set[str]  # #tags written outside code


def newlines(text: str) -> str:
    return "\n" * text.count("\n")


def valid_tag(raw: str) -> str | None:
    tag = normalize_tag(raw)
    return tag if _VALID_TAG_RE.fullmatch(tag) and len(tag) <= TAG_LIMIT else None


def hashtags(text: str) -> list[str]:
    found = (valid_tag(m.group(1)) for m in _HASHTAG_RE.finditer(text))
    return list(dict.fromkeys(t for t in found if t))


def _split_url(url: str) -> tuple[str, str]:
    """A bare URL without the punctuation that ends the sentence around it."""
    tail = _URL_TRAILER_RE.search(url)
    cut = tail.start() if tail else len(url)
    while url[:cut].endswith(")") and url[:cut].count(")") > url[:cut].count("("):
        cut -= 1
    return url[:cut], url[cut:]


def plain_inline(raw: str) -> Inline:
    links = []
    for match in URL_RE.finditer(raw):
        url = _split_url(match.group())[0]
        links.append((url, url))
    return Inline(raw, links, set(hashtags(URL_RE.sub(" ", raw))))


def markdown_inline(raw: str, refs: dict[str, str]) -> Inline:
    kept: list[str] = []
    links: list[tuple[str, str]] = []

    def hold(text: str) -> str:
        kept.append(text)
        return f"{_OPEN}{len(kept) - 1}{_CLOSE}"

    def token(m: re.Match[str]) -> str:
        if m.group("code") is not None:
            code = m.group("code")
            return hold(code[1:-1] if code.startswith(" ") and code.endswith(" ") else code)
        if m.group("image") is not None:
            return hold(newlines(m.group("image")))
        if m.group("text") is not None or m.group("ref_text") is not None:
            return link(m)
        url, tail = _split_url(m.group("autolink") or m.group("url"))
        links.append((url, url))
        return hold(url) + tail

    def link(m: re.Match[str]) -> str:
        text = m.group("text")
        target = m.group("target")
        if text is None:
            text = m.group("ref_text")
            target = refs.get(_ref_key(m.group("ref") or text))
            if target is None:  # "[x]" that is not a link: a checkbox, a citation...
                return m.group()
        label = markdown_inline(text, refs).text
        if target and URL_RE.fullmatch(target):
            links.append((" ".join(label.split()), target))
        return hold(label)

    masked = _TOKEN_RE.sub(token, raw)
    prose = _prose(masked)
    tags = set(hashtags(prose))

    def restore(m: re.Match[str]) -> str:
        index = int(m.group(1))
        return kept[index] if index < len(kept) else ""

    return Inline(_PLACEHOLDER_RE.sub(restore, prose), links, tags)


def _prose(text: str) -> str:
    text = _HTML_TAG_RE.sub(lambda m: newlines(m.group()) or " ", text)
    for pattern in _EMPHASIS_RES:
        text = pattern.sub(r"\1", text)
    return html.unescape(_ESCAPE_RE.sub(r"\1", text))


def flat(text: str) -> str:
    return " ".join(text.split())


# --- the document --------------------------------------------------------------------

_COMMENT_RE = re.compile(r"<!--.*?-->", re.DOTALL)
_FM_KEY_RE = re.compile(r"^([A-Za-z][\w-]*)[ \t]*:[ \t]*(.*?)[ \t]*$")
_FM_ITEM_RE = re.compile(r"^[ \t]*-[ \t]+(.*?)[ \t]*$")


def _front_matter(lines: list[str]) -> tuple[dict[str, list[str]], int]:
    """`key: value` pairs of a leading `---` block, and the index of the line after it."""
    if not lines or lines[0].strip() != "---":
        return {}, 0
    data: dict[str, list[str]] = {}
    key = None
    for end in range(1, len(lines)):
        line = lines[end]
        if line.strip() in ("---", "..."):
            return data, end + 1
        pair = _FM_KEY_RE.match(line)
        item = _FM_ITEM_RE.match(line)
        if pair:
            key = pair.group(1).lower()
            data[key] = [_unquote_value(pair.group(2))] if pair.group(2) else []
        elif item and key:
            data[key].append(_unquote_value(item.group(1)))
        elif line.strip() and not line.startswith((" ", "\t", "#")):
            return {}, 0  # a horizontal rule above ordinary text, not front matter
    return {}, 0


def _unquote_value(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1].strip()
    return value


@dataclass(frozen=True)
class Document:
    front_matter: dict[str, list[str]]  # `key: value` pairs (lists for `- item` values)
    blocks: list[Block]
    refs: dict[str, str]  # reference-style link definitions, by normalised label


def parse_document(source: str, *, markdown: bool) -> Document:
    """The front matter and blocks of a notes file (plain text when `markdown` is False)."""
    text = source.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if markdown:
        text = text.replace(_OPEN, "\ufffd").replace(_CLOSE, "\ufffd")
        text = _COMMENT_RE.sub(lambda m: newlines(m.group()), text)
    lines = text.split("\n")
    front, start = _front_matter(lines)
    scanner = BlockScanner(markdown)
    blocks = scanner.scan(lines, start)
    return Document(front, blocks, scanner.refs)
