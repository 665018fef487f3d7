"""Which event a write-up is about, in one display form per event.

Teams name the same KubeCon a dozen ways ("KubeCon Valencia", "KubeConEU2022",
"KubeCon + CloudNativeCon Europe 2024", "kubecon-na-2023-chicago", "KubeCon SLC '24"):
stored as written, one event would be several conferences in filters and digests. So
KubeCon becomes "KubeCon EU 2022" / "KubeCon NA 2019", KCDs "KCD Munich 2023", SREcon
"SREcon Americas 2023", FOSDEM "FOSDEM 2025"; any other "...Con 2024" / "... Summit
2024" stays as written.
A city stands for its edition; a missing year comes from the post's date when known.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date

from bot.transfer import debris

# Where KubeCon + CloudNativeCon was held: the region, and the year when the city had
# only one edition (Amsterdam had two, 2020 online-only and 2023: the year must say).
_KUBECON_CITIES: dict[str, tuple[str, int | None]] = {
    "berlin": ("EU", 2017),
    "copenhagen": ("EU", 2018),
    "barcelona": ("EU", 2019),
    "amsterdam": ("EU", None),
    "valencia": ("EU", 2022),
    "paris": ("EU", 2024),
    "london": ("EU", 2025),
    "austin": ("NA", 2017),
    "seattle": ("NA", 2018),
    "san diego": ("NA", 2019),
    "los angeles": ("NA", 2021),
    "la": ("NA", 2021),
    "detroit": ("NA", 2022),
    "chicago": ("NA", 2023),
    "salt lake city": ("NA", 2024),
    "salt lake": ("NA", 2024),
    "slc": ("NA", 2024),
    "atlanta": ("NA", 2025),
    "shanghai": ("China", None),
    "hong kong": ("China", None),  # 2024 and 2025
    "mumbai": ("India", 2023),
    "delhi": ("India", 2024),
    "hyderabad": ("India", 2025),
    "tokyo": ("Japan", None),
    # airport codes, as travellers name files ("argocon-ams-23")
    "ams": ("EU", None),
    "bcn": ("EU", 2019),
    "vlc": ("EU", 2022),
    "cph": ("EU", 2018),
    "ldn": ("EU", 2025),
    "dtw": ("NA", 2022),
    "chi": ("NA", 2023),
    "atl": ("NA", 2025),
    "hkg": ("China", None),
    "hk": ("China", None),
    # the venue, as attendees name it ("dok day - rai - tue 18 apr 23"): Amsterdam's RAI
    "rai": ("EU", None),
}
_REGIONS = {
    "eu": "EU",
    "europe": "EU",
    "emea": "EU",
    "na": "NA",
    "north america": "NA",
    "us": "NA",
    "china": "China",
    "india": "India",
    "japan": "Japan",
}
_YEAR = r"(?:'\d{2}|(?:19|20)\d{2}|\d{2}(?=\D|$))"
# Words, years and separators as people write them in titles and in file names.
_KUBECON_RE = re.compile(
    # ("+" is one of \W: the run between the names read once; "kubecon" and 10,000 "[]"
    # took 8 s when the run could be split round a "+" every way)
    r"(?:kube\W?con(?:\W*+cloud\W?native\W?con)?|\bkccnc|\bkc(?=[\s\-_]?(?:eu|na))"
    # a transcript's hearing of it
    r"|(?-i:\b[Cc]ube [Cc]on\b)"
    # "kcsd19", "kc-slc-24": a city's code and the year
    r"|\bkc(?=[\s\-_]?(?:sd|slc|chi|ams|bcn|vlc|cph|ldn|atl|dtw|sea)[\s\-_]?(?:\d{2}|\d{4})(?!\d))"
    r"|(?-i:\bkc(?=\d{2}(?!\d))))"
    r"(?P<rest>[\s\-_:,.+'/a-z0-9]{0,40})",
    re.IGNORECASE,
)
_KCD_RE = re.compile(
    r"\bKCD[\s\-_]*(?P<city>[A-Z][^\W\d_A-Z]+(?:[\s\-_][A-Z][^\W\d_A-Z]+)?"
    r"|[A-Z]{4,}(?:[\s\-_][A-Z]{4,})?"
    # a country's or city's code, with the year after it: "KCD UK 2024", "KCD NYC 2023"
    rf"|[A-Z]{{2,3}}(?=[\s\-_]*{_YEAR}))"
    rf"(?:[\s\-_]*(?P<year>{_YEAR}))?",
)
# A city said short after SREcon, as file names do.
_SRECON_CODES = {
    **dict.fromkeys(("sf", "sfo", "sc", "bos", "nyc", "bk", "brooklyn", "sea"), "Americas"),
    **dict.fromkeys(("dub", "dublin", "ams", "bcn", "prg", "ldn", "lis", "dus"), "EMEA"),
    **dict.fromkeys(("sin", "syd", "blr"), "APAC"),
}
_SRECON_RE = re.compile(
    # SREcon said shorter still, as file names and notes' first lines do ("sre18 dus"):
    # lowercase, its year glued on and a city's code after it ("sre23" alone, "SRE-21
    # ldn" may be tickets).
    r"\b(?:SREcon|(?-i:sre)(?=(?:1[4-9]|2\d)[\s\-_]*(?:" + "|".join(_SRECON_CODES) + r")(?![a-z])))"
    rf"[\s\-_]*(?P<y1>{_YEAR})?[\s\-_]*(?P<region>Americas|EMEA|APAC|Asia/Pacific)?"
    rf"(?:[\s\-_]*(?P<y2>{_YEAR}))?",
    re.IGNORECASE,
)


_SRECON_REGIONS = {"americas": "Americas", "emea": "EMEA", "apac": "APAC", "asia/pacific": "APAC"}
# Where SREcon was held, for a write-up that names the city, not the region.
_SRECON_CITIES = {
    **dict.fromkeys(
        ("dublin", "amsterdam", "barcelona", "belfast", "athens", "dusseldorf", "prague",
         "london", "lisbon"),
        "EMEA",
    ),
    **dict.fromkeys(
        ("santa clara", "san francisco", "brooklyn", "boston", "seattle", "burlingame",
         "denver", "washington"),
        "Americas",
    ),
    **dict.fromkeys(("singapore", "sydney", "bangalore", "bengaluru"), "APAC"),
}  # fmt: skip
_SRECON_CODE_RE = re.compile(
    r"[\s\-_]{0,3}(?P<code>" + "|".join(_SRECON_CODES) + r")(?![a-z])", re.IGNORECASE
)
_SRECON_CITY_RE = re.compile(
    # "SREcon in Dublin", "SREcon recap (Singapore)"
    r"(?:\b(?:in|at|from)\s+|\()(?P<city>" + "|".join(_SRECON_CITIES) + r")\b",
    re.IGNORECASE,
)

# PyCon's countries written lowercase, as file names do ("pycon-us-22"): not the ones
# that are words too ("PyCon in 2019", "it", "at", "no").
_PYCON_COUNTRIES = frozenset(
    {"us", "uk", "de", "au", "ca", "fr", "es", "jp", "kr", "tw", "pl", "cz", "nl", "se", "ie",
     "lt", "ch", "za", "ng", "hk", "sg", "nz", "pt", "ro", "hu", "sk", "fi", "dk", "ee", "lv"}
)  # fmt: skip


# Events whose name has no "Con", "Summit" or "Days" in it to be recognised by, written
# as teams write them ("FOSDEM'24", "fosdem-2025", "Monitorama PDX 2023").
_NAMED_EVENTS = {
    "fosdem": "FOSDEM",
    "monitorama": "Monitorama",
    "rejekts": "Cloud Native Rejekts",
    "all things open": "All Things Open",
    "re:invent": "AWS re:Invent",
    "re:inforce": "AWS re:Inforce",  # AWS's security conference
    "devoxx": "Devoxx",
    "strange loop": "Strange Loop",
    "cfgmgmtcamp": "Config Management Camp",
    "config management camp": "Config Management Camp",
    "google cloud next": "Google Cloud Next",
    "cdcon": "cdCon",
    "devconf.cz": "DevConf.CZ",
    "devconfcz": "DevConf.CZ",
    "gophercon": "GopherCon",
    "all systems go": "All Systems Go!",
    "linux plumbers": "Linux Plumbers Conference",
    # PyCon's editions are countries, as written: "PyCon US 2024", "PyCon DE 2023".
    "pycon": "PyCon",
    "openinfra summit": "OpenInfra Summit",
    # "HashiConf Global 2022" is the HashiConf of 2022; "HashiConf Europe" its EU edition.
    "hashiconf": "HashiConf",
    "promcon": "PromCon",
    "javazone": "JavaZone",
    "europython": "EuroPython",
    "percona live": "Percona Live",
    # NDC is named by its city: "NDC Oslo 2023" (a bare "NDC" is no event).
    "ndc": "NDC",
    # Data Council too, by its city: "Data Council Austin 2024".
    "data council": "Data Council",
    # PGConf.EU, with or without its dot ("PGConf EU 2022").
    "pgconf.eu": "PGConf.EU",
    "pgconf eu": "PGConf.EU",
    # PGConf.dev, PGCon's successor since 2024 ("pgconf-dev-2024", not "pgconf devroom")
    "pgconf.dev": "PGConf.dev",
    "pgconf-dev": "PGConf.dev",
    # AWS Summits are named by their city: "AWS Summit London 2024", "aws-summit-ldn-2024".
    "aws summit": "AWS Summit",
    # OpenUK's State of Open Con, said short as its hashtag does: "#SOOCon24".
    "state of open con": "State of Open Con",
    "soocon": "State of Open Con",
    # Grafana Labs' ObservabilityCON, said short: "obscon24 london".
    "observabilitycon": "ObservabilityCON",
    "obscon": "ObservabilityCON",
    # Named by its city: "Kafka Summit London 2023", "Kafka Summit Ldn".
    "kafka summit": "Kafka Summit",
    # PGConf NYC: the city is in its name ("PGConf New York" is not what it is called).
    "pgconf nyc": "PGConf NYC",
    # One a year, wherever it is held ("RustConf MTL", "DockerCon SF '19": RustConf 2024,
    # DockerCon 2019), but DockerCon had European editions ("DockerCon EU 2018").
    "rustconf": "RustConf",
    "dockercon": "DockerCon",
    # Hamburg's ("ContainerDays 22 HH": ContainerDays 2022)
    "containerdays": "ContainerDays",
    "container days": "ContainerDays",
}
# Events held once a year whose city is no edition: only a region names one.
_YEARLY_EVENTS = frozenset({"rustconf", "dockercon", "containerdays", "container days"})
# Cities of AWS Summits, as their name says them ("AWS Summit London").
_AWS_SUMMIT_CITIES = frozenset(
    {"london", "stockholm", "berlin", "paris", "amsterdam", "madrid", "milan", "zurich",
     "warsaw", "sydney", "tokyo", "singapore", "washington", "chicago", "atlanta", "toronto",
     "dubai", "johannesburg", "seoul", "mumbai", "hamburg"}
)  # fmt: skip
# Where Data Council is held, as written and as file names say it ("data-council-atx").
_DATA_COUNCIL_CITIES = {
    "austin": "Austin",
    "atx": "Austin",
    "new york": "New York",
    "nyc": "New York",
    "san francisco": "San Francisco",
    "sf": "San Francisco",
}
# Where Kafka Summit was held, as written and said short ("Kafka Summit Blr"), by the
# name its edition had.
_KAFKA_SUMMIT_CITIES = {
    "london": "London", "ldn": "London", "lon": "London", "bangalore": "Bangalore",
    "bengaluru": "Bangalore", "blr": "Bangalore", "sf": "San Francisco",
    "nyc": "New York", "ny": "New York",
}  # fmt: skip
# Where NDC conferences are held: the city is the edition's name.
_NDC_CITIES = frozenset(
    {"oslo", "london", "sydney", "copenhagen", "porto", "melbourne", "minnesota", "techtown"}
)
# EuroPython said short, with its city: "EP24 Prague", "ep23-prg".
_EUROPYTHON_SHORT_RE = re.compile(
    r"(?<![a-z])ep[\s\-_]?(?P<year>\d{2})[\s\-_]*"
    r"(?:prague|prg|dublin|dub|basel|edinburgh|rimini|bilbao)(?![a-z])",
    re.IGNORECASE,
)

# The OpenInfra Summit is named by where it was held: "OpenInfra Summit Vancouver 2023".
_OPENINFRA_SUMMITS = {2022: "Berlin", 2023: "Vancouver", 2024: "Asia", 2025: "Europe"}


def _written(found: str, names: Iterable[str]) -> str:
    """Which of `names` a match is, however its words were run together or separated
    ("Platform Eng Day", "platformengday", "all-things-open")."""
    squashed = re.sub(r"[\s\-_]", "", found.lower())
    return next(n for n in names if re.sub(r"[\s\-_]", "", n) == squashed)


def _names(names: Iterable[str]) -> str:
    """An alternation of event names, each space in one matching any separator ("all
    things open" finds "All-Things_Open")."""
    return "|".join(re.escape(n).replace(r"\ ", r"[\s\-_]*") for n in names)


_NAMED_RE = re.compile(
    r"(?<![a-z])(?P<name>"
    + _names(_NAMED_EVENTS)
    # (the separators after a name read once: "fosdem" and 20,000 "-" took 19 s)
    + rf")(?:[!\s\-_]*+(?P<edition>[A-Za-z]+)?[\s\-_]*(?P<year>{_YEAR}))?",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Found:
    name: str  # the display form
    start: int  # where the mention is in the text searched
    end: int


def _year(raw: str | None) -> int | None:
    if not raw:
        return None
    digits = raw.lstrip("'")
    year = int(digits) + (2000 if len(digits) == 2 else 0)
    return year if 2014 <= year <= 2099 else None


def _city_before(text: str, start: int) -> tuple[str, int | None] | None:
    """KubeCon's region (and that city's year) from a city named just before it."""
    written = re.findall(r"[A-Za-z]+", text[max(0, start - 30) : start])
    if not written or not re.search(r"[A-Za-z][\s\-_]*$", text[max(0, start - 3) : start]):
        return None  # "KubeCon" must follow the city: "Paris, then KubeCon" is no name
    if len(written[-1]) <= 2 and not written[-1].isupper():
        return None  # "à la KubeCon", "en la KubeCon": an article; "LA", "HK" are cities
    return _kubecon_city([w.lower() for w in written], last=True, min_chars=0)


def _kubecon_city(
    words: list[str], *, last: bool, min_chars: int = 4
) -> tuple[str, int | None] | None:
    """The KubeCon city of the longest run of up to three words at the end (`last`) or the
    start of `words`: "salt lake city", "salt lake", then "salt" (a city's name of at least
    `min_chars`: "in LA" may be anything)."""
    for span in (3, 2, 1):
        said = " ".join(words[-span:] if last else words[:span])
        if len(words) >= span and len(said) >= min_chars and said in _KUBECON_CITIES:
            return _KUBECON_CITIES[said]
    return None


# "KubeCon debrief. Three of you were in Salt Lake": the city it was in, further on the
# line (a city's name, not its code: "in LA" may be anything).
_IN_CITY_LATER_RE = re.compile(
    r"[^\n]{0,60}?\b(?:in|at)\s+(?P<city>[A-Z][a-z]+(?:\s[A-Z][a-z]+){0,2})"
)


# A KubeCon's city and its year, as a team's page titles the trip: "Valencia 2022 - what
# we brought back", "PLAT-Valencia-2022-...".
_CITY_YEAR_RE = re.compile(
    r"(?<![a-z])(?P<city>[a-z]+(?:[\s\-_][a-z]+){0,2})[\s\-_]+(?P<year>20\d{2})(?!\d)", re.I
)


def says_kubecon(text: str) -> bool:
    """Whether a text names KubeCon as where it was ("our first KubeCon since
    Barcelona"), not as one to go to ("send two people to KubeCon next year")."""
    return _KUBECON_WORD_RE.search(text) is not None


_KUBECON_WORD_RE = re.compile(
    r"(?:(?<![a-z])kube\W?con|#kubecon)(?![a-z])(?!\W+(?:next|in\s+20\d\d|this\s+year)\b)",
    re.I,
)


def kubecon_of_city(text: str) -> str | None:
    """The KubeCon a city and its year name, when that city held KubeCon that year; only
    for a text known to be about a KubeCon (its notes say "KubeCon" but not which)."""
    for match in _CITY_YEAR_RE.finditer(text):
        city = _kubecon_city(re.split(r"[\s\-_]+", match["city"].lower()), last=True)
        # (only a city that held it that year: Amsterdam's and Tokyo's years are not all
        # KubeCons)
        if city is not None and city[1] == int(match["year"]):
            return f"KubeCon {city[0]} {match['year']}"
    return None


def _city_later(text: str, end: int, year: int | None) -> tuple[str, int | None] | None:
    """KubeCon's region (and that city's year) from "in <city>" later on its line: not
    after a word that leads to another edition ("since the one in Barcelona"), nor a
    city of another year than the one the notes are of."""
    found = _IN_CITY_LATER_RE.match(text, end)
    if found is None:
        return None
    between = set(re.findall(r"[a-z]+", text[end : found.start("city")].lower()))
    if between & _OTHER_EDITION_WORDS:
        return None
    city = _kubecon_city(found["city"].lower().split(), last=False)
    if city is not None and year is not None and city[1] not in (None, year):
        return None
    return city


# Cities' codes that are also words ("the SD card", "a sea of booths"): a city only
# right after the name, in capitals or glued to "kc" ("KubeCon SD", "#kcsd19").
_CODE_WORDS = {"sd": ("NA", 2019), "sea": ("NA", 2018)}
# The first KubeCon, November 2015 in San Francisco: the year's only one.
_FIRST_KUBECON = 2015
# Words after "KubeCon" that lead to another edition than the one the text is at.
_OTHER_EDITION_WORDS = frozenset({"since", "after", "before", "than", "vs", "versus", "unlike"})


def _days_after(words: list[str], i: int, match: re.Match[str]) -> bool:
    """Whether the number after a month's name is a day of it: a range of days follows
    ("Nov 18-21", "Nov 18\u201321", cut off from the words at the dash) or a year does."""
    if not re.fullmatch(r"\d{1,2}", "".join(words[i + 1 : i + 2])):
        return False
    after = words[i + 2 :]
    if after:
        return bool(re.fullmatch(r"\d{1,2}|(?:19|20)\d{2}", after[0]))
    return bool(re.match(r"\s*[\u2013\u2014-]\s*\d", match.string[match.end() :]))


def _kubecon(match: re.Match[str], year_hint: int | None) -> str | None:
    rest = re.sub(r"([a-z])(\d)|(\d)([a-z])", r"\1\3 \2\4", match.group("rest").lower())
    words = [w for w in re.split(r"[\s\-_:,.+/]+", rest) if w]
    region = year = None
    city_year: int | None = None
    i = 0
    written = match.group("rest").lstrip(" -_:,")
    if (
        words
        and words[0] in _CODE_WORDS
        and (match.group(0)[:2].lower() == "kc" or written[: len(words[0])].isupper())
    ):
        region, city_year = _CODE_WORDS[words[0]]
        i = 1
    while i < min(len(words), 6):
        if words[i] in _OTHER_EDITION_WORDS:
            break  # "our first KubeCon since Barcelona": this one is not Barcelona's
        two = " ".join(words[i : i + 2])
        three = " ".join(words[i : i + 3])
        for span, key in ((3, three), (2, two), (1, words[i])):
            if key in _KUBECON_CITIES and region is None:
                region, city_year = _KUBECON_CITIES[key]
                i += span
                break
            if key in _REGIONS and region is None:
                region = _REGIONS[key]
                i += span
                break
        else:
            if debris.is_month_name(words[i]) and _days_after(words, i, match):
                # "KubeCon SD, Nov 18-21", "Nov 12-15 2024": days, not 2018 or 2015
                # ("Nov '18" and "Mar 24" alone are years)
                i += 2
                while i < len(words) and re.fullmatch(r"\d{1,2}", words[i]):
                    i += 1
                continue
            if year is None and re.fullmatch(_YEAR, words[i]):
                year = _year(words[i])
            i += 1
    if region is None and year is None:
        return None  # "co-located w/ KubeCon": which one, the text does not say
    year = year or city_year or year_hint
    if region is None and year == _FIRST_KUBECON:
        region = "NA"  # its only edition (San Francisco), named as the NA ones after it
    return " ".join(part for part in ("KubeCon", region, str(year) if year else None) if part)


# "OSS EU 2023": Open Source Summit, said short (with a region and a year, so that open
# source software in general is not an event).
_OSS_RE = re.compile(
    rf"\bOSS[\s\-_]*(?P<region>EU|NA|Europe|North America|Japan|J|India|China)"
    rf"(?:[\s\-_]+[A-Za-z]{{3,}})?[\s\-_]*(?P<year>{_YEAR})(?![\w'])",
    re.IGNORECASE,
)


# Events held next to KubeCon, as written in lowercase notes and file names ("argocon-eu24",
# "gitopscon NA :: vancouver").
_COLOCATED = {
    "argo": "ArgoCon",
    "gitops": "GitOpsCon",
    "cilium": "CiliumCon",
    "backstage": "BackstageCon",
    "istio": "IstioCon",
    "wasm": "WasmCon",
    "platform": "PlatformCon",
    "security": "Cloud Native SecurityCon",
    # AppDeveloperCon, said short as attendees do: "AppDevCon SLC"
    "appdeveloper": "AppDeveloperCon",
    "appdev": "AppDeveloperCon",
}
# AppDeveloperCon was first held next to KubeCon NA 2024; "AppDevCon" before is another.
_APPDEVELOPERCON_SINCE = 2024
# Not held next to KubeCon: its city says the region, not the year.
_STANDALONE = frozenset({"security"})
# "... in Seattle" just after an event's name and year.
_IN_CITY_RE = re.compile(
    r"[\s,]{1,3}(?:in|at)\s+(?P<city>"
    + "|".join(c for c in _KUBECON_CITIES if len(c) > 3)
    + r")\b",
    re.IGNORECASE,
)
_COLOCATED_RE = re.compile(
    r"\b(?P<name>" + "|".join(_COLOCATED) + r")con(?![a-z])(?:[\s\-_:]*(?P<region>[a-z]+))?"
    rf"(?:[\s\-_:]*(?P<year>{_YEAR}))?",
    re.IGNORECASE,
)


# Day-long events held next to KubeCon, by their short names too ("Platform Eng Day Paris
# 2024", "o11yday-slc-2024"): the edition is KubeCon's region, or its city's.
_COLOCATED_DAYS = {
    "platform engineering": "Platform Engineering Day",
    "platform eng": "Platform Engineering Day",
    "plat eng": "Platform Engineering Day",
    "observability": "Observability Day",
    "o11y": "Observability Day",
    "cilium + ebpf": "Cilium + eBPF Day",
    "cilium ebpf": "Cilium + eBPF Day",
    "cloud native ebpf": "Cloud Native eBPF Day",
    "ebpf": "Cloud Native eBPF Day",
    "cloud native wasm": "Cloud Native Wasm Day",
    "wasm": "Cloud Native Wasm Day",
    # (Salt Lake City's, 2024; "#CNKAIDay" as its hashtag)
    "cloud native & kubernetes ai": "Cloud Native & Kubernetes AI Day",
    "cloud native and kubernetes ai": "Cloud Native & Kubernetes AI Day",
    "cnk ai": "Cloud Native & Kubernetes AI Day",
    "kubernetes ai": "Kubernetes AI Day",
    "cloud native ai": "Cloud Native AI Day",
    "linkerd": "Linkerd Day",
    "istio": "Istio Day",
    "opentofu": "OpenTofu Day",
    "tofu": "OpenTofu Day",  # "tofu day SLC", "tofuday-slc"
    "data on kubernetes": "Data on Kubernetes Day",
    "dok": "Data on Kubernetes Day",
    "kubernetes on edge": "Kubernetes on Edge Day",
    "k8s on edge": "Kubernetes on Edge Day",
    "k8s edge": "Kubernetes on Edge Day",
    "cloud native telco": "Cloud Native Telco Day",
    "prometheus": "Prometheus Day",
    "prom": "Prometheus Day",
    "kubernetes batch + hpc": "Kubernetes Batch + HPC Day",
    "batch + hpc": "Kubernetes Batch + HPC Day",
    "batch hpc": "Kubernetes Batch + HPC Day",
    "batch": "Kubernetes Batch + HPC Day",  # "batchday-chi"
}
# Names too plain to be the event but in a file's name, with KubeCon's city after them:
# "Friday is batch day, SLC time" names none.
_DAY_NEEDS_WHERE = frozenset({"batch"})
# Names said short that are the event only with KubeCon's city or region after them ("tofu
# day SLC"; "it was tofu day at the canteen" names none).
_DAY_NEEDS_PLACE = frozenset({"tofu"})
_COLOCATED_DAY_RE = re.compile(
    r"(?<![a-z])(?P<name>"
    + _names(_COLOCATED_DAYS)
    + r")[\s\-_]*day(?![a-z])(?:[\s\-_:,]*(?P<where>[a-z]+(?:[\s\-_][a-z]+){0,2}))?"
    + rf"(?:[\s\-_:,]*(?P<year>{_YEAR}))?",
    re.IGNORECASE,
)
# DevOpsDays, held in a city: "devopsdays-amsterdam-2023", and as teams shorten it in file
# names, "dod-ldn-24" or "dodams23"; its site's pages say "/events/2023-amsterdam".
_DEVOPSDAYS_RE = re.compile(
    # (the separators after the name read once: "dod", 20,000 "-" and "!" took 15 s)
    rf"(?<![a-z])(?:devops[\s\-_]*+days|dod)[\s\-_]*+(?P<city>[a-z]{{2,}}(?:[\s\-_][a-z]{{3,}})?)?"
    rf"[\s\-_]*(?P<year>{_YEAR})"
    r"|(?<![a-z])devopsdays\.[a-z]+/events/(?P<y2>20\d{2})-(?P<c2>[a-z][a-z-]+)",
    re.IGNORECASE,
)
_CITY_CODES = {
    "ams": "Amsterdam", "ldn": "London", "lon": "London", "ber": "Berlin", "zrh": "Zurich",
    "zur": "Zurich", "chi": "Chicago", "nyc": "New York City", "bos": "Boston",
    "sea": "Seattle", "tlv": "Tel Aviv", "par": "Paris", "muc": "Munich", "mad": "Madrid",
    "ghe": "Ghent", "oslo": "Oslo", "sto": "Stockholm", "sfo": "San Francisco",
    "zh": "Zurich", "bud": "Budapest", "waw": "Warsaw", "prg": "Prague", "vie": "Vienna",
    "lis": "Lisbon", "dub": "Dublin", "cph": "Copenhagen", "hel": "Helsinki",
}  # fmt: skip


# A city as written in one language or spelling, by its one display name ("KCD Zürich",
# "kcd-zuerich-24" -> "KCD Zurich").
_CITY_NAMES = {
    "zürich": "Zurich", "zuerich": "Zurich", "münchen": "Munich", "muenchen": "Munich",
    "gent": "Ghent",
    "köln": "Cologne", "koeln": "Cologne", "wien": "Vienna", "praha": "Prague",
    "lisboa": "Lisbon", "warszawa": "Warsaw", "københavn": "Copenhagen", "genève": "Geneva",
}  # fmt: skip


def _city_name(city: str) -> str:
    return _CITY_NAMES.get(city.lower(), city)


def held_next_to_kubecon(name: str) -> bool:
    """Whether an event's display name is one held next to KubeCon (BackstageCon,
    Platform Engineering Day, ...), not KubeCon itself."""
    return name.startswith(
        tuple(v for v in _COLOCATED.values() if v != "Cloud Native SecurityCon")
        + tuple(_COLOCATED_DAYS.values())
    )


def with_kubecon_region(name: str | None, day: date) -> str | None:
    """A day held next to KubeCon, named with its year and no region, with the region of
    the KubeCon held in its month ("Istio Day 2024" on 25 March: "Istio Day EU 2024")."""
    if name is None or not held_next_to_kubecon(name) or set(name.split()) & EDITIONS:
        return name
    head, _, year = name.rpartition(" ")
    region = kubecon_region_in(day.year, day.month)
    if not head or year != str(day.year) or region is None:
        return name
    return f"{head} {region} {year}"


def kubecon_region_in(year: int, month: int) -> str | None:
    """The KubeCon held in a month, by its region: Europe's in spring (March to May),
    North America's in autumn (October to December, but India's in December 2024); other
    months are other editions'."""
    if (year, month) == (2024, 12):
        return "India"  # Delhi, 11-12 December 2024
    return "EU" if 3 <= month <= 5 else "NA" if 10 <= month <= 12 else None


def _colocated_day(match: re.Match[str], year_hint: int | None) -> str | None:
    key = _written(match.group("name"), _COLOCATED_DAYS)
    name = _COLOCATED_DAYS[key]
    words = re.split(r"[\s\-_]+", (match.group("where") or "").lower())
    region, city_year = "", None
    for size in (3, 2, 1):  # "salt lake city", "north america", "paris"
        where = " ".join(words[:size])
        if where in _REGIONS:
            region = _REGIONS[where]
            break
        if where in _KUBECON_CITIES:
            region, city_year = _KUBECON_CITIES[where]
            break
    year = _year(match.group("year")) or city_year or year_hint
    if not (year or region):
        return None
    if key in _DAY_NEEDS_WHERE and (not region or re.search(r"\s", match.group(0))):
        return None  # only as a file's name writes it, with the city: "batchday-chi"
    if key in _DAY_NEEDS_PLACE and not region:
        return None
    return " ".join(p for p in (name, region, str(year) if year else "") if p)


def _devopsdays(match: re.Match[str]) -> str | None:
    raw = (match.group("city") or match.group("c2") or "").lower().replace("_", " ")
    city = _CITY_CODES.get(raw) or _city_name(raw.replace("-", " ")).title()
    year = _year(match.group("year") or match.group("y2"))
    if not city or raw in {"notes", "recap", "day", "talks", "raw"} or year is None:
        return None
    if len(raw) == 2 and raw not in _CITY_CODES:
        return None  # a code we do not know
    return f"DevOpsDays {city} {year}"


def _edition(word: str | None) -> str:
    """Which edition a word between an event's name and its year says: a region ("EU",
    "North America" -> "NA") or a city's code as written ("PDX"); anything else none."""
    if not word or word.lower() in {"notes", "recap", "day", "talks"}:
        return ""
    if word.lower() in _REGIONS:
        return _REGIONS[word.lower()]
    if word.title() in _COUNTRY_EDITIONS:
        return word.title()  # "Devoxx Belgium", "GopherCon Brazil"
    return word if word.isupper() and 2 <= len(word) <= 4 else ""


# Countries said short, as events named by their country are in titles and file names:
# "Devoxx BE", "devoxx-uk", "kcdno24" (KCD Norway 2024).
_COUNTRY_CODES = {
    "be": "Belgium", "fr": "France", "pl": "Poland", "uk": "UK", "ma": "Morocco",
    "gr": "Greece", "ua": "Ukraine", "no": "Norway", "nl": "Netherlands", "dk": "Denmark",
    "se": "Sweden", "it": "Italy", "es": "Spain", "ch": "Switzerland", "at": "Austria",
    "pt": "Portugal", "ro": "Romania", "in": "India",
}  # fmt: skip
# Codes that are also English words name a country only when written in capitals
# ("Devoxx IN 2025"): "at Devoxx in 2023" names no India.
_WORD_CODES = frozenset({"in", "at", "no", "it"})


def _country_code(word: str | None) -> str | None:
    if not word or (word.lower() in _WORD_CODES and not word.isupper()):
        return None
    return _COUNTRY_CODES.get(word.lower())


# Countries that name an event's edition as written ("Devoxx Belgium 2023").
_COUNTRY_EDITIONS = frozenset(
    {
        "Belgium", "France", "Poland", "Morocco", "Greece", "Ukraine", "Germany", "Italy",
        "Spain", "Portugal", "Netherlands", "Brazil", "Canada", "Australia", "Singapore",
        "Israel", "Switzerland", "Austria", "Sweden", "Norway", "Denmark", "Finland",
    }
)  # fmt: skip


def find(text: str, *, year_hint: int | None = None) -> Found | None:
    """The first event this text names (a title line, a heading, a file name)."""
    found: list[Found] = []
    for match in _KUBECON_RE.finditer(text):
        name = _kubecon(match, year_hint)
        if (name is None or len(name.split()) < 3) and (
            before := _city_before(text, match.start())
        ):
            # "HK KubeCon recap", "the Paris KubeCon": the city said first
            kubecon_region, city_year = before
            kubecon_year = (_year(name.split()[-1]) if name else None) or city_year or year_hint
            name = f"KubeCon {kubecon_region}" + (f" {kubecon_year}" if kubecon_year else "")
        if name is None and (city_after := _city_later(text, match.start("rest"), year_hint)):
            kubecon_region, city_year = city_after
            kubecon_year = city_year or year_hint
            name = f"KubeCon {kubecon_region}" + (f" {kubecon_year}" if kubecon_year else "")
        if name:
            found.append(Found(name, match.start(), match.end()))
    for match in _KCD_RE.finditer(text):
        year = _year(match.group("year")) or year_hint
        city = match.group("city").replace("_", " ").replace("-", " ")
        # "KCD AMSTERDAM 2023"; a code stays as written ("KCD UK 2024")
        city = city.title() if city.isupper() and len(city) > 3 else city
        city = _city_name(city)
        found.append(
            Found(f"KCD {city}" + (f" {year}" if year else ""), match.start(), match.end())
        )
    for match in _SRECON_RE.finditer(text):
        year = _year(match.group("y1") or match.group("y2")) or year_hint
        region = _SRECON_REGIONS.get((match.group("region") or "").lower())
        if region is None and (city := _SRECON_CITY_RE.search(text, match.end(), match.end() + 30)):
            region = _SRECON_CITIES[city["city"].lower()]
        if region is None and (code := _SRECON_CODE_RE.match(text, match.end())):
            region = _SRECON_CODES[code["code"].lower()]  # "srecon22-sf", "srecon19 dub"
        if year or region:
            parts = ("SREcon", region, str(year) if year else None)
            found.append(Found(" ".join(p for p in parts if p), match.start(), match.end()))
    for match in _COLOCATED_RE.finditer(text):
        # Held next to KubeCon: a region, or KubeCon's city then ("gitopscon-detroit").
        word = (match.group("region") or "").lower()
        region = _REGIONS.get(word, "")
        city_year = None
        if not region and word in _KUBECON_CITIES:
            region, city_year = _KUBECON_CITIES[word]
        key = match.group("name").lower()
        if not region and key in _STANDALONE and (city := _IN_CITY_RE.match(text, match.end())):
            # "SecurityCon 2024 in Seattle": where it was held says the edition
            region = _KUBECON_CITIES[city["city"].lower()][0]
        said = _year(match.group("year"))
        year = (
            (said or year_hint or city_year)
            if key in _STANDALONE
            else (said or city_year or year_hint)
        )
        if key == "appdev" and (year or 0) < _APPDEVELOPERCON_SINCE:
            continue  # "AppDevCon Amsterdam 2023": another conference, of app developers
        if year or region:
            parts = (_COLOCATED[key], region, str(year) if year else "")
            found.append(Found(" ".join(p for p in parts if p), match.start(), match.end()))
    for match in _COLOCATED_DAY_RE.finditer(text):
        if name := _colocated_day(match, year_hint):
            found.append(Found(name, match.start(), match.end()))
    for match in _DEVOPSDAYS_RE.finditer(text):
        if name := _devopsdays(match):
            found.append(Found(name, match.start(), match.end()))
    for match in _OSS_RE.finditer(text):
        written = match.group("region").lower()
        region = "Japan" if written == "j" else _REGIONS.get(written, match.group("region"))
        name = f"Open Source Summit {region} {_year(match.group('year'))}"
        found.append(Found(name, match.start(), match.end()))
    for match in _NAMED_RE.finditer(text):
        key = _written(match.group("name"), _NAMED_EVENTS)
        end = match.end()
        if key.startswith("pgconf") and re.match(r"[a-z]", text[match.end("name") :], re.I):
            continue  # "PGConf development track", "pgconf-devroom": no event
        year = _year(match.group("year")) or year_hint
        edition = _edition(match.group("edition"))
        city = (match.group("edition") or "").lower()
        if key in {"rejekts", "ndc", "kafka summit"} and not city:
            # "rejekts24-paris": the city after the year; "NDC Oslo that ...": no year
            # ("Kafka Summit recap (London)", "Kafka Summit in London": the city after)
            after = re.match(
                r"[\s\-_]*(?:recap\s*)?(?:\(|in\s+)?([a-z]+)",
                text[match.end() : match.end() + 30],
                re.I,
            )
            city = after.group(1).lower() if after else ""
        if key == "rejekts" and city in _KUBECON_CITIES:
            edition = _KUBECON_CITIES[city][0]  # held next to KubeCon, in its city
        if (
            key == "monitorama"
            and not edition
            and (re.search(r"(?i)\b(?:portland|pdx)\b", text) or (year or 0) >= 2019)
        ):
            # Its North American edition is named by its airport; since 2019 it is the
            # only one.
            edition = "PDX"
        written_edition = match.group("edition") or ""
        if key == "pycon" and written_edition.isupper():
            edition = written_edition  # "US", "DE": a country, not a region
        elif key == "pycon" and written_edition.lower() in _PYCON_COUNTRIES:
            edition = written_edition.upper()  # in a file's name too: "pycon-us-22"
        if key in _YEARLY_EVENTS and edition not in _REGIONS.values():
            edition = ""
        if key == "promcon" and not edition and (year or 0) < 2024 and year:
            edition = "EU"  # every PromCon before 2024 was held in Europe
        if key == "devoxx" and (country := _country_code(match.group("edition"))):
            edition = country  # "Devoxx BE 2024"
        if key == "hashiconf" and edition == "EU":
            edition = "Europe"  # its own name: "HashiConf Europe", as it was announced
        if key == "ndc":
            if city not in _NDC_CITIES:
                continue
            edition = city.title()
        if key == "kafka summit":
            edition = _KAFKA_SUMMIT_CITIES.get(city) or edition  # else as written
        if key == "aws summit":
            edition = _CITY_CODES.get(city) or (city.title() if city in _AWS_SUMMIT_CITIES else "")
        if key == "data council":
            written = match.group("name")
            if not (written.startswith("Data Council") or re.search(r"[\-_]", written)):
                continue  # "the data council in the Austin office": a body, not the event
            edition = _DATA_COUNCIL_CITIES.get(city, "")
            if not edition and (where := _IN_CITY_AFTER_RE.match(text, match.end())):
                # "Data Council 2024 in Austin": the city after the year
                edition = _DATA_COUNCIL_CITIES.get(where["city"].lower(), "")
            if not edition and not _year(match.group("year")):
                continue  # "the data council of the company": no event
        if (
            key == "pycon"
            and edition in {"DE", ""}
            and (
                joint := _PYDATA_BERLIN_RE.match(
                    text, match.start("edition") if edition else match.end()
                )
            )
        ):
            # Held together since 2023, under one name: "PyCon DE & PyData Berlin 2024".
            edition = "DE & PyData Berlin"
            year = _year(joint["year"]) or year
            end = joint.end()
        if key == "openinfra summit" and year in _OPENINFRA_SUMMITS:
            edition = _OPENINFRA_SUMMITS[year]  # each year's summit is named by its place
        parts = (_NAMED_EVENTS[key], edition, str(year) if year else "")
        found.append(Found(" ".join(p for p in parts if p), match.start(), end))
    for match in _MONITORAMA_SHORT_RE.finditer(text):  # "mon'18 PDX recap"
        found.append(Found(f"Monitorama PDX {_year(match['year'])}", match.start(), match.end()))
    for match in _SCALE_RE.finditer(text):
        found.append(Found(f"SCaLE {match['edition']}x", match.start(), match.end()))
    for match in _EUROPYTHON_SHORT_RE.finditer(text):
        if ep_year := _year(match["year"]):  # "ep12-dub" is an episode, not 2012
            found.append(Found(f"EuroPython {ep_year}", match.start(), match.end()))
    for match in _CLOUD_NEXT_RE.finditer(text):  # "Next '25 Vegas"
        if next_year := _year(match["year"]):
            found.append(Found(f"Google Cloud Next {next_year}", match.start(), match.end()))
    for match in _LISA_RE.finditer(text):
        if lisa_year := _year(match["year"]):
            found.append(Found(f"LISA {lisa_year}", match.start(), match.end()))
    for match in _CURRENT_RE.finditer(text):  # "Current 2023", "Fwd_ Current 24 Austin"
        current_year = _year(match["year"])
        if current_year and current_year >= _CURRENT_SINCE:
            found.append(Found(f"Current {current_year}", match.start(), match.end()))
    for match in _QCON_RE.finditer(text):  # "QCon NY", "QCon London 2024", "qcon-sf-23"
        qcon_year = _year(match["year"]) or year_hint
        qcon_city = _QCON_CITIES[re.sub(r"[\s\-_]+", " ", match["city"].lower())]
        name = " ".join(p for p in ("QCon", qcon_city, str(qcon_year or "")) if p)
        found.append(Found(name, match.start(), match.end()))
    for match in _LPC_RE.finditer(text):  # "#LPC2024", "lpc-24": Linux Plumbers, with a year
        found.append(
            Found(f"Linux Plumbers Conference {_year(match['year'])}", match.start(), match.end())
        )
    if not found:
        return None
    first = min(found, key=lambda f: f.start)
    # "#srecon18 [[SREcon18 Americas - Santa Clara]]": the same event, its edition said
    # further on, is the more precise name for it.
    name = first.name
    for later in sorted(found, key=lambda f: f.start):
        if later.start - first.end <= REFINE_WITHIN_CHARS:  # not a later paragraph's
            name = refined(name, later.name) or name
    return replace(first, name=name)


# How far after an event's first mention a finer name of it still names the same trip
# (its tag's wikilink); further on, a later paragraph may be about another edition.
REFINE_WITHIN_CHARS = 40
# "... 2024 in Austin" after an event's name.
_IN_CITY_AFTER_RE = re.compile(r"[\s,]{1,3}(?:in|at)\s+(?P<city>[A-Z][a-z]+(?: [A-Z][a-z]+)?)")
# "PyCon DE & PyData Berlin 2024", after "PyCon DE".
_PYDATA_BERLIN_RE = re.compile(
    rf"[\s\-_]*DE\s*&\s*PyData\s+Berlin(?:[\s\-_]*(?P<year>{_YEAR}))?", re.I
)
# Google Cloud Next said short, with its year's apostrophe: "Next '25 Vegas" ("next 25
# minutes" is no event).
_CLOUD_NEXT_RE = re.compile(r"(?<![\w'])Next\s?['\u2019](?P<year>1[7-9]|2\d)(?!\d)")
# USENIX LISA, by its capitals or in a file name with its year ("LISA19", "lisa-2018"):
# "Lisa" is a colleague as often ("sync with lisa 20 mins", "1on1-lisa-2024-03-12").
_LISA_RE = re.compile(
    r"(?<![A-Za-z])(?:LISA[\s\-_']?|lisa[\-_]?)(?P<year>(?:20)?\d{2})"
    r"(?!\d|[\-_.]\d{1,2}[\-_.]\d{1,2})"
)
# No event of a year later than this is read from a file's name ("dash-99" is no 2099).
_LATEST_YEAR = 2035
# InfoQ's QCon is named by its city, written out or short: "QCon NY" is "QCon New York".
_QCON_CITIES = {
    "new york": "New York", "ny": "New York", "nyc": "New York", "london": "London",
    "ldn": "London", "san francisco": "San Francisco", "sf": "San Francisco", "plus": "Plus",
}  # fmt: skip
_QCON_RE = re.compile(
    r"(?<![a-z])qcon[\s\-_]*(?P<city>new[\s\-_]+york|nyc|ny|london|ldn|san[\s\-_]+francisco|sf"
    rf"|plus)(?![a-z])(?:[\s\-_]*(?P<year>{_YEAR}))?",
    re.IGNORECASE,
)
# Confluent's Current (Kafka Summit's successor, since 2022), by its capital and a year:
# "the current 2024 roadmap" is none.
# After the year, what a title says next ("Current 24 Austin", "Current 2023 - recap",
# "Current 2024 notes"), not a count ("Current 30 services", "Current 24/7 on-call").
_CURRENT_RE = re.compile(
    r"(?<![\w-])Current[\s\-_]+(?P<year>20\d{2}|\d{2})"
    r"(?=[ \t]*$|[ \t]*[-\u2013\u2014|:,(_.]|[ \t]+[A-Z]"
    r"|[ \t]+(?:recap|notes|in|at|takeaways|learnings|trip|report|day)\b)",
    re.MULTILINE,
)
_CURRENT_SINCE = 2022
# Monitorama said short, as its regulars do, with its city: "mon'18 PDX", "mon18-pdx"
# (not the weekday: "Mon-21 pdx on-call handover").
_MONITORAMA_SHORT_RE = re.compile(
    r"(?<![a-z])(?-i:mon)['\u2019]?(?P<year>1[4-9]|2\d)[\s\-_]+(?:pdx|portland)(?![a-z])",
    re.IGNORECASE,
)
# SCaLE, the Southern California Linux Expo, counts its editions: "SCaLE 21x" (2024).
_SCALE_RE = re.compile(r"\bSCaLE[\s\-_]?(?P<edition>\d{1,2})x\b")
_LPC_RE = re.compile(r"(?<![a-z])lpc[\s\-_]*(?P<year>20\d{2}|\d{2})(?!\d)", re.IGNORECASE)
# The words that name an edition in an event's display name ("KubeCon EU 2024").
EDITIONS = frozenset({*_REGIONS.values(), "Americas", "EMEA", "APAC"})


def refined(name: str | None, other: str | None) -> str | None:
    """`other` when it is `name` with its edition said ("Cloud Native Rejekts 2023" from a
    title, "Cloud Native Rejekts EU 2023" from the file name "rejekts___ams-2023"), or with
    its edition and year when `name` says no year (a note app's "conference: [[KubeCon]]"
    over "KubeCon NA 2021"): one event, named the more precise way. Otherwise `name`."""
    if name is None or other is None:
        return name
    words, more = name.split(), other.split()
    extra = [w for w in more if w not in words]
    undated = not any(c.isdigit() for c in name)
    said = [w for w in extra if w not in EDITIONS and not (undated and w.isdigit() and _year(w))]
    if extra and not said and [w for w in more if w in words] == words:
        return other
    return name


def finer(kubecon: str | None, other: str | None) -> str | None:
    """`other` if it is an event held next to the KubeCon `kubecon` names, of its year:
    a finer name for the same trip, in KubeCon's edition ("Platform Engineering Day 2025"
    beside "KubeCon EU 2025" is "Platform Engineering Day EU 2025"). Otherwise None."""
    if not kubecon or not other or not kubecon.startswith("KubeCon "):
        return None
    *_, region, year = ["", *kubecon.split()]
    if not held_next_to_kubecon(other) or not other.endswith(year):
        return None
    if region != "KubeCon" and f" {region} " not in other:
        return f"{other.removesuffix(year).rstrip()} {region} {year}"
    return other


# A KCD in a lowercase file name: "kcd-porto-2024", "kcd_munich_23".
_KCD_FILE_RE = re.compile(rf"(?<![a-z])kcd[\s\-_]*(?P<city>[a-z]{{2,}})[\s\-_]*(?P<year>{_YEAR})")


# Events file names say short, with their year: "reinvent21" (no colon in a name),
# "gcp-next23".
_FILE_EVENTS = {
    "re invent": "AWS re:Invent",
    "gcp next": "Google Cloud Next",
    "dash": "DASH",  # Datadog's conference: "sre-crew-dash24"
    "gcuk": "GopherCon UK",  # "gcuk23-brewery-talks"
}
# (A year, not the start of a day: "grafana-dash-2024-05-01" is a dashboard's.)
_FILE_EVENT_RE = re.compile(
    rf"(?<![a-z])(?P<name>{_names(_FILE_EVENTS)})[\s\-_]*(?P<year>20\d{{2}}|\d{{2}})"
    r"(?![\d]|[\-_.]\d{1,2}[\-_.]\d{1,2})"
)


def from_file_name(name: str, *, year_hint: int | None = None) -> str | None:
    """The event a file's name says ("kubecon-na-2023-chicago.md", "KubeConEU2022.md")."""
    stem = re.sub(r"\.[A-Za-z0-9]{1,9}$", "", name)
    found = find(stem, year_hint=year_hint)
    said = _FILE_EVENT_RE.search(stem.lower()) if found is None else None
    if said and (file_year := _year(said["year"])) and file_year <= _LATEST_YEAR:
        return f"{_FILE_EVENTS[_written(said['name'], _FILE_EVENTS)]} {file_year}"
    if found is None and (kcd := _KCD_FILE_RE.search(stem.lower())):
        code = kcd["city"]
        city = _COUNTRY_CODES.get(code) or _CITY_CODES.get(code)  # "kcdno24", "kcdams23"
        if city is None and len(code) == 2:
            return None  # a code we do not know
        city = city or _city_name(code.title())
        kcd_year = _year(kcd["year"])
        return f"KCD {city} {kcd_year}" if kcd_year else None
    return found.name if found else None
