"""The desk's rows for proposals and 後援: each proposal by its title to the page that routes it,
each 後援 application with its answer date to its decision page, and a department's opinion due
soon to that department; acting removes the row."""

from __future__ import annotations

from datetime import timedelta

import httpx
from factories.introductions import world
from proposals.test_proposals import _submitted
from proposals.test_sponsorships import _data
from support import sign_in

from kakehashi.desk import reminders
from kakehashi.proposals import rules as proposals
from kakehashi.proposals import sponsorship_opinions, sponsorships


def _section(html: str, key: str) -> str:
    return html.split(f'id="desk-{key}"', 1)[1].split("</section>", 1)[0]


async def test_a_proposal_to_route_is_named_and_leaves_once_routed(
    client: httpx.AsyncClient,
) -> None:
    w = await world()
    proposal = await _submitted(w)
    await sign_in(client, w.coordinator)
    rows = _section((await client.get("/coordinator/desk")).text, "proposals")
    assert f'href="/coordinator/proposals/{proposal.id}"' in rows and proposal.title in rows
    await proposals.route(w.coordinator, proposal.id, w.department.id)
    rows = _section((await client.get("/coordinator/desk")).text, "proposals")
    assert f"/coordinator/proposals/{proposal.id}" not in rows


async def test_a_sponsorship_waits_on_the_desk_and_its_opinion_on_the_department(
    client: httpx.AsyncClient,
) -> None:
    w = await world()
    soon = sponsorships.today() + timedelta(days=5)
    application = await sponsorships.submit(w.member, w.group.id, _data(
        starts_on=soon, ends_on=soon))
    due = soon - timedelta(days=1)
    await sign_in(client, w.coordinator)
    rows = _section((await client.get("/coordinator/desk")).text, "sponsorships")
    assert f'href="/coordinator/sponsorships/{application.id}"' in rows
    assert f"（{due:%m/%d}）" in rows  # the answer date: the day before the event

    await sponsorship_opinions.ask(w.coordinator, application.id, w.department.id, "")
    owed = _section((await client.get("/coordinator/desk")).text, "sponsorship_opinions")
    assert f'href="/sponsorships/{application.id}#opinion"' in owed
    reminded = await reminders.overdue_by_person()
    assert any(row.key == f"sponsorship-opinion:{application.id}"
               for _group, row in reminded[w.staff.id])
    assert w.member.id not in reminded  # the group has nothing to do

    await sponsorship_opinions.give(w.staff, application.id, True, "施策に合う")
    html = (await client.get("/coordinator/desk")).text
    assert f"/sponsorships/{application.id}#opinion" not in _section(html, "sponsorship_opinions")
    assert f"/coordinator/sponsorships/{application.id}" in _section(html, "sponsorships")
    await sponsorships.decide(w.coordinator, application.id,
                              {g: False for g in sponsorships.REFUSAL_GROUNDS}, "approve", "",
                              True)
    html = (await client.get("/coordinator/desk")).text
    assert f"/coordinator/sponsorships/{application.id}" not in _section(html, "sponsorships")
