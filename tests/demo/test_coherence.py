"""The demo city reads as one real city: every owner speaks only of its own work.

Issue 17 saw スポーツ振興課 owning a 認知症カフェ call, a green-space group posting a 子ども食堂
call and 見守り隊 profiles talking of 芸術; these checks fail on any of those.
"""

from __future__ import annotations

from functools import cache

from kakehashi.demo.departments import DEPARTMENTS, REMIT
from kakehashi.demo.generator import DemoCity, generate_city
from kakehashi.demo.group_phrases import ACTIVITIES, PURPOSES
from kakehashi.demo.need_phrases import TOPICS
from kakehashi.demo.texts import Setting, fill
from kakehashi.demo.vocabulary import RELATED, SUB_AREAS, THEME_WORDS


@cache
def city() -> DemoCity:
    return generate_city()


def _pattern(template: str) -> str:
    """A phrase template with its place slots cut out: what must appear verbatim."""
    import re

    return max(re.split(r"\{[a-z_]+\}", template), key=len)


def _subs(fields: tuple[str, ...]) -> set[str]:
    return {code for code in fields if "." in code}


def _topic_subs(title: str) -> set[str]:
    """The sub-areas whose call topics could have produced this title."""
    return {
        sub for sub, topics in TOPICS.items() for topic in topics
        for template in topic.titles if _pattern(template) in title
    }


def test_each_department_posts_calls_only_within_its_remit() -> None:
    by_name = {spec.name: spec for spec in DEPARTMENTS}
    for need in city().needs:
        spec = by_name.get(need.owner_name)
        if spec is None:
            continue
        remit = REMIT[spec.slug]
        allowed = {
            _pattern(template)
            for sub, indices in remit.items()
            for i, topic in enumerate(TOPICS[sub]) if indices is None or i in indices
            for template in topic.titles
        }
        assert any(p in need.title for p in allowed), (spec.name, need.title)
        assert _subs(need.fields) <= set(spec.fields), (spec.name, need.title, need.fields)


def test_no_sports_department_dementia_cafe() -> None:
    sports = [n.title for n in city().needs if n.owner_name == "スポーツ振興課"]
    assert sports and not any("認知症" in t or "子ども食堂" in t for t in sports)


def test_group_calls_are_about_the_groups_own_work() -> None:
    groups = {g.name: g for g in city().groups}
    for need in city().needs:
        group = groups.get(need.owner_name)
        if group is None:
            continue
        assert _subs(need.fields) <= _subs(group.fields), (group.name, need.title)
        assert group.main_area in _topic_subs(need.title), (group.name, need.title)


def test_a_groups_sub_areas_are_neighbours() -> None:
    for group in city().groups:
        if group.kind == "other_corporation":
            continue  # the legal form decides these, e.g. 社会福祉法人 → elderly + disability
        main = group.main_area
        # the main one is the one the name was drawn from; every further one is its neighbour
        for other in _subs(group.fields) - {main}:
            assert other in RELATED[main], (group.name, main, group.fields)


def test_profiles_use_phrases_of_their_own_sub_areas_only() -> None:
    foreign = {
        sub: [_pattern(p) for p in ACTIVITIES[sub] + PURPOSES[sub]] for sub in SUB_AREAS
    }
    for group in city().groups:
        own = _subs(group.fields)
        text = group.description + group.activities
        for sub in SUB_AREAS:
            if sub in own:
                continue
            for phrase in foreign[sub]:
                # a phrase shared word for word by one of the group's own sub-areas is fine
                shared = any(phrase in _pattern(p) for s in own
                             for p in ACTIVITIES[s] + PURPOSES[s])
                assert shared or phrase not in text, (group.name, sub, phrase)


def test_a_name_that_promises_an_activity_keeps_the_promise() -> None:
    checked = 0
    for group in city().groups:
        for theme in THEME_WORDS:
            if theme in group.name:
                checked += 1
                assert theme in group.description + group.activities, (group.name, theme)
    assert checked > 50


def test_mimamori_groups_speak_of_mimamori_not_art() -> None:
    watchers = [g for g in city().groups if "見守り" in g.name]
    assert watchers
    for group in watchers:
        assert "見守" in group.activities
        assert not _subs(group.fields) & {"culture.arts", "culture.festival"}, group.name


def test_the_showcase_call_exists_and_a_watch_group_fits_it() -> None:
    calls = [n for n in city().needs
             if n.owner_name == "福祉課" and "安否確認" in n.title and n.status == "open"]
    assert calls
    fits = [g for g in city().groups
            if "安否確認" in g.description + g.activities and "welfare.elderly" in g.fields]
    assert fits


def test_fill_keeps_the_verbatim_part() -> None:
    # the checks above rely on a template's longest literal surviving fill()
    import random

    template = "{place}で認知症カフェを開いています"
    text = fill(random.Random(1), template, Setting("中央地区", "本町"))
    assert _pattern(template) in text


def test_no_owner_posts_the_same_call_twice() -> None:
    # the loader keeps one call per owner and title: a repeat would silently shrink the city
    for seed in (2026, 1, 99):
        pairs = [(n.owner_name, n.title) for n in generate_city(seed).needs]
        assert len(pairs) == len(set(pairs)), seed
