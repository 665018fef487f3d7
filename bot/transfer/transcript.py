"""A meeting's or a talk's transcript saved as subtitles (WebVTT `.vtt`, SubRip `.srt`),
as the text people said.

Teams, Zoom, Meet and YouTube save what was said as cues: an id or a number, a timing line
("00:00:02.150 --> 00:00:06.880") and a line or two of speech, often with the speaker's
name (`<v Priya Raman>...</v>` in Teams, "Priya Raman: ..." in Zoom). Read as plain text
every cue became a note of its own with its id and timing in front of it. Here a speaker's
consecutive cues are one paragraph, and the ids, timings, names and markup are gone.
"""

from __future__ import annotations

import html
import re
from collections import Counter

# "00:00:02.150 --> 00:00:06.880 align:start" (WebVTT), "00:00:02,150 --> 00:00:06,880"
# (SubRip); WebVTT may leave out the hours.
_TIME = r"(?:\d{1,3}:)?\d{1,2}:\d{2}[.,]\d{1,3}"
_TIMING_RE = re.compile(rf"^\s*{_TIME}\s+-->\s+{_TIME}(?:\s.*)?$")
# The speaker of a WebVTT cue: "<v Priya Raman>", "<v.loud Priya>".
# (classes between dots, so a run of them is read one way: "<v.a.b.c" split every way was
# exponential)
_VOICE_RE = re.compile(r"<v(?:\.[\w-]{1,40})*\s+([^<>\n]{1,80})>")
# The rest of a cue's markup: voice, class, italics, bold, underline, language, ruby, and
# the timestamps of karaoke-style cues ("<00:00:03.100>"); SubRip's "<i>" and
# "<font color=...>" too.
_MARKUP_RE = re.compile(
    r"</?(?:v|c|i|b|u|lang|ruby|rt|font)(?:[.\s][^<>\n]{0,120})?>|<" + _TIME + ">"
)
# Zoom and others put the speaker in the text: "Priya Raman: OK, let's start."
_SPEAKER_RE = re.compile(r"^([A-Z][\w.'\u2019-]*(?:\s+[A-Z][\w.'\u2019-]*){0,3}):\s+(?=\S)")
# A speaker's turn that runs on is cut at the next cue after this many characters, so a
# long answer is several notes, not one that is clipped.
TURN_CHARS = 600


def _cues(source: str) -> list[list[str]]:
    """Each cue's lines of speech. (A cue ends at an empty line; YouTube's lines of one
    space inside a cue do not end it.)"""
    cues = []
    for block in re.split(r"\n\n+", source.replace("\r\n", "\n").lstrip("\ufeff")):
        lines = block.strip("\n").split("\n")
        timing = next((i for i, line in enumerate(lines) if _TIMING_RE.match(line)), None)
        if timing is not None:  # else WebVTT's header, a comment (NOTE), a style sheet
            cues.append(lines[timing + 1 :])
    return cues


def transcript_to_text(source: str) -> str:
    """What was said, a paragraph per speaker's turn."""
    cues = _cues(source)
    # "Name: ..." opening cues is a speaker where it comes back (Zoom writes it on every
    # cue); once, "Kubernetes: the scheduler ignores PDBs" is speech.
    prefixes = Counter(m.group(1) for cue in cues if cue and (m := _SPEAKER_RE.match(cue[0])))
    turns: list[list[str]] = []
    speaker: str | None = None
    previous = ""  # the last line said: a rolling caption (YouTube's) says it again
    for cue in cues:
        said: list[str] = []
        for n, line in enumerate(cue):
            if voice := _VOICE_RE.search(line):
                speaker = voice.group(1).strip()
            elif n == 0 and (named := _SPEAKER_RE.match(line)) and prefixes[named.group(1)] > 1:
                # (on the cue's first line only: "Yes: that works" further on is speech)
                speaker = named.group(1)
                line = line[named.end() :]
            text = " ".join(html.unescape(_MARKUP_RE.sub("", line)).split())
            if text and text != previous:
                said.append(text)
                previous = text
        if not said:
            continue
        same_turn = turns and turns[-1][0] == (speaker or "")
        if same_turn and sum(len(t) for t in turns[-1][1:]) < TURN_CHARS:
            turns[-1].extend(said)
        else:
            turns.append([speaker or "", *said])
    return "\n\n".join(" ".join(turn[1:]) for turn in turns) + "\n"
