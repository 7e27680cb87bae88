"""One input policy for every text a person gives Circlebot (slash-command options, pasted links, keywords).

Discord only *describes* a command's limits to its clients: ``Range``, ``min_length``/``max_length`` and
``choices`` are client-side (a crafted or outdated client sends anything), so every value is checked again here,
when the command runs. The rules, applied in this order:

1. **Unicode normalisation.** Free text is NFC (what you see is what is stored); identifiers (handles, time zones,
   choices) are NFKC, so a full-width ``＠ａｌｉｃｅ`` reads as ``@alice`` (UAX #15).
2. **Control characters are refused** (``Cc`` other than tab and new lines, and lone surrogates ``Cs``): a NUL
   byte can't be stored by PostgreSQL and nothing a person means contains one. The message names the code point.
3. **Invisible characters are removed**: format characters (``Cf``: zero-width spaces and joiners, bidi
   overrides such as U+202E, soft hyphens, BOMs) and the blank "filler" letters people use to fake empty names
   (U+3164, U+115F, U+1160, U+FFA0, U+2800). A zero-width joiner between two symbols is kept: it glues emoji
   sequences such as 👩‍💻 together.
4. **White space is collapsed** to single spaces (kept as new lines where a field allows several lines) and the
   ends trimmed; what is left must not be empty.
5. **Limits are enforced here**: X's (List name 25, description 100, handle 15) and Discord's.
6. **Numbers and choices are checked at run time**: ranges (finite, within bounds, whole where needed) and
   choices (case-insensitive, after NFKC).

Profile links: :func:`parse_handle` is the one place that turns what people paste into an X handle. It accepts
``@name``, ``name`` and links on X's own hosts (``x.com``, ``twitter.com`` and their ``www.``, ``mobile.``, ``m.``
forms, the old ``/#!/name`` form, ``/intent/user?screen_name=name`` and ``/intent/follow?screen_name=name``, post
links ``/name/status/…``), and on the mirrors Discord users share X links through so that Discord shows a proper
embed: FxTwitter (``fxtwitter.com``, ``fixupx.com``), vxTwitter (``vxtwitter.com``, ``fixvx.com``),
``twittpr.com``, and the read-only Nitter front-ends (``nitter.net``, ``xcancel.com`` and any ``nitter.*`` host),
which use the same paths. A mirror's subdomains (``d.fxtwitter.com``, ``c.vxtwitter.com``) are the same service.
Only the handle is taken from a link and it is then looked up on X, so a mirror can't smuggle in anything else.

``x.com/i/user/<id>`` and ``intent/user?user_id=<id>`` links name an account by number, not by handle: they are
refused with a message saying so (a handle is what the team sees and types everywhere else), rather than costing
a separate lookup by id.
"""

from __future__ import annotations

import math
import re
import unicodedata
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, unquote, urlsplit

from bot.errors import CirclebotError, InvalidHandle
from bot.text import USERNAME

if TYPE_CHECKING:
    from collections.abc import Iterable

# -- limits ------------------------------------------------------------------------------------------------------

# X: https://docs.x.com/x-api/lists/create-list (name 1–25, description up to 100) and handles of 1–15 characters.
HANDLE_LIMIT = 15
LIST_NAME_LIMIT = 25
LIST_DESCRIPTION_LIMIT = 100
# Discord: a slash-command string option holds at most 6,000 characters
# (https://discord.com/developers/docs/interactions/application-commands#application-command-object).
DISCORD_OPTION_LIMIT = 6000
# Ours: keywords are matched against bios and posts; more than this is a paste accident, not a List's words.
KEYWORD_LIMIT = 50
MAX_KEYWORDS = 100
KEYWORDS_TEXT_LIMIT = 1000

HANDLE = USERNAME  # one rule for a handle, X's own (bot.text)

# -- characters ------------------------------------------------------------------------------------------------

ALLOWED_CONTROLS = {"\t", "\n", "\r"}
# Letters that draw nothing: used to fake empty names (Hangul fillers, the blank Braille pattern, the combining
# grapheme joiner).
INVISIBLE = {"\u3164", "\u115f", "\u1160", "\uffa0", "\u2800", "\u034f"}
ZWJ = "\u200d"
SPACES = re.compile(r"[^\S\n]+")
NEWLINES = re.compile(r"\s*\n\s*")


class InvalidInput(CirclebotError):
    """A value a person typed breaks the input policy; the message says which rule and what to do."""


def _is_symbol(char: str) -> bool:
    return unicodedata.category(char) in {"So", "Sk", "Mn", "Me"}


def strip_invisible(text: str) -> str:
    """``text`` without format characters and blank fillers (a ZWJ inside an emoji sequence is kept).

    Also used for text from X (display names can carry U+202E and turn "(@handle)" around)."""
    kept: list[str] = []
    for index, char in enumerate(text):
        if char == ZWJ and kept and index + 1 < len(text) and _is_symbol(kept[-1]) and _is_symbol(text[index + 1]):
            kept.append(char)
            continue
        if char in INVISIBLE or unicodedata.category(char) == "Cf":
            continue
        kept.append(char)
    return "".join(kept)


def _refuse_controls(text: str, label: str) -> None:
    for char in text:
        category = unicodedata.category(char)
        if (category == "Cc" and char not in ALLOWED_CONTROLS) or category == "Cs":
            raise InvalidInput(
                f"{label} contains an invisible control character (U+{ord(char):04X}) that can't be stored or "
                "shown; type it again without it."
            )


def clean_text(
    raw: str, *, label: str, limit: int, required: bool = True, multiline: bool = False, identifier: bool = False
) -> str:
    """``raw`` under the input policy: normalised, controls refused, invisibles removed, spaces collapsed.

    ``label`` names the field in messages ("The List name"); ``limit`` is in characters (code points) after
    cleaning; ``identifier`` uses NFKC instead of NFC. Returns "" for an empty optional value.
    Raises InvalidInput (control character, empty when required, too long)."""
    if len(raw) > DISCORD_OPTION_LIMIT:
        raise InvalidInput(f"{label} can be at most {limit:,} characters; this one has {len(raw):,}.")
    text = unicodedata.normalize("NFKC" if identifier else "NFC", raw)
    _refuse_controls(text, label)
    text = strip_invisible(text).replace("\r\n", "\n").replace("\r", "\n")
    text = NEWLINES.sub("\n", SPACES.sub(" ", text)).strip() if multiline else " ".join(text.split())
    if not text and required:
        raise InvalidInput(f"{label} can't be empty (invisible characters don't count).")
    if len(text) > limit:
        raise InvalidInput(f"{label} can be at most {limit:,} characters; this one has {len(text):,}.")
    return text


def check_number(value: float, *, label: str, low: float, high: float, integer: bool = False, unit: str = "") -> float:
    """``value`` if it is finite, within ``[low, high]`` and whole when ``integer``; else InvalidInput.

    Discord's ``Range`` is enforced by its clients only, so this runs again when the command runs."""
    suffix = f" {unit}" if unit else ""
    if not math.isfinite(value) or not low <= value <= high:
        shown = f"{value:g}" if math.isfinite(value) else str(value)
        raise InvalidInput(f"{label} must be between {low:g} and {high:g}{suffix}; {shown} is not.")
    if integer and value != int(value):
        raise InvalidInput(f"{label} must be a whole number; {value:g} is not.")
    return value


def check_bool(value: object, *, label: str) -> bool:
    """``value`` if it is a real boolean; else InvalidInput. discord.py passes a boolean option on as Discord sent
    it, and only Discord's clients are held to true/false: a crafted "yes" or 2 reached a boolean column."""
    if not isinstance(value, bool):
        raise InvalidInput(f"{label} must be true or false; “{clean_for_message(str(value))}” is not.")
    return value


def check_choice(value: str, choices: Iterable[str], *, label: str) -> str:
    """The choice ``value`` names (case-insensitive, NFKC), spelled as in ``choices``; else InvalidInput."""
    options = list(choices)
    wanted = unicodedata.normalize("NFKC", strip_invisible(value)).strip().casefold()
    for option in options:
        if option.casefold() == wanted:
            return option
    listed = ", ".join(f"“{option}”" for option in options)
    raise InvalidInput(f"{label} must be one of {listed}; “{clean_for_message(value)}” is not.")


def clean_for_message(raw: str, limit: int = 60) -> str:
    """What a person typed, safe to quote back in a refusal: no controls or invisibles, at most ``limit``."""
    text = "".join(" " if unicodedata.category(char) in {"Cc", "Cs"} else char for char in raw)
    text = " ".join(strip_invisible(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# -- handles and profile links -------------------------------------------------------------------------------------

X_HOSTS = {"x.com", "twitter.com"}
MIRROR_HOSTS = {"fxtwitter.com", "fixupx.com", "vxtwitter.com", "fixvx.com", "twittpr.com"}
NITTER_HOSTS = {"nitter.net", "xcancel.com"}
# Paths on x.com that are pages, not profiles (nobody can hold these handles).
RESERVED = {
    "home",
    "explore",
    "search",
    "settings",
    "notifications",
    "messages",
    "i",
    "intent",
    "share",
    "hashtag",
    "compose",
    "login",
    "logout",
    "signup",
    "tos",
    "privacy",
    "about",
    "download",
    "account",
}
# A handle pasted in a sentence: "@alice_b." or "(@alice_b)" or “@alice_b”, in Chinese or Japanese text
# 「@alice_b」 or 【@alice_b】 followed by 。 or 、 (NFKC turns full-width （）［］，！ into their ASCII forms,
# but not these CJK brackets and marks), or wrapped in Discord markdown (**@alice_b**, `@alice_b`, ||@alice_b||).
OPENING = "([{<\"'“‘«「『【〈《〔〖〘〚*`|~"
CLOSING = ".,;:!?)]}>\"'”’»…」』】〉》〕〗〙〛。、*`|~"
SEPARATORS = re.compile(r"[\s,;、，；]+")
# "@alice_b's" / "@alice_b’s": a possessive is no part of a handle (handles hold no apostrophe).
POSSESSIVE = re.compile(r"['’]s$", re.IGNORECASE)
# The ideographic full stop (and its half-width form, which NFKC makes one) typed for the dot of a host on a CJK
# keyboard: "x。com/alice_b". NFKC leaves it as it is, so it is read as a dot wherever a link is read.
IDEOGRAPHIC_STOPS = str.maketrans({"\u3002": ".", "\uff61": "."})


def _profile_host(host: str) -> bool:
    host = host.lower().rstrip(".")
    for prefix in ("www.", "mobile.", "m."):
        if host.removeprefix(prefix) in X_HOSTS:
            return True
    if host in X_HOSTS or host in NITTER_HOSTS or host.startswith("nitter."):
        return True
    return any(host == mirror or host.endswith("." + mirror) for mirror in MIRROR_HOSTS)


class AccountIdLink(InvalidHandle):
    def __init__(self, raw: str) -> None:
        super().__init__(raw)
        self.message = (
            f"“{clean_for_message(raw)}” points to an account by its number, not its handle: open it and paste "
            "the x.com/name link or the @name instead."
        )
        self.args = (self.message,)


def _handle_from_link(text: str, raw: str) -> str:
    url = text if "://" in text else f"https://{text}"
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
    except ValueError:
        raise InvalidHandle(clean_for_message(raw)) from None
    if not _profile_host(host):
        raise InvalidHandle(clean_for_message(raw))
    path = parts.path
    if parts.fragment.startswith("!/"):  # the old twitter.com/#!/name form
        path = parts.fragment[1:]
    segments = [unquote(segment) for segment in path.split("/") if segment]
    query = parse_qs(parts.query)
    if [segment.lower() for segment in segments[:2]] in (["intent", "user"], ["intent", "follow"]):
        if query.get("screen_name"):
            return query["screen_name"][0]
        if query.get("user_id"):
            raise AccountIdLink(raw)
    if [segment.lower() for segment in segments[:2]] == ["i", "user"]:
        raise AccountIdLink(raw)
    if not segments or segments[0].lower() in RESERVED:
        raise InvalidHandle(clean_for_message(raw))
    return segments[0]


def _is_decoration(char: str) -> bool:
    """Emoji and the marks that build them (skin tones, variation selectors, keycaps) pasted next to a handle."""
    return unicodedata.category(char) in {"So", "Sk", "Mn", "Me", "Cf"}


def _unwrap(text: str) -> str:
    """``text`` without what surrounds a handle pasted from a sentence: white space, brackets and quotes
    (CJK ones too), closing punctuation (``。`` ``、`` included), emoji, and a possessive ``'s``; ideographic full
    stops left inside become dots (``x。com/alice_b``). Repeated until nothing changes ("「@alice_b」。",
    "@alice_b's 🎉")."""
    previous = None
    while text != previous:
        previous = text
        text = text.strip().lstrip(OPENING).rstrip(CLOSING)
        while text and _is_decoration(text[-1]):
            text = text[:-1]
        while text and _is_decoration(text[0]):
            text = text[1:]
        text = POSSESSIVE.sub("", text)
    return text.translate(IDEOGRAPHIC_STOPS)


def parse_handle(raw: str) -> str:
    """The bare X handle in ``raw``: ``@name``, ``name`` or a profile or post link (see the module docstring).

    Full-width and other compatibility forms are normalised (NFKC), invisible characters dropped, and
    punctuation around a handle pasted from a sentence ("@alice_b.", "(@alice_b)") ignored.
    Raises InvalidHandle (or its AccountIdLink) with a message naming what was typed."""
    if len(raw) > 2 * DISCORD_OPTION_LIMIT:
        raise InvalidHandle(clean_for_message(raw))
    text = _unwrap(strip_invisible(unicodedata.normalize("NFKC", raw)))
    candidate = text
    if "/" in text or "." in text:
        candidate = _handle_from_link(text, raw)
    candidate = candidate.strip().removeprefix("@")
    if not HANDLE.fullmatch(candidate):
        raise InvalidHandle(clean_for_message(raw))
    return candidate


def split_handles(raw: str) -> list[str]:
    """The separate entries of a free-text list of handles (spaces, commas, semicolons or new lines)."""
    text = strip_invisible(unicodedata.normalize("NFKC", raw))
    # An entry of only punctuation or emoji ("@alice_b 🎉", "@alice_b —") is decoration, not a handle to refuse.
    return [entry for entry in SEPARATORS.split(text) if _unwrap(entry) and not _decoration_only(entry)]


def _decoration_only(entry: str) -> bool:
    return all(_is_decoration(char) or unicodedata.category(char).startswith("P") for char in entry)


# -- keywords ------------------------------------------------------------------------------------------------------

KEYWORD_SEPARATORS = re.compile(r"[,;、\n]+")
KEYWORD_TRIM = "#\"'“”‘’«».!?:()[]{}<>*_~`|"


def fold(text: str) -> str:
    """Lower case without accents, so spellings with and without them match ("Zürich" and "zurich")."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def parse_keywords(raw: str, *, label: str = "The keywords") -> tuple[str, ...]:
    """Keywords as typed: separated by commas, semicolons or new lines (a keyword may hold spaces), trimmed of
    surrounding punctuation and ``#``, without duplicates (case- and accent-insensitive), each holding a letter or
    a digit — so ``",,, ;"`` gives no keyword at all.

    Raises InvalidInput for a control character, more than KEYWORDS_TEXT_LIMIT characters, a keyword longer than
    KEYWORD_LIMIT or more than MAX_KEYWORDS keywords. May return () (the caller says what is needed)."""
    text = clean_text(raw, label=label, limit=KEYWORDS_TEXT_LIMIT, required=False, multiline=True)
    seen: dict[str, str] = {}
    for part in KEYWORD_SEPARATORS.split(text):
        keyword = " ".join(part.split()).strip(KEYWORD_TRIM).strip()
        if not any(char.isalnum() for char in keyword):
            continue
        if len(keyword) > KEYWORD_LIMIT:
            raise InvalidInput(
                f"A keyword can be at most {KEYWORD_LIMIT} characters; “{clean_for_message(keyword)}” has "
                f"{len(keyword)}. Separate keywords with commas."
            )
        seen.setdefault(fold(keyword), keyword)
    if len(seen) > MAX_KEYWORDS:
        raise InvalidInput(f"Give at most {MAX_KEYWORDS} keywords; that is {len(seen)}.")
    return tuple(seen.values())


# -- time zones ----------------------------------------------------------------------------------------------------


def timezone_key(raw: str, known: Iterable[str]) -> str | None:
    """The IANA name in ``known`` that ``raw`` spells, ignoring case, spaces for underscores and invisibles
    ("europe/berlin", "America/New York" → "America/New_York"); None when there is none."""
    typed = "_".join(strip_invisible(unicodedata.normalize("NFKC", raw)).split()).casefold()
    if not typed:
        return None
    by_folded = {name.casefold(): name for name in known}
    return by_folded.get(typed)
