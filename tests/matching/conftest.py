"""Shared fixtures: a small bilingual corpus of groups, departments and needs."""

from __future__ import annotations

from pathlib import Path

import pytest

from matching import Document, Matcher

DATA_DIR = Path(__file__).resolve().parents[2].parent / "shared" / "data"

CORPUS = [
    (
        "g1",
        "高齢者の見守りと配食サービスを行うボランティア団体です。",
        {"welfare", "welfare.elderly"},
        "citizen_group",
        "北地区",
        "profile",
        "o1",
    ),
    (
        "g2",
        "子ども食堂を運営し、地域の子供の学習支援をしています。",
        {"welfare", "education"},
        "npo",
        "南地区",
        "profile",
        "o2",
    ),
    (
        "g3",
        "町内会として防災訓練と夜間パトロールを実施しています。",
        {"disaster"},
        "neighbourhood",
        "北地区",
        "profile",
        "o3",
    ),
    (
        "g4",
        "河川敷の清掃活動、ごみ拾い、環境美化に取り組んでいます。",
        {"environment"},
        "citizen_group",
        "東地区",
        "profile",
        "o4",
    ),
    (
        "g5",
        "高齢者サロンを開催し、見守り活動をしています。",
        None,
        "npo",
        "北地区",
        "profile",
        "o5",
    ),
    (
        "g6",
        "高齢者サロンを開催し、見守り活動をしています。北支部",
        None,
        "npo",
        "北地区",
        "profile",
        "o5",
    ),
    (
        "g7",
        "高齢者サロンを開催し、見守り活動をしています。南支部",
        None,
        "npo",
        "南地区",
        "profile",
        "o5",
    ),
    (
        "g8",
        "We run after-school tutoring and reading clubs for children.",
        {"education"},
        "npo",
        "西地区",
        "profile",
        "o8",
    ),
    (
        "g9",
        "Volunteers clean parks and plant trees along the river.",
        {"environment"},
        "citizen_group",
        "東地区",
        "profile",
        "o9",
    ),
    (
        "g10",
        "伝統芸能の保存と夏祭りの運営、郷土芸能の継承を担う保存会です。",
        {"culture"},
        "citizen_group",
        "中央地区",
        "profile",
        "o10",
    ),
    (
        "g11",
        "商店街の空き店舗を活用したまちづくりと地域活性化の活動。",
        {"community"},
        "company",
        "中央地区",
        "profile",
        "o11",
    ),
    (
        "d1",
        "高齢福祉課：地域包括ケアと高齢者の見守りネットワークを担当。",
        {"welfare"},
        "department",
        "市役所",
        "profile",
        "city",
    ),
    (
        "d2",
        "危機管理課：地域防災計画、避難所運営、防災訓練の支援。",
        {"disaster"},
        "department",
        "市役所",
        "profile",
        "city",
    ),
    (
        "n1",
        "防災訓練に参加してくれる地域団体を募集します。",
        {"disaster"},
        "department",
        "北地区",
        "need",
        "city",
    ),
    (
        "n2",
        "公園の清掃と植樹を手伝ってくれるボランティアを募集。",
        {"environment"},
        "department",
        "東地区",
        "need",
        "city",
    ),
]


def make_docs() -> list[Document]:
    return [
        Document(id=i, text=t, fields=frozenset(f) if f else None, kind=k, area=a, role=r, owner=o)
        for i, t, f, k, a, r, o in CORPUS
    ]


@pytest.fixture(scope="session")
def docs() -> list[Document]:
    return make_docs()


@pytest.fixture(scope="session")
def matcher(docs: list[Document]) -> Matcher:
    return Matcher().fit(docs)
