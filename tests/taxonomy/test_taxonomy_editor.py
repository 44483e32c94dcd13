"""Editing the field taxonomy: codes are checked and stable, order is kept, used fields stay."""

from __future__ import annotations

import pytest

from kakehashi.directory.models.needs import Need
from kakehashi.directory.models.orgs import Organisation
from kakehashi.errors import DomainError
from kakehashi.taxonomy.editor import add_field, delete_field, edit_field, place_of, usage
from kakehashi.taxonomy.fields import list_fields
from kakehashi.taxonomy.models import Field


async def test_a_sub_area_gets_its_parents_code_and_sits_under_it(db: str) -> None:
    code = await add_field("lunch", "子ども食堂", "Children's cafeterias", "welfare")
    assert code == "welfare.lunch"
    codes = [f.code for f in await list_fields()]
    welfare_block = codes[codes.index("welfare"):codes.index("disaster")]
    assert welfare_block[-1] == "welfare.lunch"
    assert (await Field.get(code="welfare.lunch").prefetch_related("parent")).parent.code == (
        "welfare"
    )


async def test_new_top_level_field_goes_last(db: str) -> None:
    await add_field("health", "健康づくり", "Health", "")
    fields = await list_fields()
    assert fields[-1].code == "health" and fields[-1].parent_code is None


@pytest.mark.parametrize("bad", ["Health", "1st", "health-care", "健康", "a.b", "", "_x"])
async def test_bad_codes_are_refused_at_the_code_field(db: str, bad: str) -> None:
    with pytest.raises(DomainError) as refused:
        await add_field(bad, "健康", "Health")
    assert refused.value.field == "code"
    assert not await Field.filter(label_ja="健康").exists()


async def test_duplicate_code_and_missing_or_long_labels_are_refused(db: str) -> None:
    with pytest.raises(DomainError) as duplicate:
        await add_field("elderly", "高齢者2", "Older people 2", "welfare")
    assert duplicate.value.field == "code"
    with pytest.raises(DomainError) as empty:
        await add_field("health", "健康", "  ")
    assert empty.value.field == "label_en"
    with pytest.raises(DomainError) as long:
        await add_field("health", "健" * 101, "Health")
    assert long.value.field == "label_ja"
    with pytest.raises(DomainError) as nested:
        await add_field("deeper", "さらに", "Deeper", "welfare.elderly")
    assert nested.value.field == "parent"
    assert not await Field.filter(code__in=["health", "welfare.elderly.deeper"]).exists()


async def test_labels_change_but_the_code_stays(db: str) -> None:
    await edit_field("welfare.elderly", "高齢者福祉", "Elderly care")
    field = await Field.get(code="welfare.elderly")
    assert (field.label_ja, field.label_en) == ("高齢者福祉", "Elderly care")


async def test_reordering_moves_a_field_among_its_siblings(db: str) -> None:
    assert await place_of("welfare.childcare") == 3
    await edit_field("welfare.childcare", "子育て支援", "Child-rearing support", place=1)
    codes = [f.code for f in await list_fields()]
    assert codes[:4] == ["welfare", "welfare.childcare", "welfare.elderly", "welfare.disability"]
    await edit_field("welfare", "福祉", "Welfare", place=99)
    codes = [f.code for f in await list_fields()]
    assert codes[-4:] == ["welfare", "welfare.childcare", "welfare.elderly",
                          "welfare.disability"]


async def test_used_fields_and_fields_with_sub_areas_cannot_be_deleted(db: str) -> None:
    group = await Organisation.create(name="みどりの会", kind="npo")
    await group.fields_.add(await Field.get(code="environment.waste"))
    need = await Need.create(title="募集", organisation=group)
    await need.fields_.add(await Field.get(code="environment.waste"))
    with pytest.raises(DomainError) as used:
        await delete_field("environment.waste")
    assert used.value.params["groups"] == 1 and used.value.params["needs"] == 1
    with pytest.raises(DomainError) as parent:
        await delete_field("environment")
    assert "sub-areas" in parent.value.message
    assert await Field.filter(code__in=["environment", "environment.waste"]).count() == 2
    assert (await usage("environment.waste")).total == 2


async def test_an_unused_field_is_deleted_and_order_stays_tidy(db: str) -> None:
    await delete_field("culture.festival")
    positions = [f.position for f in await list_fields()]
    assert positions == list(range(len(positions)))
    assert not await Field.exists(code="culture.festival")
