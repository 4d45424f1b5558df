"""The zh-hans catalogue is complete, compiled, and used.

Regenerate the catalogues after changing user-facing strings (from src/zhangfang):

    ZHANGFANG_DATA_DIR=/tmp/zf-i18n ../../.venv/bin/python -m django makemessages -l zh_Hans -l en \
        --settings=zhangfang.settings --ignore='*/tests/*' --ignore='*/static/vendor/*' --no-location --no-obsolete
    # translate the new entries in locale/zh_Hans/LC_MESSAGES/django.po, then
    ZHANGFANG_DATA_DIR=/tmp/zf-i18n ../../.venv/bin/python -m django compilemessages --settings=zhangfang.settings

The .mo files are committed so that installations need no gettext tools.
"""

import ast
import re
from pathlib import Path

import polib
import pytest
from django.utils import translation
from django.utils.translation.template import templatize

from zhangfang.core.management.commands import makemessages

PACKAGE = Path(__file__).resolve().parents[2]  # src/zhangfang
LOCALE = PACKAGE / "locale"
LANGUAGES = ["zh_Hans", "en"]
SKIPPED_DIRS = {"tests", "locale", "vendor", "__pycache__"}

# Call names whose literal arguments makemessages extracts: xgettext's Python defaults,
# Django's additions, and the aliases zhangfang.core's makemessages command adds.
# Value: (index of msgctxt or None, index of msgid, index of msgid_plural or None).
KEYWORDS = {
    "_": (None, 0, None), "gettext": (None, 0, None), "gettext_lazy": (None, 0, None),
    "gettext_noop": (None, 0, None),
    "ngettext": (None, 0, 1), "ngettext_lazy": (None, 0, 1),
    "pgettext": (0, 1, None), "pgettext_lazy": (0, 1, None),
    "npgettext": (0, 1, 2), "npgettext_lazy": (0, 1, 2),
    **dict.fromkeys(makemessages.ALIASES, (None, 0, None)),
}
_LITERAL = r"""u?(?:'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")"""
_TEMPLATIZED_CALL = re.compile(rf"\b(n?p?gettext)\(\s*({_LITERAL}(?:\s*,\s*{_LITERAL})*)")
_PLACEHOLDER = re.compile(r"%(?:\(\w+\))?[sd]")


def _po(language):
    return polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))


def _mo(language):
    return polib.mofile(str(LOCALE / language / "LC_MESSAGES" / "django.mo"))


def _sources(*suffixes):
    for path in sorted(PACKAGE.rglob("*")):
        if path.suffix in suffixes and not SKIPPED_DIRS & set(path.relative_to(PACKAGE).parts):
            yield path


def _key(args, spec):
    context, singular, plural = spec
    if len(args) <= max(i for i in spec if i is not None):
        return None
    return (args[context] if context is not None else None, args[singular])


def _python_strings(path):
    """(key, extracted) for each marked literal; extracted is False for a call through an
    alias of django.utils.translation that makemessages does not know, e.g. ``gettext as tr``."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    aliases = {alias.asname: alias.name for node in ast.walk(tree)
               if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation"
               for alias in node.names if alias.asname}
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
        spec = KEYWORDS.get(name) or KEYWORDS.get(aliases.get(name))
        literals = []
        for arg in node.args:
            if not (isinstance(arg, ast.Constant) and isinstance(arg.value, str)):
                break
            literals.append(arg.value)
        if spec and (key := _key(literals, spec)):
            yield key, name in KEYWORDS


def _template_strings(path):
    """Strings of {% translate %} and {% blocktranslate %}, as makemessages sees them."""
    for name, args in _TEMPLATIZED_CALL.findall(templatize(path.read_text(encoding="utf-8"), origin=str(path))):
        literals = ast.literal_eval(f"({args},)")
        if key := _key(literals, KEYWORDS[name]):
            yield key, True


def _marked_strings():
    """{(msgctxt, msgid): file} of what is marked, and the calls makemessages would miss."""
    found, unextracted = {}, set()
    sources = [(path, _python_strings) for path in _sources(".py")]
    sources += [(path, _template_strings) for path in _sources(".html", ".txt")]
    for path, scan in sources:
        where = path.relative_to(PACKAGE)
        for key, extracted in scan(path):
            found.setdefault(key, where)
            if not extracted:
                unextracted.add(f"{where}: {key[1]!r}")
    return found, unextracted


def _translations(catalogue):
    """What gettext would return: the translated, non-fuzzy entries (msgfmt drops the rest)."""
    entries = catalogue.translated_entries() if isinstance(catalogue, polib.POFile) else catalogue
    return {(e.msgctxt, e.msgid): (e.msgstr, tuple(sorted(e.msgstr_plural.items()))) for e in entries}


def test_zh_hans_catalogue_is_complete():
    po = _po("zh_Hans")
    assert po.percent_translated() == 100, [e.msgid for e in po.untranslated_entries()]
    assert not po.fuzzy_entries(), [e.msgid for e in po.fuzzy_entries()]
    assert not po.metadata_is_fuzzy
    assert po.metadata["Plural-Forms"].startswith("nplurals=1;")


def test_zh_hans_keeps_placeholders():
    wrong = [e.msgid for e in _po("zh_Hans") if e.msgstr
             and sorted(_PLACEHOLDER.findall(e.msgid)) != sorted(_PLACEHOLDER.findall(e.msgstr))]
    assert not wrong


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalogue_matches_po(language):
    assert _translations(_mo(language)) == _translations(_po(language)), (
        "django.mo is stale: run compilemessages (see this module's docstring)")


def test_every_marked_string_is_in_the_catalogue():
    msgids = {(e.msgctxt, e.msgid) for e in _po("zh_Hans") if not e.obsolete}
    marked, unextracted = _marked_strings()
    assert len(marked) > 100, "the source scan found suspiciously few strings"
    assert not unextracted, ("makemessages does not extract these gettext aliases; use a standard name or add "
                             "the alias to zhangfang/core/management/commands/makemessages.py:\n"
                             + "\n".join(sorted(unextracted)))
    missing = {f"{where}: {msgid!r}" for (ctx, msgid), where in marked.items() if (ctx, msgid) not in msgids}
    assert not missing, "run makemessages and translate (see this module's docstring):\n" + "\n".join(sorted(missing))


def test_gettext_uses_the_catalogues():
    with translation.override("zh-hans"):
        assert translation.gettext("Partners") == "往来单位"
        assert translation.gettext("Auditor (read-only)") == "审计员（只读）"
    with translation.override("en"):
        assert translation.gettext("Partners") == "Partners"


@pytest.mark.parametrize(("language", "expected", "absent"), [("zh-hans", "登录", "Sign in"),
                                                              ("en", "Sign in", "登录")])
def test_login_page_follows_accept_language(db, client, language, expected, absent):
    response = client.get("/login/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    html = response.content.decode()
    assert expected in html
    assert absent not in html
