"""Every message shown to users has a Japanese translation (Japanese is the default language)."""

from __future__ import annotations

from pathlib import Path

from babel.messages.extract import extract_from_dir

from kakehashi import labels
from kakehashi.i18n import translations

ROOT = Path(__file__).resolve().parents[1]
METHOD_MAP = [("**.py", "python"), ("**.html", "jinja2"), ("**.txt", "jinja2")]
JINJA = {"extensions": "jinja2.ext.i18n", "trim_blocks": "true", "lstrip_blocks": "true"}
OPTIONS = {"**.html": JINJA, "**.txt": JINJA}  # .txt: the mail templates
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "DomainError": None,
            "NotFound": None, "Forbidden": None, "Conflict": None}


def _message_ids() -> dict[str | tuple[str, str], str]:
    """Each message id (a plural message as its (singular, plural) pair) and where it is used."""
    found: dict[str | tuple[str, str], str] = {}
    for directory in (ROOT / "templates", ROOT / "platform" / "kakehashi"):
        for filename, _lineno, message, _comments, _context in extract_from_dir(
            directory, METHOD_MAP, options_map=OPTIONS, keywords=KEYWORDS,
            directory_filter=lambda path: not path.endswith("__pycache__"),
        ):
            key = tuple(message[:2]) if isinstance(message, tuple) else message
            if key:
                found.setdefault(key, f"{directory.name}/{filename}")
    for table in (labels.PARTNER_KINDS, labels.CRITERIA, labels.NEED_STATUSES,
                  labels.APPROVAL_STATUSES, labels.CLOSE_REASONS):
        for msgid in table.values():
            found.setdefault(msgid, "labels.py")
    return found


def test_every_message_has_a_japanese_translation() -> None:
    catalogue = translations("ja")
    def translated(key: str | tuple[str, str]) -> bool:
        if isinstance(key, tuple):  # Japanese has one form for every count
            singular, plural = key
            return catalogue.ngettext(singular, plural, 2) != plural
        return catalogue.gettext(key) != key

    missing = [f"{where}: {key!r}" for key, where in _message_ids().items()
               if not translated(key)]
    assert not missing, "untranslated:\n" + "\n".join(sorted(missing))


def test_translations_keep_their_placeholders() -> None:
    catalogue = translations("ja")
    for msgid in _message_ids():
        if "%(" not in msgid:
            continue
        names = {part.split(")")[0] for part in msgid.split("%(")[1:]}
        translated = catalogue.gettext(msgid)
        for name in names:
            assert f"%({name})" in translated, f"{msgid!r} lost %({name})s"


def test_extraction_finds_the_sign_in_page_messages() -> None:
    assert "Sign in" in _message_ids()


def test_extraction_finds_the_mail_template_messages() -> None:
    found = _message_ids()
    assert found["Dear %(name)s,"] == "templates/mail/_layout.txt"
    assert found["Reset your Kakehashi password"] == "templates/mail/password_reset/subject.txt"
    assert found["New times are proposed for the introduction of %(party_a)s and %(party_b)s: "
                 "%(times)s. Please mark again every time you can attend."] == (
        "templates/mail/meeting_rescheduled/body.txt")  # a trimmed, wrapped block
