"""What collaboration pages show: the forms with their guidance, the principles, one
collaboration with its agreement, check-ins and evaluations, and the public list.

Every function reads a fixed number of queries whatever the number of parties or rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from kakehashi.accounts.auth import CurrentUser
from kakehashi.accounts.models import User
from kakehashi.accounts.permissions import Owner
from kakehashi.collaborations.agreements import CLAUSES
from kakehashi.collaborations.models import (
    PRINCIPLES,
    AgreementApproval,
    AgreementVersion,
    CheckIn,
    CollaborationForm,
    Evaluation,
)
from kakehashi.collaborations.permissions import access, owners_of_collaboration
from kakehashi.directory import parties
from kakehashi.directory.parties import Party
from kakehashi.errors import NotFound
from kakehashi.i18n import gettext as _
from kakehashi.taxonomy.fields import label_for
from kakehashi.taxonomy.models import Field


def form_labels() -> dict[str, tuple[str, str]]:
    """Each form's name and its guidance in plain words (苫小牧市 第3章)."""
    return {
        CollaborationForm.CO_HOSTING: (_("Co-hosting"), _(
            "Citizens and the city both run the project, planning and carrying it out "
            "together. Both sides share the costs and the responsibility towards the public.")),
        CollaborationForm.COMMITTEE: (_("Executive committee or council"), _(
            "Citizens and the city set up a new body with money and people from both, and that "
            "body runs the work: a committee for a limited time, a council that stays.")),
        CollaborationForm.AGREEMENT: (_("Agreement"), _(
            "Citizens and the city agree in writing on a shared purpose and on each side's "
            "role, and help each other to reach it.")),
        CollaborationForm.COOPERATION: (_("Project cooperation"), _(
            "Each side brings its strengths over a period of time: citizens lead the work and "
            "the city supports it where needed.")),
        CollaborationForm.COMMISSION: (_("Commission"), _(
            "The city entrusts all or part of a task to a partner who can do it better. The "
            "final responsibility stays with the city, and the partner is an equal partner, "
            "not a cheap subcontractor.")),
        CollaborationForm.SUBSIDY: (_("Subsidy or grant"), _(
            "The city supports the citizens' project with money towards the shared purpose. "
            "Set a term and limits of use so that the partner stays independent.")),
        CollaborationForm.SPONSORSHIP: (_("Nominal sponsorship"), _(
            "The city lends its name to an event citizens organise, which builds trust and "
            "interest. There is no money from the city.")),
    }


def principle_labels() -> dict[str, tuple[str, str]]:
    """The eight principles ア–ク (小平市): the kana, the name."""
    names = (
        _("Sharing the purpose"), _("Respecting autonomy and independence"),
        _("Mutual understanding"), _("Equal partnership"), _("Sharing information"),
        _("Clear roles and responsibilities"), _("Sharing methods and solutions"),
        _("Openness and evaluation"),
    )
    kana = "アイウエオカキク"
    return {code: (kana[i], names[i]) for i, code in enumerate(PRINCIPLES)}


def principle_guidance() -> dict[str, str]:
    """What each principle asks, in the guideline's words (小平市 協働の原則 ア–ク), shown at
    each score so both parties score the same question."""
    texts = (
        _("Did we make the purpose clear and reach a shared understanding of it?"),
        _("Did we respect each other's autonomy and independence and recognise each other?"),
        _("Did we come to understand each other's ideals, mission and way of working, and "
          "respond flexibly?"),
        _("Did we stand as equals, with proper consultation and exchange of views, deciding "
          "nothing one-sidedly?"),
        _("Did we share the information about the work with each other?"),
        _("Were roles and responsibilities made clear from the start, according to the work "
          "and each party's abilities?"),
        _("Did we consult on methods, period, problems during the work and how to evaluate, "
          "as the work went on?"),
        _("Did we consult on making the work public and on evaluating it, and evaluate it "
          "together?"),
    )
    return dict(zip(PRINCIPLES, texts, strict=True))


def score_options() -> list[tuple[str, str]]:
    """The scale, each point named, so a 4 means the same to every party."""
    return [("1", _("1 — not at all")), ("2", _("2 — hardly")), ("3", _("3 — in part")),
            ("4", _("4 — mostly")), ("5", _("5 — fully"))]


def status_labels() -> dict[str, str]:
    return {"draft": _("Being agreed"), "agreed": _("Agreed"), "active": _("Under way"),
            "completed": _("Completed")}


@dataclass(frozen=True)
class VersionView:
    number: int
    purpose: str
    plan: str
    period_start: date
    period_end: date
    costs: list[dict[str, Any]]
    roles: list[dict[str, Any]]
    city_can: str
    city_cannot: str
    clauses: dict[str, str]
    """The written clauses (``agreements.CLAUSES``) by name."""
    check_in: tuple[int, str] | None
    """The agreed cadence of check-ins: (every, "week" | "month"), or None."""
    created_by: str
    created_at: datetime
    approvals: list[dict[str, Any]]
    """[{party: Party, by: name, at: datetime}] in approval order."""

    def approval_of(self, key: str) -> dict[str, Any] | None:
        return next((a for a in self.approvals if a["party"].key == key), None)

    @property
    def total(self) -> int:
        return sum(int(c.get("amount", 0)) for c in self.costs)


@dataclass(frozen=True)
class EvaluationView:
    party: parties.Party
    scores: dict[str, int]
    achieved: str
    to_improve: str


@dataclass(frozen=True)
class CollaborationDetail:
    id: int
    title: str
    summary: str
    status: str
    forms: list[tuple[str, str, str]]
    """(code, name, guidance)."""
    fields: list[str]
    field_codes: list[str]
    parties: list[Party]
    mine: list[Party]
    is_coordinator: bool
    may_act: bool
    """Coordinators and the parties' members change it (see ``permissions.Access``)."""
    may_speak: bool
    """The parties' members approve, check in and evaluate."""
    introduction_id: int | None
    created_at: datetime
    started_on: date | None
    completed_on: date | None
    published_at: datetime | None
    agreed_version: int | None
    versions: list[VersionView] = field(default_factory=list)
    check_ins: list[dict[str, Any]] = field(default_factory=list)
    evaluations: list[EvaluationView] = field(default_factory=list)
    """The evaluations this reader may see: before every party has submitted, only the
    reader's own parties' (the others' answers stay hidden, so no one adjusts to them)."""
    submitted_keys: frozenset[str] = frozenset()
    """Parties that have submitted their evaluation (shown to everyone who may act)."""
    consented_keys: frozenset[str] = frozenset()
    """Parties that agreed to publication (Kodaira ク)."""

    @property
    def latest(self) -> VersionView | None:
        return self.versions[-1] if self.versions else None

    @property
    def agreed(self) -> VersionView | None:
        return next((v for v in self.versions if v.number == self.agreed_version), None)

    @property
    def evaluated_keys(self) -> set[str]:
        return set(self.submitted_keys)

    @property
    def all_evaluated(self) -> bool:
        return all(p.key in self.submitted_keys for p in self.parties)

    @property
    def all_consented(self) -> bool:
        return all(p.key in self.consented_keys for p in self.parties)

    @property
    def answers_hidden(self) -> bool:
        """Others' evaluations are not shown yet: not every party has submitted."""
        return not self.published_at and not self.all_evaluated

    def evaluation_of(self, key: str) -> EvaluationView | None:
        return next((e for e in self.evaluations if e.party.key == key), None)


async def _names(user_ids: set[int]) -> dict[int, str]:
    if not user_ids:
        return {}
    rows = await User.filter(id__in=user_ids).values("id", "display_name")
    return {r["id"]: r["display_name"] for r in rows}


async def detail(user: CurrentUser | None, collaboration_id: int) -> CollaborationDetail:
    """The page of one collaboration (404 for those who may not see it)."""
    found = await access(user, collaboration_id)
    c = found.collaboration
    named = await parties.parties(found.owners)
    field_rows = await Field.filter(collaborations__id=c.id).order_by("position", "id").values(
        "code", "label_ja", "label_en")
    versions = await AgreementVersion.filter(collaboration_id=c.id).order_by("number")
    approvals = await AgreementApproval.filter(
        version__collaboration_id=c.id).order_by("approved_at", "id").values(
        "version_id", "party_kind", "party_id", "approved_by_id", "approved_at")
    check_ins = await CheckIn.filter(collaboration_id=c.id).order_by("-held_on", "-id").values(
        "held_on", "done", "problems", "next_steps", "party_kind", "party_id", "author_id")
    evaluations = await Evaluation.filter(collaboration_id=c.id).values(
        "party_kind", "party_id", "scores", "achieved", "to_improve", "publication_consented_at")
    submitted = {Owner(e["party_kind"], e["party_id"]) for e in evaluations}
    revealed = c.published_at is not None or all(o in submitted for o in found.owners)
    people = await _names(
        {v.created_by_id for v in versions if v.created_by_id}
        | {a["approved_by_id"] for a in approvals if a["approved_by_id"]}
        | {r["author_id"] for r in check_ins if r["author_id"]})

    def party_of(kind: str, party_id: int) -> parties.Party:
        return named.get(Owner(kind, party_id)) or parties.Party(kind, party_id, "—")

    labels = form_labels()
    public = not found.may_act
    return CollaborationDetail(
        id=c.id, title=c.title, summary=c.summary, status=str(c.status),
        forms=[(code, *labels[code]) for code in c.forms if code in labels],
        fields=[label_for(r["label_ja"], r["label_en"]) for r in field_rows],
        field_codes=[r["code"] for r in field_rows],
        parties=[named[o] for o in found.owners if o in named],
        mine=[named[o] for o in found.mine if o in named],
        is_coordinator=found.is_coordinator, may_act=found.may_act, may_speak=found.may_speak,
        introduction_id=None if public else c.introduction_id,
        created_at=c.created_at, started_on=c.started_on, completed_on=c.completed_on,
        published_at=c.published_at, agreed_version=c.agreed_version,
        versions=[
            VersionView(
                number=v.number, purpose=v.purpose, plan=v.plan, period_start=v.period_start,
                period_end=v.period_end,
                costs=[{**row, "party": _party_key(named, row)} for row in v.costs],
                roles=[{**row, "party": _party_key(named, row)} for row in v.roles],
                city_can=v.city_can, city_cannot=v.city_cannot,
                clauses={name: getattr(v, name) for name in CLAUSES},
                check_in=(v.check_in_every, v.check_in_unit) if v.check_in_every else None,
                created_by=people.get(v.created_by_id or 0, ""),
                created_at=v.created_at,
                approvals=[{"party": party_of(a["party_kind"], a["party_id"]),
                            "by": "" if public else people.get(a["approved_by_id"] or 0, ""),
                            "at": a["approved_at"]}
                           for a in approvals if a["version_id"] == v.id],
            )
            for v in versions
            if not public or v.number == c.agreed_version
        ],
        check_ins=[{**r, "party": party_of(r["party_kind"], r["party_id"]),
                    "author": "" if public else people.get(r["author_id"] or 0, "")}
                   for r in check_ins],
        evaluations=sorted(
            (EvaluationView(party_of(e["party_kind"], e["party_id"]), e["scores"],
                            e["achieved"], e["to_improve"])
             for e in evaluations
             if revealed or Owner(e["party_kind"], e["party_id"]) in found.mine),
            key=lambda e: [p.key for p in found.owners].index(e.party.key)
            if e.party.owner in found.owners else 99),
        submitted_keys=frozenset(o.key for o in submitted),
        consented_keys=frozenset(
            Owner(e["party_kind"], e["party_id"]).key for e in evaluations
            if e["publication_consented_at"] is not None),
    )


def _party_key(named: dict[Owner, parties.Party], row: dict[str, Any]) -> parties.Party:
    kind, _sep, number = str(row.get("party", "")).partition(":")
    owner = Owner(kind, int(number)) if number.isdigit() else Owner(kind, 0)
    return named.get(owner) or parties.Party(kind, owner.id, "—")


async def party_keys(collaboration_id: int) -> list[str]:
    return [o.key for o in await owners_of_collaboration(collaboration_id)]


def require_version(view: CollaborationDetail, number: int) -> VersionView:
    found = next((v for v in view.versions if v.number == number), None)
    if found is None:
        raise NotFound("Page not found")
    return found
