"""Compose the texts of needs and capabilities: coherent topic, varied wording, bounded length."""

import random

from kakehashi.demo import capability_phrases as cap
from kakehashi.demo import need_phrases as need
from kakehashi.demo.group_phrases import ACTIVITIES
from kakehashi.demo.texts import Setting, as_owner, fill, fit, frequency
from kakehashi.demo.vocabulary import FIELDS, LANDMARKS


def need_text(
    rng: random.Random, sub_areas: tuple[str, ...], where: Setting, owner: str,
    remit: tuple[int, ...] | None = None,
) -> tuple[str, str]:
    """A call's title and description (80–400): the issue, the ask, who fits, what is brought.

    ``owner`` is "department" or the owning group's kind; a group speaks of its own work
    first and does not ask for help with the city's events.
    """
    by_department = owner == "department"
    topics = need.TOPICS[sub_areas[0]]
    if remit is not None:  # a department asks only about what it is in charge of
        topics = tuple(topics[i] for i in remit)
    if not by_department:
        topics = tuple(t for t in topics if "市" not in "".join(t.titles + t.issues)) or topics
    topic = rng.choice(topics)
    where = where._replace(landmark=rng.choice(LANDMARKS))
    title = fill(rng, rng.choice(topic.titles), where)
    required = [fill(rng, rng.choice(topic.issues), where)]
    if len(sub_areas) > 1:
        label = FIELDS[sub_areas[1]]
        required.append(rng.choice(need.COMPANION_NOTES).format(label=label))
    required.append(fill(rng, rng.choice(topic.asks), where))
    we = {"company": "当社", "other_corporation": "当法人", "individual": "私"}.get(owner, "当会")
    if not by_department:
        activity = fill(rng, rng.choice(ACTIVITIES[sub_areas[0]]), where)
        required.insert(0, f"{we}では{frequency(rng)}、{activity}。")
    backing = need.DEPARTMENT_SUPPORT if by_department else need.GROUP_OFFER
    suited = rng.choice(need.SUITED) if rng.random() < 0.7 else ""
    optional = [suited, *rng.sample(backing, k=1 if rng.random() < 0.7 else 2)]
    optional.append(rng.choice(need.CLOSINGS))
    fillers = [s for s in backing if s not in optional]
    text = fit(required, optional, fillers, 80, 400)
    if not by_department:
        text = as_owner(text.replace("当会", we), owner)
    return title, text


def capability_text(
    rng: random.Random, sub_area: str, where: Setting, size: int, kind: str
) -> tuple[str, str]:
    """A capability's title and description (60–300): the offer, experience and conditions."""
    offers = cap.OFFERS[sub_area]
    if kind == "individual":
        offers = tuple(o for o in offers if "会員" not in "".join(o[1])) or offers
    title, sentences = rng.choice(offers)
    where = where._replace(landmark=rng.choice(LANDMARKS))
    offer = rng.choice(sentences)
    slots = {
        "n": rng.choice((10, 20, 30, 50, 100)), "years": rng.randint(3, 25),
        "people": rng.randint(4, 60) * 10, "size": size, "hours": rng.randint(2, 4),
        "month": rng.randint(1, 6), "times": rng.randint(2, 12),
        "people_small": rng.choice((10, 15, 20, 30)),
    }
    slots["month2"] = int(slots["month"]) + rng.randint(1, 2)
    experience = [e for e in cap.EXPERIENCE if size >= 15 or "{size}" not in e]
    optional = [
        fill(rng, rng.choice(experience), where, **slots),
        fill(rng, rng.choice(cap.CONDITIONS), where, **slots) if rng.random() < 0.65 else "",
        rng.choice(cap.CLOSINGS) if rng.random() < 0.35 else "",
    ]
    if len(sentences) > 1 and rng.random() < 0.5:
        optional.insert(0, next(s for s in sentences if s != offer))
    fillers = list(cap.CLOSINGS)
    rng.shuffle(fillers)
    text = fit([offer], optional, fillers, 60, 300)
    return title, as_owner(text, kind)
