"""Text the engine writes for people — the hardware report, why a model loads where it does,
whether a model fits, catalog descriptions — in the interface language (stdlib gettext).

    set_language("pl")                      # "en", "zh_TW", "zh_CN", "pl"; others: English
    _("No GPU found")                       # looked up when called, so a switch applies
    ngettext("{n} core", "{n} cores", n).format(n=n)

Messages use named placeholders ({size}) so a translation can put them in its own order.
The catalogs are resources/translations/engine/<code>/LC_MESSAGES/hearth.po, compiled to
hearth.mo and committed (as the Qt .qm files are) by scripts/translations. The desktop
calls set_language from desktop/i18n.install; the CLI from language_from_env.
"""

from __future__ import annotations

import gettext
from collections.abc import Mapping
from pathlib import Path

from engine.paths import resource_path

DOMAIN = "hearth"
CODES = ("en", "zh_TW", "zh_CN", "pl")
_ENV = ("LC_ALL", "LC_MESSAGES", "LANG")  # gettext's own order of precedence


class _Current:
    """The one language in use. Process-wide on purpose, like Qt's installed translators:
    text is built on worker threads that have no handle to pass it through, and swapping
    one reference is atomic, so a reader sees the old or the new catalog, never half."""

    state: tuple[str, gettext.NullTranslations] = ("en", gettext.NullTranslations())


def catalog_folder() -> Path:
    return resource_path("translations", "engine")


def set_language(code: str, folder: Path | None = None) -> str:
    """Use `code` from now on; an unknown code, or a missing catalog, means English.
    Returns the code in use."""
    code = code if code in CODES else "en"
    catalog: gettext.NullTranslations = gettext.NullTranslations()
    if code != "en":
        found = gettext.find(DOMAIN, str(folder or catalog_folder()), [code])
        if found:
            catalog = gettext.translation(DOMAIN, str(folder or catalog_folder()), [code])
        else:
            code = "en"
    _Current.state = (code, catalog)
    return code


def language() -> str:
    """The code in use: "en", "zh_TW", "zh_CN" or "pl"."""
    return _Current.state[0]


def _(message: str) -> str:
    return _Current.state[1].gettext(message)


def N_(message: str) -> str:  # noqa: N802 (gettext's name, which Babel extracts)
    """Marks `message` for the catalogs without translating it: for text kept in English
    (error hints) whose translation `_` looks up later."""
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form for `n` (Polish has three); the caller fills {n} with .format(n=...)."""
    return _Current.state[1].ngettext(singular, plural, n)


def number(n: int) -> str:
    """8192 -> "8,192"; in Polish "8 192" (a comma there is the decimal point)."""
    text = f"{n:,}"
    return text.replace(",", "\u00a0") if language() == "pl" else text


def decimal(x: float, grouped: bool = False) -> str:
    """One decimal place: "1.2" (grouped: "1,234.5"); in Polish "1,2" ("1 234,5")."""
    text = f"{x:,.1f}" if grouped else f"{x:.1f}"
    if language() == "pl":
        text = text.replace(",", "\u00a0").replace(".", ",")
    return text


def code_for_locale(name: str) -> str:
    """"zh_TW.UTF-8" -> "zh_TW", "zh_HK" -> "zh_TW", "zh_SG"/"zh" -> "zh_CN", "pl_PL" -> "pl";
    anything else "en"."""
    base = name.split(".")[0].split("@")[0].replace("-", "_")
    lang, _sep, region = base.partition("_")
    lang, region = lang.lower(), region.upper()
    if lang == "zh":
        return "zh_TW" if region in ("TW", "HK", "MO") or "HANT" in region else "zh_CN"
    return "pl" if lang == "pl" else "en"


def language_from_env(setting: str = "", env: Mapping[str, str] | None = None) -> str:
    """The CLI's language: the `language` setting when set, else LC_ALL / LC_MESSAGES / LANG
    (the first one set, as gettext reads them)."""
    if setting in CODES:
        return setting
    import os

    env = os.environ if env is None else env
    for key in _ENV:
        value = env.get(key, "")
        if value:
            return code_for_locale(value.split(":")[0])
    return "en"
