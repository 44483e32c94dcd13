"""Japanese text made searchable with plain ``LIKE``: NFKC, Sudachi normalised forms, readings.

A record's ``search_text`` holds three lines: the text folded by NFKC and case, the same text
as Sudachi's normalised forms, and its reading in hiragana. A query term matches when any of its
variants is a substring of that, so 「ミマモリ」, 「みまもり」 and 「見守り」 all find
「高齢者の見守り活動」, and full-width 「ＮＰＯ」 finds "npo". No database extension is needed
on SQLite or PostgreSQL.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from sudachipy import Dictionary, Morpheme, SplitMode, Tokenizer

from kakehashi.directory import synonyms
from kakehashi.errors import DomainError

_SYMBOLS = frozenset({"補助記号", "記号", "空白"})
"""Parts of speech whose reading (キゴウ) would make every punctuated text match 「きごう」."""

_KATAKANA_TO_HIRAGANA = {code: code - 0x60 for code in range(ord("ァ"), ord("ヶ") + 1)}


@cache
def _tokenizer() -> Tokenizer:
    return Dictionary(dict="core").tokenizer(mode=SplitMode.A)


def fold(text: str) -> str:
    """NFKC (full/half width), lower case, whitespace collapsed."""
    return " ".join(unicodedata.normalize("NFKC", text).lower().split())


def hiragana(text: str) -> str:
    return text.translate(_KATAKANA_TO_HIRAGANA)


_READING = re.compile(r"[\u3041-\u309f\u30fc\u30fb A-Za-z0-9.&-]*")
"""A name's reading: hiragana (with ー and ・), spaces, and the Latin letters and digits that
names such as 「NPO法人」 keep."""


def reading(text: str) -> str:
    """A name's reading as people type it, in hiragana: full-width and half-width katakana are
    converted, anything else (kanji) is refused at the field."""
    converted = hiragana(" ".join(unicodedata.normalize("NFKC", text).split()))
    if not _READING.fullmatch(converted):
        raise DomainError("Please write the reading in hiragana (katakana is converted).",
                          "furigana")
    return converted


def _analyse(text: str) -> tuple[str, str]:
    """Normalised forms and hiragana reading of ``text``, each concatenated without spaces."""
    if not text.strip():
        return "", ""
    morphemes = _tokenizer().tokenize(text[:20000])
    kept = [m for m in morphemes if not m.surface().isspace()]
    normalised = "".join(m.normalized_form() for m in kept)
    reading = "".join(
        m.surface() if m.part_of_speech()[0] in _SYMBOLS else (m.reading_form() or m.surface())
        for m in kept
    )
    return fold(normalised), fold(hiragana(reading))


def search_text(*parts: str) -> str:
    """The value stored in a record's ``search_text`` column."""
    folded = fold(" ".join(p for p in parts if p))
    normalised, reading = _analyse(folded)
    return "\n".join((folded, normalised, reading))


_FUNCTION_WORDS = _SYMBOLS | {"助詞", "助動詞"}
"""Parts of speech left out of a query's terms: 「の」 or 「を」 alone would match nearly all."""


_KANA_WORD = re.compile(r"[\u3041-\u309f\u30a0-\u30ff]+")
_HIRAGANA_WORD = re.compile(r"[\u3041-\u309f\u30fc]+")
_JAPANESE_WORD = re.compile(r"[\u3041-\u309f\u30a0-\u30ff\u4e00-\u9fff々]+")


@cache
def _query_tokenizer() -> Tokenizer:
    """Middle-length units for queries: 高齢者 and 認知症 stay whole, 防災訓練 splits."""
    return Dictionary(dict="core").tokenizer(mode=SplitMode.B)


def _parts(raw: str) -> list[str]:
    """A compound's content words (「防災訓練」 → 防災, 訓練), so it finds what its parts find,
    as 「防災 訓練」 does. A word in kana alone is kept whole: it is matched against readings,
    and cutting 「こうれいしゃ」 into こう・れい・しゃ would find anything."""
    if _KANA_WORD.fullmatch(raw):
        return [raw]
    morphemes = [m for m in _query_tokenizer().tokenize(raw)
                 if m.part_of_speech()[0] not in _FUNCTION_WORDS and not m.surface().isspace()]
    return _with_affixes(morphemes) or [m.surface() for m in morphemes] or [raw]


_KANJI_WORD = re.compile(r"[\u4e00-\u9fff々]+")


def _with_affixes(morphemes: list[Morpheme]) -> list[str]:
    """Content words with their kanji prefixes and suffixes kept on (多文化, 要配慮者: without
    them the word means something wider; alone, 要 or 者 would match nearly every text); kana
    ones, which only add politeness (お年寄り, ご家族, 〜さん), are dropped so the plain word
    is searched."""
    words: list[str] = []
    prefix = ""
    for morpheme in morphemes:
        surface, kind = morpheme.surface(), morpheme.part_of_speech()[0]
        kanji = bool(_KANJI_WORD.fullmatch(surface))
        if kind == "接頭辞":
            prefix += surface if kanji else ""
        elif kind == "接尾辞":
            if kanji and words and not prefix:
                words[-1] += surface
        else:
            words.append(prefix + surface)
            prefix = ""
    return words


def query_terms(query: str, max_terms: int = 8) -> list[tuple[str, ...]]:
    """Each word of ``query`` (compounds split into their parts) with the variants that may
    match it; every term must match (AND)."""
    terms: list[tuple[str, ...]] = []
    words = [part for raw in synonyms.expand(fold(query)).split()
             for part in ([raw] if raw in synonyms.WORDS else _parts(raw))]
    for raw in dict.fromkeys(words):
        terms.append(_variants(raw))
        if len(terms) >= max_terms:
            break
    return terms


def _variants(raw: str) -> tuple[str, ...]:
    """The strings that may stand for ``raw`` in a record's ``search_text``.

    A word in katakana is also analysed in hiragana, so 「ミマモリ」 gets the forms 「みまもり」
    gets (見る守る, as Sudachi normalises 見守り) and both find exactly what 「見守り」 finds: any
    text with 見守り or ミマモリ has みまもり in its reading line. Kanji words are not re-read
    from their reading, which would add homophones (公園 → 講演)."""
    normalised, reading = _analyse(raw)
    kana = hiragana(raw)
    surface = [raw, kana]
    if _JAPANESE_WORD.fullmatch(raw) and _HIRAGANA_WORD.fullmatch(reading):
        # Any text with 見守り or ミマモリ has みまもり in its reading line: counting the
        # spelling too would rank the same records differently for each spelling.
        surface = []
    found = [*surface, normalised, reading, *synonyms.WORDS.get(raw, ())]
    if kana != raw and _KANA_WORD.fullmatch(raw):
        found += _kana_as_words(kana)
    return tuple(dict.fromkeys(v for v in found if v))


_NOT_A_READING = frozenset({"感動詞", "副詞", "補助記号"}) | _FUNCTION_WORDS
"""Parts of speech that mean Sudachi cut a loanword's kana into noise (ふーどばんく → ふう・どば・
ん・九), rather than reading content words (みまもり → 見る・守る)."""


def _kana_as_words(kana: str) -> list[str]:
    """The normalised forms a word in hiragana stands for, when it reads as content words."""
    morphemes = _tokenizer().tokenize(kana)
    if any(m.part_of_speech()[0] in _NOT_A_READING for m in morphemes):
        return []
    return [fold("".join(m.normalized_form() for m in morphemes))]
