"""SQLAlchemy 2.0 typed models. Alembic migrations are the only way these tables come to exist."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    false,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

# Stable constraint names so migrations can refer to them on SQLite (batch mode) and Postgres.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# SQLite only autoincrements an INTEGER PRIMARY KEY; Postgres gets a 64-bit identity.
BigId = BigInteger().with_variant(Integer(), "sqlite")


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on both SQLite (which drops the zone) and Postgres."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(UTC)
        # SQLite stores text; keep it naive UTC so string ordering is time ordering.
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


# The author of notes imported from files (`takeaways import` without --author): no
# person of the workspace recorded them, so answers credit nobody and digests count
# them apart.
IMPORT_AUTHOR = "UIMPORT"
IMPORT_AUTHOR_NAME = "import"


def new_uid() -> str:
    """A row's stable id across databases (export and import keep it; ids are renumbered)."""
    return uuid.uuid4().hex


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {datetime: UTCDateTime()}


class Workspace(Base):
    """A Slack workspace (team) that has used the bot."""

    __tablename__ = "workspaces"

    team_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    enterprise_id: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[datetime]
    # Bumped on every takeaway write (storage.takeaways.record_change), which also logs
    # the changed ids in search_changes under the new value: in-memory search indexes on
    # every replica apply the changes since the version they hold.
    content_version: Mapped[int] = mapped_column(BigInteger, default=0)
    # The last number given to a takeaway / follow-up of this workspace (storage.numbers).
    takeaway_seq: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    followup_seq: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")


class Takeaway(Base):
    __tablename__ = "takeaways"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    team_id: Mapped[str] = mapped_column(
        String(32), ForeignKey("workspaces.team_id", ondelete="CASCADE")
    )
    # Nullable only because SQLite cannot add a NOT NULL column to a full table (0007).
    uid: Mapped[str | None] = mapped_column(String(64), default=new_uid)
    # What people see and type: #1, #2... within the workspace (0008). Null only for rows
    # a previous release wrote during a rolling update: their id stands in (`ref`).
    number: Mapped[int | None] = mapped_column(BigInteger)
    enterprise_id: Mapped[str | None] = mapped_column(String(32))
    text: Mapped[str] = mapped_column(Text)
    conference: Mapped[str | None] = mapped_column(String(200))
    talk: Mapped[str | None] = mapped_column(String(300))
    links: Mapped[list[str]] = mapped_column(JSON, default=list)
    author: Mapped[str] = mapped_column(String(64))
    author_name: Mapped[str] = mapped_column(String(200), default="")
    # Saved from someone else's message ("Save as takeaway"): who originally wrote it.
    # `author` stays the person who saved it, because edit/delete rights follow `author`.
    source_author: Mapped[str | None] = mapped_column(String(64))
    source_author_name: Mapped[str | None] = mapped_column(String(200))
    # The post or page it was imported from, and the day of the event or post (0009):
    # an import of a 2019 write-up is shown as 2019, not as the day it was imported.
    source_url: Mapped[str | None] = mapped_column(Text)
    event_date: Mapped[date | None] = mapped_column(Date)
    # People who added their angle or whose takeaway was merged into this one (0012):
    # [{"user": "U2", "name": "bob"}], in the order they joined. `author` keeps the
    # edit/delete rights; co-authors are credited and may merge.
    coauthors: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list, server_default="[]")
    # Is it still true (0012)? `current` until its author says `outdated` or `superseded`
    # (by `superseded_by_id`: no foreign key, a deleted one just stops being named). The
    # author gets a DM on `revisit_on`; "Still true" sets `verified_at` and the next date.
    status: Mapped[str] = mapped_column(String(16), default="current", server_default="current")
    revisit_on: Mapped[date | None] = mapped_column(Date)
    verified_at: Mapped[datetime | None]
    superseded_by_id: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]

    tag_rows: Mapped[list[TakeawayTag]] = relationship(
        back_populates="takeaway",
        cascade="all, delete-orphan",
        order_by="TakeawayTag.position",
        lazy="selectin",
    )

    __table_args__ = (
        Index("ix_takeaways_team_created", "team_id", "created_at"),
        # Reading a workspace in id order (search index builds, exports).
        Index("ix_takeaways_team_id", "team_id", "id"),
        Index("ix_takeaways_team_author", "team_id", "author"),
        Index("ix_takeaways_team_conference", "team_id", "conference"),
        # Re-importing an export finds what is already there (INSERT .. ON CONFLICT).
        Index("uq_takeaways_team_uid", "team_id", "uid", unique=True),
        Index("uq_takeaways_team_number", "team_id", "number", unique=True),
        # What is due for review: the revisit pass and `takeaways stale`.
        Index("ix_takeaways_status_revisit", "status", "revisit_on"),
    )

    plus_one_rows: Mapped[list[TakeawayPlusOne]] = relationship(
        cascade="all, delete-orphan",
        order_by="TakeawayPlusOne.created_at",
        lazy="selectin",
    )

    @property
    def tags(self) -> list[str]:
        return [row.tag for row in self.tag_rows]

    @property
    def plus_ones(self) -> list[str]:
        """Who else learned it ("Me too"), first first."""
        return [row.user_id for row in self.plus_one_rows]

    # The takeaway that replaced this one, read with it (None once that one is deleted).
    superseded_by: Mapped[Takeaway | None] = relationship(
        primaryjoin="foreign(Takeaway.superseded_by_id) == remote(Takeaway.id)",
        lazy="selectin",
        # Self-referential: eager loading needs a depth (one: its number is all we show).
        join_depth=1,
    )

    @property
    def superseded_by_ref(self) -> int | None:
        return self.superseded_by.ref if self.superseded_by is not None else None

    @property
    def coauthor_ids(self) -> list[str]:
        return [str(c.get("user")) for c in self.coauthors or [] if c.get("user")]

    @property
    def ref(self) -> int:
        """The takeaway's number in its workspace: `#ref` in Slack, in commands and JSON."""
        return self.number if self.number is not None else self.id


class TakeawayTag(Base):
    __tablename__ = "takeaway_tags"

    takeaway_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("takeaways.id", ondelete="CASCADE"), primary_key=True
    )
    tag: Mapped[str] = mapped_column(String(64), primary_key=True)
    # Denormalised so "top tags of a workspace" and "list #tag" need no join to filter.
    team_id: Mapped[str] = mapped_column(String(32))
    position: Mapped[int] = mapped_column(Integer, default=0)

    takeaway: Mapped[Takeaway] = relationship(back_populates="tag_rows")

    __table_args__ = (Index("ix_takeaway_tags_team_tag", "team_id", "tag"),)


class TakeawayPlusOne(Base):
    """Someone else learned it too: a "Me too" click or a reaction on a takeaway (0012)."""

    __tablename__ = "takeaway_plus_ones"

    takeaway_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("takeaways.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime]

    __table_args__ = (Index("ix_takeaway_plus_ones_team_user", "team_id", "user_id"),)


class TakeawayMessage(Base):
    """A Slack message a takeaway was saved from (its permalink is one of the takeaway's
    links): a +1 reaction on that message counts for the takeaway (0012)."""

    __tablename__ = "takeaway_messages"

    team_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    channel_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    ts: Mapped[str] = mapped_column(String(32), primary_key=True)
    takeaway_id: Mapped[int] = mapped_column(BigId, ForeignKey("takeaways.id", ondelete="CASCADE"))

    __table_args__ = (Index("ix_takeaway_messages_takeaway_id", "takeaway_id"),)


class TakeawayAlias(Base):
    """A takeaway merged into another (0012): its uid (and number, when it had one in
    this database) now lead to the one it was merged into, in `show`, buttons and imports."""

    __tablename__ = "takeaway_aliases"

    team_id: Mapped[str] = mapped_column(
        String(32), ForeignKey("workspaces.team_id", ondelete="CASCADE"), primary_key=True
    )
    uid: Mapped[str] = mapped_column(String(64), primary_key=True)
    number: Mapped[int | None] = mapped_column(BigInteger)
    takeaway_id: Mapped[int] = mapped_column(BigId, ForeignKey("takeaways.id", ondelete="CASCADE"))

    __table_args__ = (
        Index("uq_takeaway_aliases_team_number", "team_id", "number", unique=True),
        Index("ix_takeaway_aliases_takeaway_id", "takeaway_id"),
    )


class DuplicateDismissal(Base):
    """Two takeaways someone chose to keep separate ("Keep separate"): never offered as
    duplicates again (0012). `first_id` < `second_id`."""

    __tablename__ = "duplicate_dismissals"

    first_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("takeaways.id", ondelete="CASCADE"), primary_key=True
    )
    second_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("takeaways.id", ondelete="CASCADE"), primary_key=True
    )
    team_id: Mapped[str] = mapped_column(String(32))

    __table_args__ = (Index("ix_duplicate_dismissals_second_id", "second_id"),)


class Followup(Base):
    """An action that came out of a takeaway ("trial Karpenter in QA"), tracked until done."""

    __tablename__ = "followups"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    team_id: Mapped[str] = mapped_column(
        String(32), ForeignKey("workspaces.team_id", ondelete="CASCADE")
    )
    takeaway_id: Mapped[int | None] = mapped_column(
        BigId, ForeignKey("takeaways.id", ondelete="SET NULL")
    )
    uid: Mapped[str | None] = mapped_column(String(64), default=new_uid)
    number: Mapped[int | None] = mapped_column(BigInteger)  # as Takeaway.number
    text: Mapped[str] = mapped_column(Text)
    owner: Mapped[str] = mapped_column(String(64))
    owner_name: Mapped[str] = mapped_column(String(200), default="")
    creator: Mapped[str] = mapped_column(String(64))
    due: Mapped[date | None] = mapped_column(Date)
    # open, done or dropped
    status: Mapped[str] = mapped_column(String(16), default="open")
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    closed_at: Mapped[datetime | None]
    closed_by: Mapped[str | None] = mapped_column(String(64))

    __table_args__ = (
        Index("ix_followups_team_status_owner", "team_id", "status", "owner"),
        Index("ix_followups_team_status_due", "team_id", "status", "due"),
        Index("uq_followups_team_uid", "team_id", "uid", unique=True),
        Index("uq_followups_team_number", "team_id", "number", unique=True),
        # A conference's follow-ups are found through its takeaways (0011).
        Index("ix_followups_takeaway", "takeaway_id"),
    )

    # The takeaway it came from, loaded with it: replies show "from takeaway #3".
    takeaway: Mapped[Takeaway | None] = relationship(lazy="selectin")

    @property
    def ref(self) -> int:
        """The follow-up's number in its workspace (see Takeaway.ref)."""
        return self.number if self.number is not None else self.id

    @property
    def takeaway_ref(self) -> int | None:
        return self.takeaway.ref if self.takeaway is not None else None


class WorkspaceDigest(Base):
    """Where and when a workspace's weekly digest goes (set with /takeaway digest here)."""

    __tablename__ = "digest_settings"

    team_id: Mapped[str] = mapped_column(
        String(32), ForeignKey("workspaces.team_id", ondelete="CASCADE"), primary_key=True
    )
    channel_id: Mapped[str] = mapped_column(String(32))
    cron: Mapped[str] = mapped_column(String(100))
    timezone: Mapped[str] = mapped_column(String(64))
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    updated_at: Mapped[datetime]
    updated_by: Mapped[str] = mapped_column(String(64))


class ChannelConference(Base):
    """A channel's default conference: adds there without `conf:` are filed under it."""

    __tablename__ = "channel_conferences"

    team_id: Mapped[str] = mapped_column(
        String(32), ForeignKey("workspaces.team_id", ondelete="CASCADE"), primary_key=True
    )
    channel_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    conference: Mapped[str] = mapped_column(String(200))
    set_by: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[datetime]


class DigestRun(Base):
    """One scheduled (or manual) digest. The unique run key is the exactly-once claim:
    whichever replica inserts it first posts; the others see the conflict and skip."""

    __tablename__ = "digest_runs"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    team_id: Mapped[str] = mapped_column(
        String(32), ForeignKey("workspaces.team_id", ondelete="CASCADE")
    )
    run_key: Mapped[str] = mapped_column(String(100))
    window_start: Mapped[datetime]
    window_end: Mapped[datetime]
    # claimed, posted or failed
    status: Mapped[str] = mapped_column(String(16))
    claimed_at: Mapped[datetime]
    finished_at: Mapped[datetime | None]
    channel_id: Mapped[str | None] = mapped_column(String(32))
    message_ts: Mapped[str | None] = mapped_column(String(32))
    error: Mapped[str | None] = mapped_column(String(200))
    new_count: Mapped[int] = mapped_column(Integer, default=0)
    open_count: Mapped[int] = mapped_column(Integer, default=0)

    __table_args__ = (
        UniqueConstraint("team_id", "run_key", name="uq_digest_runs_team_run_key"),
        Index("ix_digest_runs_team_status_window", "team_id", "status", "window_end"),
    )


class DailySend:
    """The columns of a one-DM-per-person-per-local-day claim table: the primary key is
    the claim (storage.schedules.claim_reminder)."""

    team_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    user_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    local_date: Mapped[date] = mapped_column(Date, primary_key=True)
    # claimed, sent or failed (a failed send is claimed again by the next pass)
    status: Mapped[str] = mapped_column(String(16))
    claimed_at: Mapped[datetime]
    sent_at: Mapped[datetime | None]
    channel_id: Mapped[str | None] = mapped_column(String(32))
    message_ts: Mapped[str | None] = mapped_column(String(32))
    attempts: Mapped[int] = mapped_column(Integer, default=1)


class ReminderSend(DailySend, Base):
    """At most one reminder DM per owner per local day."""

    __tablename__ = "reminder_sends"


class UserSettings(Base):
    """Per-user preferences and the Slack timezone last seen for them."""

    __tablename__ = "user_settings"

    team_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    user_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    reminders_enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    timezone: Mapped[str | None] = mapped_column(String(64))
    timezone_checked_at: Mapped[datetime | None]
    # Set by the person (`/takeaway me ...`, 0011): a timezone that wins over Slack's, the
    # working hours DMs keep to (start and end hour, local), and what they muted.
    timezone_set: Mapped[str | None] = mapped_column(String(64))
    work_start: Mapped[int | None] = mapped_column(Integer)
    work_end: Mapped[int | None] = mapped_column(Integer)
    mute_digest: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    mute_briefs: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # `/takeaway me hide` (0012): never named by `/takeaway who`.
    who_hidden: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class SlackEventClaim(Base):
    """Events API deliveries already taken by some replica: Slack retries an event it
    thinks was missed (X-Slack-Retry-Num), and a retry must not be answered twice."""

    __tablename__ = "slack_event_claims"

    event_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    claimed_at: Mapped[datetime] = mapped_column(index=True)


class SearchChange(Base):
    """Which takeaways changed at each content version of a workspace (the search index's
    change log). Writers of a workspace take turns on its `workspaces` row, so versions
    become visible in order and a reader at version v has seen every change up to v."""

    __tablename__ = "search_changes"

    team_id: Mapped[str] = mapped_column(
        String(32), ForeignKey("workspaces.team_id", ondelete="CASCADE"), primary_key=True
    )
    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    # No foreign key: a deleted takeaway's id must stay in the log.
    takeaway_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)


class Talk(Base):
    """A talk of a conference's schedule (`takeaways schedule import`), per workspace."""

    __tablename__ = "talks"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    team_id: Mapped[str] = mapped_column(
        String(32), ForeignKey("workspaces.team_id", ondelete="CASCADE")
    )
    # Derived from the conference and the schedule's own event id, so importing a newer
    # version of the same schedule updates its talks instead of adding them again.
    uid: Mapped[str] = mapped_column(String(64))
    # `/takeaway attend 12`: numbered within the workspace, like takeaways.
    number: Mapped[int] = mapped_column(BigInteger)
    conference: Mapped[str] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(String(300))
    speakers: Mapped[list[str]] = mapped_column(JSON, default=list)
    starts_at: Mapped[datetime | None]
    ends_at: Mapped[datetime | None]
    room: Mapped[str | None] = mapped_column(String(200))
    url: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]

    __table_args__ = (
        Index("uq_talks_team_uid", "team_id", "uid", unique=True),
        Index("uq_talks_team_number", "team_id", "number", unique=True),
        Index("ix_talks_team_conference_start", "team_id", "conference", "starts_at"),
    )


class TalkStar(Base):
    """Someone means to attend a talk (`/takeaway attend 12`, or the Home tab's button)."""

    __tablename__ = "talk_stars"

    talk_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("talks.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime]

    __table_args__ = (Index("ix_talk_stars_team_user", "team_id", "user_id"),)


class ConferenceAttendee(Base):
    """Someone goes to a conference (`/takeaway going "KubeCon EU 2025"`)."""

    __tablename__ = "conference_attendees"

    team_id: Mapped[str] = mapped_column(
        String(32), ForeignKey("workspaces.team_id", ondelete="CASCADE"), primary_key=True
    )
    conference: Mapped[str] = mapped_column(String(200), primary_key=True)
    user_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_name: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime]


class BriefSend(Base):
    """The pre-conference brief DM'd to one attendee: the primary key is the claim, so it
    goes out once however many replicas run the brief pass."""

    __tablename__ = "brief_sends"

    team_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    conference: Mapped[str] = mapped_column(String(200), primary_key=True)
    user_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    # claimed, sent or failed (a failed send is claimed again by the next pass)
    status: Mapped[str] = mapped_column(String(16))
    claimed_at: Mapped[datetime]
    sent_at: Mapped[datetime | None]
    channel_id: Mapped[str | None] = mapped_column(String(32))
    message_ts: Mapped[str | None] = mapped_column(String(32))
    attempts: Mapped[int] = mapped_column(Integer, default=1)
