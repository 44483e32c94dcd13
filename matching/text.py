"""Turn raw text into the two kinds of features the engine compares.

Words: Japanese goes through SudachiPy (normalised forms of content words, so 子ども and
子供 match); Latin-script words are lower-cased and lightly stemmed. Characters: 2–3
character n-grams inside each run of text, so compounds, spelling variants and words the
dictionary does not know still overlap. Any input is safe: HTML, emoji, numbers-only and
empty text give fewer or no features, never an error; very long text is cut.
"""

from __future__ import annotations

import html
import re
import sys
import threading
import unicodedata
from functools import lru_cache
from typing import Any

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS  # type: ignore[import-untyped,unused-ignore]

#: Text beyond this many characters adds cost but little signal (and Sudachi has an
#: input limit), so it is cut.
MAX_CHARS = 4000

_TAG = re.compile(r"<[^>]{0,400}>")
_SPACE = re.compile(r"\s+")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]")
_LATIN_WORD = re.compile(r"[a-z][a-z0-9'\-]*[a-z0-9]|[a-z]")
_CHUNK_SPLIT = re.compile(r"[\s\W_]+")
_DIGITS = re.compile(r"^[0-9]+$")

_CONTENT_POS = frozenset({"名詞", "動詞", "形容詞", "形状詞"})
_INFLECTED = frozenset({"動詞", "形容詞"})
_SKIP_POS2 = frozenset({"数詞", "非自立可能", "代名詞"})
_JA_STOP = frozenset(
    [
        "する",
        "ある",
        "いる",
        "なる",
        "行う",
        "こと",
        "もの",
        "ため",
        "よう",
        "等",
        "これ",
        "それ",
        "事",
        "物",
        "為",
        "方",
        "者",
        "的",
        "性",
        "化",
        "中",
        "おる",
        "できる",
        "出来る",
        "関する",
        "対する",
        "及び",
        "並びに",
        "又は",
        "場合",
        "上",
        "下",
        "前",
        "後",
        "度",
        "年",
        "月",
        "日",
        "等々",
    ]
)
_local = threading.local()


def clean(text: Any) -> str:
    """Plain, NFKC-normalised, lower-cased text without HTML, cut to `MAX_CHARS`."""
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    text = text[: MAX_CHARS * 4]
    if "<" in text:
        text = _TAG.sub(" ", text)
    if "&" in text:
        text = html.unescape(text)
    text = unicodedata.normalize("NFKC", text).lower()
    return _SPACE.sub(" ", text).strip()[:MAX_CHARS]


def _tokenizer() -> Any:
    """One Sudachi tokenizer per thread (they are not thread-safe), created lazily."""
    tok = getattr(_local, "tokenizer", None)
    if tok is None:
        from sudachipy import Dictionary, SplitMode  # type: ignore[import-untyped,unused-ignore]

        tok = Dictionary().tokenizer(
            mode=SplitMode.C, fields={"pos", "normalized_form", "dictionary_form"}
        )
        _local.tokenizer = tok
    return tok


def _stem(word: str) -> str:
    """A deliberately light English stemmer: plurals and a few suffixes."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    for suffix in ("ing", "ed"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def _latin_words(text: str) -> list[tuple[str, str]]:
    out = []
    for m in _LATIN_WORD.finditer(text):
        w = m.group(0)
        if len(w) > 1 and w not in ENGLISH_STOP_WORDS:
            out.append((_stem(w), w))
    return out


def _japanese_words(text: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for morpheme in _tokenizer().tokenize(text):
        surface = morpheme.surface()
        if not _CJK.search(surface):
            continue  # Latin words, digits and symbols are handled elsewhere
        pos = morpheme.part_of_speech()
        if pos[0] not in _CONTENT_POS or pos[1] in _SKIP_POS2:
            continue
        norm = morpheme.normalized_form()
        if norm in _JA_STOP or (len(norm) == 1 and "\u3040" <= norm <= "\u309f"):
            continue
        # verbs and adjectives are shown in their dictionary form (応じる, not 応じ)
        written = _dictionary_form(morpheme, norm, surface) if pos[0] in _INFLECTED else surface
        out.append((norm, written))
    return out


def _dictionary_form(morpheme: Any, norm: str, surface: str) -> str:
    """The verb or adjective as a dictionary lists it, kept close to how it was written:
    応じ → 応じる (not the literary 応ずる), 取り組ん → 取り組む, 付き添っ → 付き添う."""
    if norm.startswith(surface):
        return norm
    return str(morpheme.dictionary_form())


def _analysis(text: str) -> tuple[tuple[str, str], ...]:
    text = clean(text)
    if not text:
        return ()
    words = _latin_words(text)
    if _CJK.search(text):
        words = _japanese_words(text) + words
    # One string object per distinct word: a corpus of 300,000 texts repeats a few
    # thousand words millions of times, and each analyser call makes new strings.
    return tuple((sys.intern(norm), sys.intern(written)) for norm, written in words)


@lru_cache(maxsize=200_000)
def analyse(text: str) -> tuple[tuple[str, str], ...]:
    """(normalised form, surface as written) for each content word of `text`.

    Cached because the same texts are analysed again to explain suggestions. The words are
    interned, so an entry costs its tuples (about 2 KB for a profile), not its strings.
    """
    return _analysis(text)


def tokenize(text: str) -> tuple[str, ...]:
    """The normalised content words of `text`: store them with a document when it is
    written (`Document.tokens`) so fitting a large index does not tokenise again."""
    return tuple(norm for norm, _ in analyse(text))


def char_runs(text: str) -> list[str]:
    """The runs of letters character n-grams are taken in, each padded by a space at both
    ends (numbers alone are no run)."""
    return [
        f" {chunk} " for chunk in _CHUNK_SPLIT.split(clean(text))
        if chunk and not _DIGITS.match(chunk)
    ]


def char_ngrams(text: str, sizes: tuple[int, ...] = (2, 3)) -> list[str]:
    """Character n-grams inside each run of letters (`char_runs`)."""
    grams: list[str] = []
    for padded in char_runs(text):
        for n in sizes:
            grams.extend(padded[i : i + n] for i in range(len(padded) - n + 1))
    return grams
