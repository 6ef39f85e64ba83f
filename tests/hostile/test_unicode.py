"""Text with characters of every Unicode category through YAML, JSON and GraphML and back.

YAML and JSON keep every character exactly, except a lone surrogate (no character, and no
UTF-8 file can hold one), which writing refuses by name. GraphML keeps every character
XML 1.0 can hold; the others (the test's own reading of the XML 1.0 ``Char`` production)
are written as U+FFFD with a warning.
"""

from __future__ import annotations

import functools
import sys
import unicodedata
import warnings

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import outcomeframe as of

CATEGORIES = [
    *("Lu", "Ll", "Lt", "Lm", "Lo", "Mn", "Mc", "Me", "Nd", "Nl", "No", "Pc", "Pd", "Ps", "Pe"),
    *("Pi", "Pf", "Po", "Sm", "Sc", "Sk", "So", "Zs", "Zl", "Zp", "Cc", "Cf", "Cs", "Co", "Cn"),
]


def xml_char(c: str) -> bool:
    """XML 1.0, production [2]: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-]."""
    n = ord(c)
    return n in (0x9, 0xA, 0xD) or 0x20 <= n <= 0xD7FF or 0xE000 <= n <= 0xFFFD or n >= 0x10000


def surrogate(c: str) -> bool:
    return 0xD800 <= ord(c) <= 0xDFFF


@functools.cache
def samples() -> dict[str, list[str]]:
    """The first, a middle and the last character of each category in this Python's tables.

    Found when a test first asks (once per process), not when the module is collected.
    """
    found: dict[str, list[str]] = {c: [] for c in CATEGORIES}
    for n in range(sys.maxunicode + 1):
        found[unicodedata.category(chr(n))].append(chr(n))
    return {c: [chars[0], chars[len(chars) // 2], chars[-1]] for c, chars in found.items()}


def framework(title: str, description: str, lead: str) -> of.Framework:
    fw = of.Framework(title=f"Plan {title}", area={"code": "E08000009", "name": title})
    fw.add(
        of.Vision(id="vision", title=f"V {title}", description=description),
        of.Priority(id="p", title=f"{title} P", leads=[lead], tags=[lead, description]),
    )
    fw.link("p", "vision")
    return fw


def texts(fw: of.Framework) -> list[str]:
    return [
        fw.title,
        fw.metadata.area.name,
        fw["vision"].title,
        fw["vision"].description,
        fw["p"].title,
        *fw["p"].leads,
        *fw["p"].tags,
    ]


def check_file_round_trip(fw: of.Framework, text: str) -> None:
    for fmt in ("yaml", "json"):
        if any(map(surrogate, text)):
            with pytest.raises(of.ArgumentError, match="lone surrogate"):
                of.dumps(fw, format=fmt)
            continue
        written = of.dumps(fw, format=fmt)
        written.encode("utf-8")  # strict: the file is valid UTF-8
        back = of.loads(written, format=fmt)
        assert back == fw
        assert texts(back) == texts(fw)


def check_graphml_round_trip(fw: of.Framework, text: str, description: str, path) -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        of.to_graphml(fw, path)
    G = nx.read_graphml(path)  # parses: the file is well-formed XML

    def expected(s: str) -> str:
        return "".join(c if xml_char(c) else "\ufffd" for c in s)

    assert G.nodes["p"]["title"] == f"{expected(text)} P"
    assert G.nodes["vision"]["title"] == f"V {expected(text)}"
    assert G.nodes["vision"]["description"] == expected(description)
    replaced = not all(map(xml_char, text + description))
    assert any(issubclass(w.category, of.OutcomeFrameWarning) for w in caught) == replaced
    if not all(map(xml_char, text)):
        assert "U+FFFD" in str(caught[0].message)
        assert "p title" in str(caught[0].message)


@pytest.mark.parametrize("category", CATEGORIES)
def test_every_category_round_trips(category, tmp_path):
    for c in samples()[category]:
        text = f"a{c}b{c}"
        fw = framework(text, c, text)
        check_file_round_trip(fw, text)
        check_graphml_round_trip(fw, text, c, tmp_path / "plan.graphml")


_TEXT = st.text(st.characters(categories=CATEGORIES), min_size=1, max_size=20).filter(
    lambda s: s.strip() != ""
)


@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.filter_too_much],
)
@given(text=_TEXT, description=_TEXT, lead=_TEXT)
def test_any_text_round_trips(text, description, lead, tmp_path):
    fw = framework(text, description, lead)
    check_file_round_trip(fw, text + description + lead)
    check_graphml_round_trip(fw, text, description, tmp_path / "plan.graphml")
