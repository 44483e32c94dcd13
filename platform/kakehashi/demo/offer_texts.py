"""Compose the texts of needs and capabilities: coherent topic, varied wording, bounded length."""

import random

from kakehashi.demo import capability_phrases as cap
from kakehashi.demo import need_phrases as need
from kakehashi.demo.texts import Setting, as_owner, fill, fit


def need_text(
    rng: random.Random, sub_areas: tuple[str, ...], where: Setting, by_department: bool
) -> tuple[str, str]:
    """A call's title and description (80–400): the issue, the ask, who fits, what is brought."""
    topic = rng.choice(need.TOPICS[sub_areas[0]])
    title = fill(rng, rng.choice(topic.titles), where)
    issue = fill(rng, rng.choice(topic.issues), where)
    ask = fill(rng, rng.choice(topic.asks), where)
    backing = need.DEPARTMENT_SUPPORT if by_department else need.GROUP_OFFER
    optional = [rng.choice(need.SUITED), *rng.sample(backing, k=rng.randint(1, 2))]
    if len(sub_areas) > 1:
        companion = rng.choice(need.TOPICS[sub_areas[1]])
        optional.insert(0, fill(rng, rng.choice(companion.issues), where))
    optional.append(rng.choice(need.CLOSINGS))
    fillers = [s for s in backing if s not in optional]
    return title, fit([issue, ask], optional, fillers, 80, 400)


def capability_text(
    rng: random.Random, sub_area: str, where: Setting, size: int, kind: str
) -> tuple[str, str]:
    """A capability's title and description (60–300): the offer, experience and conditions."""
    offers = cap.OFFERS[sub_area]
    if kind == "individual":
        offers = tuple(o for o in offers if "会員" not in "".join(o[1])) or offers
    title, sentences = rng.choice(offers)
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
