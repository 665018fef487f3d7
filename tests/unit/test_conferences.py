"""One display form per event, whichever way a team wrote it."""

from __future__ import annotations

import pytest

from bot.transfer.conferences import (
    find,
    from_file_name,
    kubecon_of_city,
    kubecon_region_in,
    refined,
)


@pytest.mark.parametrize(
    ("written", "event"),
    [
        ("Our takeaways from KubeCon Valencia", "KubeCon EU 2022"),
        ("KubeConEU2022", "KubeCon EU 2022"),
        ("KubeCon + CloudNativeCon Europe 2024: what we learned", "KubeCon EU 2024"),
        ("KubeCon NA 2019", "KubeCon NA 2019"),
        ("Notes from KubeCon SLC 2024", "KubeCon NA 2024"),
        ("KubeCon Amsterdam '23 notes", "KubeCon EU 2023"),
        ("Five things from KubeCon Detroit", "KubeCon NA 2022"),
        ("KubeCon North America 2023 recap", "KubeCon NA 2023"),
        ("SREcon23 Americas recap", "SREcon Americas 2023"),
        ("FOSDEM'24 devroom notes", "FOSDEM 2024"),
        ("Monitorama PDX 2023 notes", "Monitorama PDX 2023"),
        ("Cloud Native Rejekts EU 2024", "Cloud Native Rejekts EU 2024"),
        ("OSS EU 2023 bilbao - day 2", "Open Source Summit EU 2023"),
        ("Platform Eng Day Paris 2024", "Platform Engineering Day EU 2024"),
        ("Observability Day North America 2024", "Observability Day NA 2024"),
        ("Linkerd Day, Salt Lake City 2024", "Linkerd Day NA 2024"),
        ("DevOpsDays Amsterdam 2023", "DevOpsDays Amsterdam 2023"),
        ("HashiConf Global 2022: day one", "HashiConf 2022"),
        ("HashiConf Europe 2022", "HashiConf Europe 2022"),  # its own name
        ("Re: DoK Day Paris - what we heard about operators", "Data on Kubernetes Day EU 2024"),
        # The OpenInfra Summit is named by its place; a title that says only the year
        # gets the place of that year's summit.
        ("Trip report: OpenInfra Summit 2023", "OpenInfra Summit Vancouver 2023"),
        ("KCD Zürich 2024: what we took home", "KCD Zurich 2024"),
        ("All Systems Go! 2024 (Berlin): takeaways", "All Systems Go! 2024"),
        ("PyCon US 2024 notes from Pittsburgh", "PyCon US 2024"),
        ("#LPC2024 day 2 in Vienna", "Linux Plumbers Conference 2024"),
        ("DevConf.CZ 2024 day 1", "DevConf.CZ 2024"),
        ("OpenInfra Summit Berlin 2022 notes", "OpenInfra Summit Berlin 2022"),
        ("KCD UK 2024: two days underground at CodeNode", "KCD UK 2024"),
        ("Four days at SCaLE 21x (Nix, Tofu, Postgres)", "SCaLE 21x"),
        # Every PromCon before 2024 was in Europe; Devoxx's editions said short.
        ("promcon 2019 munich - notes (jens)", "PromCon EU 2019"),
        ("Devoxx BE 2024 - recap from Ines, Pavel and me", "Devoxx Belgium 2024"),
        ("we were at Devoxx in 2023", "Devoxx 2023"),  # "in" is no India
        # Monitorama's only edition since 2019 is Portland's.
        ("Monitorama 2019: what stuck with us", "Monitorama PDX 2019"),
        # A country names the edition as written.
        ("Five days in a cinema: our Devoxx Belgium 2023 notes", "Devoxx Belgium 2023"),
        ("PromCon EU 2023 recap", "PromCon EU 2023"),
        (
            "What we carried home from Cloud Native SecurityCon 2024 in Seattle",
            "Cloud Native SecurityCon NA 2024",
        ),
        (
            "programme: https://devopsdays.org/events/2023-amsterdam/program",
            "DevOpsDays Amsterdam 2023",
        ),
        # EuroPython said short with its city; NDC named by its city.
        ("EP24 Prague: talk notes", "EuroPython 2024"),
        ("EuroPython 2023 in Prague", "EuroPython 2023"),
        ("Percona Live 2023 Denver", "Percona Live 2023"),
        ("NDC Oslo 2023: five talks", "NDC Oslo 2023"),
        # USENIX LISA by its capitals, Data Council and NDC by their city, PyCon DE by
        # the name it shares with PyData Berlin, AppDeveloperCon said short by KubeCon's
        # city.
        ("LISA19 Portland", "LISA 2019"),
        ("Data Council Austin 2024", "Data Council Austin 2024"),
        ("Back from Data Council 2024 in Austin", "Data Council Austin 2024"),
        ("PyCon DE & PyData Berlin 2024", "PyCon DE & PyData Berlin 2024"),
        ("AppDevCon SLC: tue 12 nov", "AppDeveloperCon NA 2024"),
        ("Subject: RE: Next '25 Vegas - recap for cloud platform", "Google Cloud Next 2025"),
        ("devopsdays-gent-2024", "DevOpsDays Ghent 2024"),  # the city in Dutch
        ("PGConf EU 2022", "PGConf.EU 2022"),  # its dot, as the event writes it
        ("viva-engage-cloud-guild-aws-summit-ldn-2024", "AWS Summit London 2024"),
        # QCon by its city, written out however it was said
        ("QCon NY 2023: cells, golden paths and telemetry bills", "QCon New York 2023"),
        ("QCon London 2024 notes", "QCon London 2024"),
        ("qcon-sf-23-platform-track", "QCon San Francisco 2023"),
        # short names as hashtags and topics say them
        ("#SOOCon24 two days at the QEII centre", "State of Open Con 2024"),
        ("obscon24 london", "ObservabilityCON 2024"),
        # KubeCon's city said first
        ("HK KubeCon 2025 recap", "KubeCon China 2025"),
        ("the Paris KubeCon 2024", "KubeCon EU 2024"),
        # ... or later on its line; a transcript's "Cube Con" is KubeCon
        ("So, Cube Con debrief. Three of you were in Salt Lake", "KubeCon NA 2024"),
        # events held once a year: a city is no edition, a region is
        ("RustConf MTL '24 - learnings, one comment per talk", "RustConf 2024"),
        ("DockerCon SF '19 \u2014 notes as we go", "DockerCon 2019"),
        ("DockerCon EU 2018 Barcelona", "DockerCon EU 2018"),
        ("Five things we learned at PGConf NYC 2023", "PGConf NYC 2023"),  # its own name
        ("#CNKAIDay SLC 2024", "Cloud Native & Kubernetes AI Day NA 2024"),
        ("ContainerDays 22 HH", "ContainerDays 2022"),  # Hamburg's, once a year
    ],
)
def test_titles(written: str, event: str) -> None:
    found = find(written)
    assert found is not None and found.name == event


def test_an_event_s_hashtag_names_it_with_the_year_given() -> None:
    assert find("#javazone \U0001f9f5 conf days", year_hint=2023).name == "JavaZone 2023"  # type: ignore[union-attr]
    assert find("wed 16.11  #promcon  day 1", year_hint=2022).name == "PromCon EU 2022"  # type: ignore[union-attr]


def test_a_kubecon_s_city_after_it_names_it_only_where_it_was() -> None:
    # "in Valencia" later on the line is where it was; not after "since Barcelona".
    found = find("KubeCon debrief: we were in Valencia all week")
    assert found is not None and found.name == "KubeCon EU 2022"
    assert find("Our first KubeCon since Barcelona. We were in Valencia all week") is None
    assert find("KubeCon was great. Back in the office on Monday") is None
    assert find("a cube configuration in Paris") is None, "no Cube Con"
    assert find("KubeCon since the one in Barcelona") is None
    # a city of another year than the notes' is not where it was
    assert find("KubeCon notes, written up by the folks in Berlin", year_hint=2024) is None


def test_a_kubecon_city_and_its_year_name_that_kubecon() -> None:
    assert kubecon_of_city("Valencia 2022 \u2013 what we brought back") == "KubeCon EU 2022"
    assert kubecon_of_city("PLAT-Valencia-2022-what-we-brought-back.txt") == "KubeCon EU 2022"
    assert kubecon_of_city("Valencia 2019 offsite") is None, "not the year KubeCon was there"
    # a city that held it in more than one year, or a year it was not there: none
    assert kubecon_of_city("Amsterdam 2021 offsite") is None
    assert kubecon_of_city("Tokyo 2019 team trip") is None


def test_a_word_that_is_no_event_names_none() -> None:
    assert find("We will not reinvent the wheel in 2024") is None
    assert find("OSS projects in 2023") is None, "open source software is no summit"
    assert find("we listened to ep 12 of the podcast", year_hint=2023) is None
    assert find("ep-12-dublin") is None, "an episode, not EuroPython 2012"
    assert from_file_name("ep12-dub-notes.txt", year_hint=None) is None
    assert find("the NDC export job failed twice", year_hint=2023) is None, "no city: no NDC"
    assert find("Lisa from the SRE team said hi", year_hint=2019) is None, "a colleague"
    assert find("back in the next 25 minutes") is None, "Next '25 has its apostrophe"
    assert find("Next '12 planning") is None, "no Google Cloud Next before 2017"
    assert find("Sync with lisa 20 mins", year_hint=2020) is None
    assert find("the current 2024 roadmap") is None, "Current is said with its capital"
    assert find("Current 2019 numbers") is None, "no Current before 2022"
    assert find("Current 24/7 on-call rotation") is None, "a count, not a year"
    assert find("Current 30 services run on it") is None
    current = find("Fwd_ Current 24 Austin - recap")
    assert current is not None and current.name == "Current 2024"
    assert find("the data council in Austin office", year_hint=2024) is None
    assert find("AppDevCon Amsterdam 2023") is None, "another conference, before 2024"
    assert from_file_name("1on1-lisa-2024-03-12.md") is None, "a day, not LISA 2024"
    assert from_file_name("grafana-dash-2024-05-01.md") is None, "a dashboard's day"
    assert from_file_name("sprint-dash-01.md") is None
    assert from_file_name("dash-99.md") is None
    assert find("the data council of the company met", year_hint=2024) is None
    assert from_file_name("grafana-dashboards-24.md") is None, "no DASH in dashboards"


def test_events_said_their_own_way_in_file_names_and_hashtags() -> None:
    assert from_file_name("ep23-prg-scratch.txt", year_hint=None) == "EuroPython 2023"
    assert from_file_name("blog-ndc-oslo-23.txt", year_hint=None) == "NDC Oslo 2023"
    assert find("Five talks from NDC Oslo that changed our backlog", year_hint=2023).name == (  # type: ignore[union-attr]
        "NDC Oslo 2023"
    )
    assert find("#perconalive #dbre", year_hint=2023).name == "Percona Live 2023"  # type: ignore[union-attr]
    assert from_file_name("lisa-2018-notes.txt") == "LISA 2018"
    assert from_file_name("data-council-atx-2024.md") == "Data Council Austin 2024"
    assert from_file_name("signal-export-sre-crew-dash24.txt") == "DASH 2024", "Datadog's"


def test_events_said_short_with_their_city() -> None:
    assert find("sre18 dus").name == "SREcon EMEA 2018"  # type: ignore[union-attr]
    assert find("Subject: [obs-guild] mon'18 PDX recap").name == "Monitorama PDX 2018"  # type: ignore[union-attr]
    assert find("Kafka Summit Ldn tue 16/5", year_hint=2023).name == "Kafka Summit London 2023"  # type: ignore[union-attr]
    assert find("Re: Kafka Summit Blr - notes").name == "Kafka Summit Bangalore"  # type: ignore[union-attr]
    assert find("kc15 sf").name == "KubeCon NA 2015"  # type: ignore[union-attr]
    assert find("#kcsd19").name == "KubeCon NA 2019"  # type: ignore[union-attr]
    assert find("Re: SREcon recap (Singapore)", year_hint=2023).name == "SREcon APAC 2023"  # type: ignore[union-attr]
    assert find("tofu day SLC 🏔️", year_hint=2024).name == "OpenTofu Day NA 2024"  # type: ignore[union-attr]
    assert find("it was tofu day at the canteen", year_hint=2024) is None
    assert find("Kafka Summit recap (London)", year_hint=2023).name == "Kafka Summit London 2023"  # type: ignore[union-attr]
    assert find("back from Kafka Summit in London", year_hint=2023).name == (  # type: ignore[union-attr]
        "Kafka Summit London 2023"
    )
    assert find("Kafka Summit in the morning", year_hint=2023).name == "Kafka Summit 2023"  # type: ignore[union-attr]
    assert find("what I learned at PyCon in 2019").name == "PyCon 2019"  # type: ignore[union-attr]
    assert find("kcsea18 notes").name == "KubeCon NA 2018"  # type: ignore[union-attr]
    # a day after the month is no year; a year is
    assert find("KubeCon SD, Nov 18\u201321").name == "KubeCon NA 2019"  # type: ignore[union-attr]
    assert find("KubeCon EU march 2024", year_hint=2020).name == "KubeCon EU 2024"  # type: ignore[union-attr]
    assert find("KubeCon NA nov '18").name == "KubeCon NA 2018"  # type: ignore[union-attr]
    assert find("PGConf.dev 2024 - db team notes").name == "PGConf.dev 2024"  # type: ignore[union-attr]
    assert from_file_name("pgconf-dev-2024.md") == "PGConf.dev 2024"
    assert find("KubeCon SD, Nov 18-21").name == "KubeCon NA 2019"  # type: ignore[union-attr]
    assert find("KubeCon NA, Nov 12-15 2024").name == "KubeCon NA 2024"  # type: ignore[union-attr]
    assert find("KubeCon EU Mar 24").name == "KubeCon EU 2024"  # type: ignore[union-attr]
    assert from_file_name("kubecon-eu-mar-24.md") == "KubeCon EU 2024"
    # codes that are words too, tickets, weekdays and other tracks are no event
    assert find("KubeCon talk about the SD card", year_hint=2024) is None
    assert find("KubeCon: a sea of vendors", year_hint=2023) is None
    assert find("Monday is batch day, SLC time", year_hint=2023) is None
    assert find("SRE-21 ldn failover runbook") is None
    assert from_file_name("jira-sre-21-ldn.md") is None
    assert find("Mon-21 pdx on-call handover") is None
    assert find("PGConf development track", year_hint=2024) is None
    assert from_file_name("pgconf-devroom-2024.md") is None
    # the same event named again further on, with its edition: the finer name
    tagged = find("#conf #srecon18 [[SREcon18 Americas - Santa Clara]]")
    assert tagged is not None and tagged.name == "SREcon Americas 2018"
    # without the city's code, the short forms are something else: a ticket, a month
    assert find("fixed in sre23 by the on-call", year_hint=2023) is None
    assert find("mon 18 may standup", year_hint=2023) is None
    assert find("Friday is batch day again", year_hint=2023) is None


def test_srecon_s_region_comes_from_its_city() -> None:
    found = find("Three days of SREcon in Dublin: what we are bringing home", year_hint=2024)
    assert found is not None and found.name == "SREcon EMEA 2024"


def test_a_missing_year_comes_from_the_posts_date() -> None:
    found = find("What we learned at KCD Munich", year_hint=2023)
    assert found is not None and found.name == "KCD Munich 2023"
    assert find("KubeCon Amsterdam", year_hint=2020).name == "KubeCon EU 2020"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("name", "event"),
    [
        ("kubecon-na-2023-chicago.md", "KubeCon NA 2023"),
        ("KubeConEU2022.md", "KubeCon EU 2022"),
        ("kceu23-amsterdam-notes.txt", "KubeCon EU 2023"),
        ("2024-03-kubecon-paris.md", "KubeCon EU 2024"),
        ("fosdem25-phone-notes.txt", "FOSDEM 2025"),
        ("rejekts-chicago-2023-teams-export.txt", "Cloud Native Rejekts NA 2023"),
        ("kccnc-china19-mm-thread.txt", "KubeCon China 2019"),
        ("gitops-guild-slack-argocon-eu24.txt", "ArgoCon EU 2024"),
        ("gitopscon-detroit-tweet-thread-copy.txt", "GitOpsCon NA 2022"),
        ("argocon-ams-23-discord-copy.txt", "ArgoCon EU 2023"),
        ("telegram-plataforma-kcd-porto-2024.txt", "KCD Porto 2024"),
        ("o11yday-slc-2024-notes-by-theme.md", "Observability Day NA 2024"),
        ("dodams23-ops-irclog.txt", "DevOpsDays Amsterdam 2023"),
        ("zenn-ossj2024-edge-team-report.txt", "Open Source Summit Japan 2024"),
        ("halfopenports-blogspot-oss-na-denver-2025.txt", "Open Source Summit NA 2025"),
        ("zulip-platform-eng-wasmday-chi23.txt", "Cloud Native Wasm Day NA 2023"),
        ("reliability-guild-gchat-srecon22-sf.txt", "SREcon Americas 2022"),
        ("packetpantry-cilium-ebpf-day-na-2024.txt", "Cilium + eBPF Day NA 2024"),
        ("kettlehole-blog-securitycon-na-2024-seattle.txt", "Cloud Native SecurityCon NA 2024"),
        ("whatsapp-chat-dod-ldn-24-crew.txt", "DevOpsDays London 2024"),
        ("devopsdays-chicago-2024.md", "DevOpsDays Chicago 2024"),
        ("cdcon-2023-hallway-notes.txt", "cdCon 2023"),
        ("rejekts24-paris.txt", "Cloud Native Rejekts EU 2024"),
        ("platformengday-slc-2024-notebook.txt", "Platform Engineering Day NA 2024"),
        ("team-kcd-zuerich-24.txt", "KCD Zurich 2024"),
        ("allthingsopen-2024.md", "All Things Open 2024"),
        # Short forms: a canton's code, KubeCon's first edition by its year and city (San
        # Francisco, 2015: North America's, as the region-named editions after it).
        ("slack-platform-guild-dodzh23.txt", "DevOpsDays Zurich 2023"),
        ("keep-takeout-kc15-sf.txt", "KubeCon NA 2015"),
        ("dodxy23-notes.txt", None),
        ("medium-k8s-edge-day-ams-2023.txt", "Kubernetes on Edge Day EU 2023"),
        ("discord-platform-crew-kcd-bud-25.txt", "KCD Budapest 2025"),
        ("batch-hpc-day-chi.txt", "Kubernetes Batch + HPC Day NA 2023"),
        ("batchday-chi.txt", "Kubernetes Batch + HPC Day NA 2023"),  # with KubeCon's city
        ("batchday.txt", None),  # "batch day" alone is no event's name
        ("checkvist-tofuday-slc-nov24.txt", "OpenTofu Day NA 2024"),
        ("monitorama17-pdx.txt", "Monitorama PDX 2017"),  # Portland's by its airport
        ("pycon-us-22-slc-coda-doc.txt", "PyCon US 2022"),  # a country, not a region
        ("sre18-dus.txt", "SREcon EMEA 2018"),
        ("obs-guild-mon18-pdx-thread.txt", "Monitorama PDX 2018"),
        ("gcuk23-brewery-talks.txt", "GopherCon UK 2023"),
        ("mm-platform-konferanser-kcdno24.txt", "KCD Norway 2024"),
        ("onenote-promday-dtw.txt", "Prometheus Day NA 2022"),
        ("slack-cloud-infra-reinvent21.txt", "AWS re:Invent 2021"),
        ("slack-platform-gcp-next23-sf.txt", "Google Cloud Next 2023"),
        ("ebpfday-vlc22-laptop.txt", "Cloud Native eBPF Day EU 2022"),
        ("notes.txt", None),
        ("kubectl-tips.md", None),
    ],
)
def test_file_names(name: str, event: str | None) -> None:
    assert from_file_name(name) == event


def test_a_file_name_that_says_the_edition_refines_a_title_that_does_not() -> None:
    title = "Cloud Native Rejekts 2023"
    assert refined(title, from_file_name("rejekts___ams-2023.md")) == "Cloud Native Rejekts EU 2023"
    assert refined(title, "KubeCon EU 2023") == title, "another event is no refinement"
    assert refined(title, None) == title
    # A name with no year (a note app's "[[KubeCon]]") takes the edition and the year.
    assert refined("KubeCon", "KubeCon NA 2021") == "KubeCon NA 2021"
    assert refined("KubeCon", "KubeCon Foo 2021") == "KubeCon"


def test_a_standalone_event_s_city_says_its_region_not_its_year() -> None:
    name = "least-privilege-letter-31-securitycon-seattle.txt"
    assert from_file_name(name, year_hint=2023) == "Cloud Native SecurityCon NA 2023"


def test_kubecon_named_in_passing_is_no_event() -> None:
    assert find("co-located w/ KubeCon, tiny room at the end", year_hint=2024) is None


def test_an_article_before_kubecon_is_no_city() -> None:
    assert find("Ce que j'ai appris à la KubeCon", year_hint=2024) is None
    assert find("Retour sur la KubeCon 2024") != find("LA KubeCon 2021")
    assert find("LA KubeCon 2021").name == "KubeCon NA 2021"  # type: ignore[union-attr]


def test_kubecon_since_another_city_is_not_that_city_s_edition() -> None:
    # "our first KubeCon since Barcelona" is at some later KubeCon, not at Barcelona's
    assert find("Our first in-person KubeCon since Barcelona. We split up") is None
    assert find("KubeCon Barcelona was our first") is not None


def test_the_kubecon_of_a_month() -> None:
    assert kubecon_region_in(2025, 4) == "EU"
    assert kubecon_region_in(2018, 12) == "NA"  # Seattle
    assert kubecon_region_in(2024, 12) == "India"  # Delhi
    assert kubecon_region_in(2025, 8) is None  # Hyderabad, Hong Kong: no region said
