"""Which language a post is in: X's own ``lang`` guess when it gave one, else a check against TextBlob's English
lexicon (shipped in the package). Openers quote only posts in the team's language, and the digest says which
language an account mostly posts in when it is another."""

from __future__ import annotations

import functools
from collections import Counter
from typing import TYPE_CHECKING, Any

from bot.text import decode_entities, strip_mentions, strip_urls, words

if TYPE_CHECKING:
    from collections.abc import Iterable

    from bot.networks.base import NetworkPost

# X's codes for "no linguistic content", "media only", "hashtags only" and the like: no language to go by.
UNDETERMINED = frozenset({"und", "zxx", "qme", "qam", "qct", "qht", "qst", "art"})
ENGLISH_SHARE = 0.5
"""Share of a post's words found in the English lexicon from which a post with no ``lang`` counts as English."""
MIN_WORDS_TO_GUESS = 3
# The languages X tags, for the digest's "mostly posts in …"; other codes are shown as they are.
LANGUAGE_NAMES = {
    "ar": "Arabic", "ca": "Catalan", "cs": "Czech", "da": "Danish", "de": "German", "el": "Greek", "en": "English",
    "es": "Spanish", "eu": "Basque", "fa": "Persian", "fi": "Finnish", "fr": "French", "he": "Hebrew",
    "hi": "Hindi", "hu": "Hungarian", "in": "Indonesian", "id": "Indonesian", "it": "Italian", "ja": "Japanese",
    "ko": "Korean", "nl": "Dutch", "no": "Norwegian", "pl": "Polish", "pt": "Portuguese", "ro": "Romanian",
    "ru": "Russian", "sv": "Swedish", "th": "Thai", "tl": "Tagalog", "tr": "Turkish", "uk": "Ukrainian",
    "ur": "Urdu", "vi": "Vietnamese", "zh": "Chinese", "am": "Amharic", "bg": "Bulgarian", "bn": "Bengali",
    "cy": "Welsh", "et": "Estonian", "ga": "Irish", "gd": "Scottish Gaelic", "gu": "Gujarati", "hr": "Croatian",
    "hy": "Armenian", "is": "Icelandic", "iw": "Hebrew", "ka": "Georgian", "km": "Khmer", "kn": "Kannada",
    "lt": "Lithuanian", "lv": "Latvian", "ml": "Malayalam", "mr": "Marathi", "ms": "Malay", "my": "Burmese",
    "ne": "Nepali", "pa": "Punjabi", "ps": "Pashto", "si": "Sinhala", "sk": "Slovak", "sl": "Slovenian",
    "sr": "Serbian", "sw": "Swahili", "ta": "Tamil", "te": "Telugu", "yo": "Yoruba", "ha": "Hausa", "ig": "Igbo",
    "zu": "Zulu", "af": "Afrikaans", "sq": "Albanian", "be": "Belarusian", "kk": "Kazakh", "uz": "Uzbek",
}  # fmt: skip


@functools.cache
def _lexicon() -> Any:
    import textblob.en as english  # pyright: ignore[reportMissingTypeStubs]

    return english.lexicon


def primary(code: str) -> str:
    """The primary subtag, lower case: "en-GB" -> "en", "zh-cn" -> "zh"."""
    return code.replace("_", "-").split("-")[0].casefold()


def looks_english(text: str) -> bool:
    """Whether ``text`` reads as English: at least :data:`ENGLISH_SHARE` of its words (links and mentions aside,
    at least :data:`MIN_WORDS_TO_GUESS`) are in TextBlob's English lexicon."""
    tokens = [word.lstrip("#") for word in words(strip_mentions(strip_urls(decode_entities(text))))]
    tokens = [word for word in tokens if word.isalpha()]
    if len(tokens) < MIN_WORDS_TO_GUESS:
        return False
    lexicon = _lexicon()
    known = sum(1 for word in tokens if word in lexicon or word.casefold() in lexicon)
    return known >= ENGLISH_SHARE * len(tokens)


def post_language(post: NetworkPost) -> str | None:
    """The post's language (primary subtag), or None when neither X nor the English check can tell."""
    if post.lang and post.lang.casefold() not in UNDETERMINED:
        return primary(post.lang)
    return "en" if looks_english(post.text) else None


def main_language(posts: Iterable[NetworkPost]) -> str | None:
    """The language most of ``posts`` (reposts aside) are in, or None when none can be told."""
    counts = Counter(lang for post in posts if not post.is_repost and (lang := post_language(post)) is not None)
    return counts.most_common(1)[0][0] if counts else None


def language_name(code: str) -> str:
    """ "de" -> "German"; an unknown code is returned as it is."""
    return LANGUAGE_NAMES.get(primary(code), code)
