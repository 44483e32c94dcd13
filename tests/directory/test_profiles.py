"""Profile edits: one transaction, history of what changed, search text, confirmations kept."""

from __future__ import annotations

import pytest
from factories import accounts

from kakehashi.accounts.models import Role
from kakehashi.directory import profiles
from kakehashi.directory.models.history import ChangeRecord
from kakehashi.directory.models.orgs import Department, Organisation
from kakehashi.errors import DomainError, Forbidden, NotFound


def _profile(**changes: object) -> profiles.OrganisationProfile:
    values: dict[str, object] = {
        "name": "みどりの会", "furigana": "みどりのかい", "kind": "citizen_group",
        "area": "東地区", "description": "花壇の手入れ", "activities": "", "fields": (),
        "founded_year": None, "size": None, "criteria_declared": (), "public_contact": "",
        "contact_name": "", "contact_email": "", "contact_phone": "",
    }
    values.update(changes)
    return profiles.OrganisationProfile(**values)  # type: ignore[arg-type]


async def test_edit_records_only_what_changed_and_reindexes(db: str) -> None:
    group = await Organisation.create(name="みどりの会", furigana="みどりのかい",
                                      kind="citizen_group", area="東地区")
    user = await accounts.user("m@example.jp", Role.GROUP, "みどりの会")
    await profiles.update_organisation(
        user, group.id, _profile(description="公園の清掃", fields=("environment",), size=12)
    )
    record = await ChangeRecord.get(entity_type="organisation", entity_id=group.id)
    assert record.action == "edited"
    assert record.user_id == user.id  # type: ignore[attr-defined]
    assert record.changes == {
        "description": ["", "公園の清掃"], "fields": [[], ["environment"]], "size": [None, 12],
    }
    await group.refresh_from_db()
    assert "清掃" in group.search_text


async def test_confirmations_are_removed_only_with_their_declaration(db: str) -> None:
    group = await Organisation.create(
        name="みどりの会", kind="citizen_group",
        criteria_declared=["voluntary", "non_profit"], criteria_confirmed=["non_profit"],
    )
    user = await accounts.user("m@example.jp", Role.GROUP, "みどりの会")
    await profiles.update_organisation(
        user, group.id, _profile(criteria_declared=("voluntary", "non_profit", "self_reliant"))
    )
    assert (await Organisation.get(id=group.id)).criteria_confirmed == ["non_profit"]
    await profiles.update_organisation(user, group.id, _profile(criteria_declared=("voluntary",)))
    group = await Organisation.get(id=group.id)
    assert (group.criteria_declared, group.criteria_confirmed) == (["voluntary"], [])


async def test_unknown_field_code_writes_nothing(db: str) -> None:
    group = await Organisation.create(name="みどりの会", kind="citizen_group")
    user = await accounts.user("m@example.jp", Role.GROUP, "みどりの会")
    with pytest.raises(DomainError) as refused:
        await profiles.update_organisation(
            user, group.id, _profile(description="変更", fields=("welfare", "astrology"))
        )
    assert refused.value.field == "fields"
    assert (await Organisation.get(id=group.id)).description == ""
    assert not await ChangeRecord.exists()


async def test_duplicate_name_rolls_back(db: str) -> None:
    group = await Organisation.create(name="みどりの会", kind="citizen_group")
    await Organisation.create(name="あおぞら会", kind="citizen_group")
    user = await accounts.user("m@example.jp", Role.GROUP, "みどりの会")
    with pytest.raises(DomainError) as refused:
        await profiles.update_organisation(user, group.id, _profile(name="あおぞら会"))
    assert refused.value.field == "name"
    assert (await Organisation.get(id=group.id)).name == "みどりの会"
    assert not await ChangeRecord.exists()


async def test_the_service_itself_refuses_other_owners(db: str) -> None:
    await Organisation.create(name="みどりの会", kind="citizen_group")
    other = await Organisation.create(name="あおぞら会", kind="citizen_group")
    department = await Department.create(name="福祉課")
    member = await accounts.user("m@example.jp", Role.GROUP, "みどりの会")
    with pytest.raises(Forbidden):
        await profiles.update_organisation(member, other.id, _profile(name="あおぞら会"))
    with pytest.raises(Forbidden):
        await profiles.update_department(member, department.id, profiles.DepartmentProfile(
            "部", "", "", (), "", "", ""))
    with pytest.raises(NotFound):
        await profiles.update_organisation(member, 9999, _profile())


async def test_department_edit_keeps_history(db: str) -> None:
    department = await Department.create(name="福祉課", section="健康福祉部")
    staff = await accounts.user("f@city.example", Role.DEPARTMENT, "福祉課")
    await profiles.update_department(staff, department.id, profiles.DepartmentProfile(
        "福祉部", "見守り", "0144-00-0000", ("welfare.elderly",), "担当", "", ""))
    record = await ChangeRecord.get(entity_type="department", entity_id=department.id)
    assert record.changes["section"] == ["健康福祉部", "福祉部"]
    assert "見守り" in (await Department.get(id=department.id)).search_text
