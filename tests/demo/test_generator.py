"""The demo city is the same for the same seed, complete, consistent and varied in its texts."""

import time
from collections import Counter
from dataclasses import FrozenInstanceError
from datetime import date

import pytest

from kakehashi.demo.generator import (
    DemoCity,
    DemoDepartment,
    DemoGroup,
    generate_city,
)
from kakehashi.demo.vocabulary import CRITERIA, FIELDS, PARTNER_KINDS, to_hiragana

TODAY = date(2026, 11, 23)


@pytest.fixture(scope="module")
def city() -> DemoCity:
    return generate_city()


def sentences(text: str) -> set[str]:
    return {s for s in text.split("。") if s}


def test_same_seed_gives_the_same_city(city: DemoCity) -> None:
    assert generate_city(2026, TODAY) == city


def test_another_seed_gives_another_city(city: DemoCity) -> None:
    other = generate_city(seed=7)
    assert other != city
    assert {g.name for g in other.groups} != {g.name for g in city.groups}


def test_records_are_frozen_and_hold_tuples(city: DemoCity) -> None:
    with pytest.raises(FrozenInstanceError):
        city.groups[0].name = "x"  # type: ignore[misc]
    for collection in (city.areas, city.departments, city.groups, city.needs, city.capabilities):
        assert isinstance(collection, tuple)
    assert all(isinstance(g.fields, tuple) for g in city.groups)


def test_counts_meet_the_issue(city: DemoCity) -> None:
    assert len(city.groups) >= 300
    assert {g.kind for g in city.groups} == set(PARTNER_KINDS)
    assert len(city.departments) >= 12
    assert sum(n.status == "open" for n in city.needs) >= 80
    assert {n.status for n in city.needs} == {"open", "draft", "closed"}
    assert {n.owner_kind for n in city.needs} == {"department", "group"}
    assert Counter(n.owner_kind for n in city.needs).most_common(1)[0][0] == "department"
    assert len(city.capabilities) >= 300
    assert 8 <= len(city.areas) <= 10


def test_names_are_unique(city: DemoCity) -> None:
    group_names = [g.name for g in city.groups]
    department_names = [d.name for d in city.departments]
    assert len(set(group_names)) == len(group_names)
    assert len(set(department_names)) == len(department_names)
    assert not set(group_names) & set(department_names)


def test_kinds_are_named_as_such(city: DemoCity) -> None:
    names_by_kind: dict[str, list[str]] = {}
    for group in city.groups:
        names_by_kind.setdefault(group.kind, []).append(group.name)
    assert all(n.endswith(("町内会", "自治会")) for n in names_by_kind["neighbourhood"])
    assert any("丁目町内会" in n for n in names_by_kind["neighbourhood"])
    assert all("NPO法人" in n or "特定非営利活動法人" in n for n in names_by_kind["npo"])
    assert all("会社" in n for n in names_by_kind["company"])
    assert all("法人" in n for n in names_by_kind["other_corporation"])
    assert all(n.endswith("）") and " " in n for n in names_by_kind["individual"])


def test_furigana_reads_the_japanese_in_hiragana(city: DemoCity) -> None:
    for group in city.groups:
        assert group.furigana
        for char in group.furigana:
            assert (
                "ぁ" <= char <= "ゖ" or char in "ー （）・" or char.isascii()
            ), (group.name, group.furigana)
    assert to_hiragana("サロン") == "さろん"


def test_every_owner_exists(city: DemoCity) -> None:
    owners = {("department", d.name) for d in city.departments}
    owners |= {("group", g.name) for g in city.groups}
    for item in (*city.needs, *city.capabilities):
        assert (item.owner_kind, item.owner_name) in owners


def test_field_codes_are_valid_and_carry_their_parent(city: DemoCity) -> None:
    items = (*city.departments, *city.groups, *city.needs, *city.capabilities)
    for item in items:
        assert item.fields, item
        assert len(set(item.fields)) == len(item.fields)
        for code in item.fields:
            assert code in FIELDS
            if "." in code:
                assert code.split(".")[0] in item.fields
    used = {code for item in items for code in item.fields}
    assert used == set(FIELDS)


def test_areas_and_periods(city: DemoCity) -> None:
    assert all(g.area in city.areas for g in city.groups)
    assert all(n.area == "" or n.area in city.areas for n in city.needs)
    assert any(n.area == "" for n in city.needs)
    for need in city.needs:
        if need.period_start and need.period_end:
            assert need.period_end >= need.period_start
        if need.status == "closed":
            assert need.period_end is not None and need.period_end < TODAY
        if need.status == "open" and need.period_end is not None:
            assert need.period_end >= TODAY


def test_group_facts_are_plausible(city: DemoCity) -> None:
    for group in city.groups:
        assert 1950 <= group.founded_year <= 2025
        assert group.size >= 1
        assert (group.size == 1) == (group.kind == "individual")
        assert set(group.criteria_declared) <= set(CRITERIA)
        declared = group.criteria_declared
        assert list(declared) == [c for c in CRITERIA if c in declared]
        assert group.activities.endswith("。")
        assert group.public_contact
    companies = [g for g in city.groups if g.kind == "company"]
    assert all("non_profit" not in g.criteria_declared for g in companies)


def test_description_lengths(city: DemoCity) -> None:
    for department in city.departments:
        assert 2 <= len(sentences(department.description)) <= 4
    for group in city.groups:
        assert 80 <= len(group.description) <= 400, group.description
        assert 2 <= len(sentences(group.description)) <= 5, group.description
    for need in city.needs:
        assert 80 <= len(need.description) <= 400, need.description
        assert need.title
    for capability in city.capabilities:
        assert 60 <= len(capability.description) <= 300, capability.description
        assert capability.title


@pytest.mark.parametrize("seed", [2026, 1, 99])
def test_group_descriptions_are_varied(seed: int) -> None:
    groups = generate_city(seed).groups
    descriptions = [g.description for g in groups]
    assert len(set(descriptions)) / len(descriptions) >= 0.95
    counts = Counter(s for d in descriptions for s in sentences(d))
    sentence, count = counts.most_common(1)[0]
    assert count <= 0.05 * len(groups), sentence


def test_need_and_capability_texts_are_varied(city: DemoCity) -> None:
    for items in (city.needs, city.capabilities):
        descriptions = [item.description for item in items]
        assert len(set(descriptions)) / len(descriptions) >= 0.95
        counts = Counter(s for d in descriptions for s in sentences(d))
        assert counts.most_common(1)[0][1] <= 0.15 * len(items)


def test_texts_stay_faithful_to_their_fields(city: DemoCity) -> None:
    words = {
        "disaster.prevention": ("避難", "防災", "備蓄", "要配慮者", "浸水", "地震"),
        "welfare.childcare": ("子ども", "子育て", "絵本", "親子", "保育", "預か", "遊び"),
        "environment.waste": ("ごみ", "分別", "食品", "リユース", "堆肥", "リサイクル"),
    }
    for code, expected in words.items():
        needs = [n for n in city.needs if code in n.fields]
        offers = [c for c in city.capabilities if c.owner_kind == "group" and code in c.fields]
        assert needs and offers
        for item in (*needs, *offers):
            assert any(w in item.title + item.description for w in expected), item


def test_contacts_use_example_domains_only(city: DemoCity) -> None:
    for department in city.departments:
        assert department.contact_email.endswith("@city.kakehashi.example")
        assert department.contact_phone.startswith("01-2345-")
        assert department.public_phone.startswith("01-2345-")
    for group in city.groups:
        assert group.contact_email.endswith("@example.jp")
        assert group.contact_phone.startswith("01-2345-")
        if "://" in group.public_contact:
            assert group.public_contact.split("/")[2].endswith("example.jp")
    emails = [g.contact_email for g in city.groups]
    assert len(set(emails)) == len(emails)


def test_fictional_city_name(city: DemoCity) -> None:
    assert city.name == "架橋市"
    assert isinstance(city.departments[0], DemoDepartment)
    assert isinstance(city.groups[0], DemoGroup)


def test_generation_is_fast() -> None:
    started = time.perf_counter()
    generate_city(seed=3)
    assert time.perf_counter() - started < 1.0


def test_each_individual_volunteer_is_a_different_person() -> None:
    for seed in range(5):
        individuals = [g for g in generate_city(seed).groups if g.kind == "individual"]
        assert all(g.name.startswith(f"{g.contact_name}（") for g in individuals)
        people = [g.contact_name for g in individuals]
        assert len(set(people)) == len(people)
        assert all(" " in person for person in people)
