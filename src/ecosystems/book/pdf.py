"""The replication report as PDF: pandoc's Typst writer, then Typst (no TeX).

The page the book shows (``replication.md``, MyST) is converted by pandoc
(the binary that ``pypandoc-binary`` ships) from CommonMark to Typst, and
compiled by the ``typst`` package. pandoc does not know MyST's extensions, so
the page's three kinds of them get their pandoc meaning here:

- a directive fence (```` ```{figure} PATH ```` with ``:name:`` options and a
  caption) is written as a pandoc fenced div before reading
  (:func:`myst_fences`); after reading, the ``figure`` div becomes a pandoc
  figure with its image;
- the roles ``{cite:p}`key``` (and ``{cite}``, ``{cite:t}``) become pandoc
  citations, which the Typst writer turns into Typst's own ``@key`` against
  ``references.bib``; ``{doc}``, ``{ref}`` and ``{numref}`` become the text of
  their target;
- any other directive or role is refused with its name and line: nothing is
  dropped silently.

pandoc's writer escapes text for Typst, so a cluster name with ``#``, ``*``,
``<``, ``$``, ``@`` or ``[`` shows as typed; the little Typst markup that its
version 3.9 leaves bare (the shorthands ``...``, ``-?`` and ``-`` before a
digit, a block marker opening a list item) is escaped here. Typst compiles with its
bundled fonts and matplotlib's DejaVu Sans only (system fonts ignored) and
without a date, so the same page gives the same PDF bytes on every machine.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

#: pandoc's reader: CommonMark (MyST's base) with pipe tables and the fenced divs
#: that :func:`myst_fences` writes; no "smart" typography, so quotes and dashes stay
#: as typed.
READER = "commonmark+fenced_divs+pipe_tables"
#: The Typst lines pandoc's default template gets (``header-includes``): figures
#: numbered B1, B2, ... as in the book's HTML; no date, so the bytes do not change; a
#: table (pandoc wraps each in a figure) may break across pages, so a long one (the
#: report's verdict table) starts where it stands and never runs off the page.
HEADER = """#set document(author: "ecosystems collection", date: none)
#set figure(numbering: n => "B" + str(n))
#show figure.where(kind: table): set block(breakable: true)
#show figure.where(kind: image): set figure(supplement: "Fig.")
#set bibliography(title: "References", style: "apa")
#show link: underline"""
#: pandoc's template variables (metadata of the converted page).
VARIABLES = {"papersize": "a4", "margin": {"x": "2cm", "y": "2.2cm"}, "mainfont": "DejaVu Sans",
             "fontsize": "9.5pt", "lang": "en"}

_FENCE = re.compile(r"^(?P<fence>`{3,}|:{3,})\{(?P<name>[\w-]+)\}[ \t]*(?P<arg>.*)$")
_OPTION = re.compile(r"^:(?P<key>[\w-]+):[ \t]*(?P<value>.*)$")
_ROLE = re.compile(r"\{(?P<name>[\w:-]+)\}$")
_CITE_MODES = {"cite": "NormalCitation", "cite:p": "NormalCitation", "cite:ps": "NormalCitation",
               "cite:t": "AuthorInText", "cite:ts": "AuthorInText",
               "cite:year": "SuppressAuthor"}
_TEXT_ROLES = {"doc", "ref", "numref"}
_DIRECTIVES = {"figure"}
#: Typst markup that pandoc's writer (3.9) leaves bare in text: the shorthands ``...``
#: (an ellipsis), ``-?`` (a soft hyphen) and ``-`` before a digit (a minus sign), and
#: a block marker (``=``, ``-``, ``+``, ``/``, ``1.``) that opens a list item's text.
_SHORTHAND = re.compile(r"\.(?=\.)|-(?=[?\d])")
_ITEM_START = re.compile(r"[=+/-]|\d+\.$")


class PdfSourceError(ValueError):
    """The page holds a MyST directive or role that has no form in the PDF."""


@dataclass
class _Page:
    """The page being converted: its text and name (for messages), the keys it cites."""

    text: str
    name: str
    cited: list[str] = field(default_factory=list)

    def line(self, snippet: str) -> str:
        """``NAME, line N`` of the first line holding ``snippet``."""
        lines = self.text.splitlines()
        number = next((i + 1 for i, ln in enumerate(lines) if snippet in ln), None)
        return f"{self.name}, line {number}" if number else self.name


def _quoted(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def myst_fences(text: str, page: str = "replication.md") -> str:
    """``text`` with each MyST directive fence written as a pandoc fenced div.

    ```` ```{figure} figures/a.png ```` then ``:name: x`` becomes
    ``::: {.figure arg="figures/a.png" name="x"}``; the directive's body (a
    figure's caption) stays Markdown inside the div. User text cannot open a
    fence: it is escaped (:func:`ecosystems.outputs.escape.md_escape`), so no line
    of it starts with a backtick or a colon.

    Raises
    ------
    PdfSourceError
        For a directive other than ``figure`` (named, with its line).
    """
    lines, out, i = text.splitlines(), [], 0
    while i < len(lines):
        match = _FENCE.match(lines[i])
        if not match:
            out.append(lines[i])
            i += 1
            continue
        name, fence = match["name"], match["fence"]
        if name not in _DIRECTIVES:
            raise PdfSourceError(
                f"{page}, line {i + 1}: the MyST directive {{{name}}} has no form in the PDF "
                f"(known: {', '.join(sorted(_DIRECTIVES))}); give it one in "
                "ecosystems.book.pdf or leave it out of the page")
        attributes = {"arg": match["arg"].strip()}
        i += 1
        while i < len(lines) and _OPTION.match(lines[i]):
            option = _OPTION.match(lines[i])
            attributes[option["key"]] = option["value"].strip()
            i += 1
        body = []
        while i < len(lines) and lines[i].strip() != fence:
            body.append(lines[i])
            i += 1
        i += 1  # the closing fence
        keys = " ".join(f"{k}={_quoted(v)}" for k, v in attributes.items())
        out += ["", f"::: {{.{name} {keys}}}", *body, ":::", ""]
    return "\n".join(out) + "\n"


def _str(text: str) -> dict:
    return {"t": "Str", "c": text}


def _inlines(items: list, page: _Page) -> list:
    """Inlines with MyST roles (a ``{name}`` text followed by a code span) resolved."""
    out = []
    for item in items:
        previous = out[-1] if out else None
        role = (_ROLE.search(previous["c"]) if previous and previous["t"] == "Str" else None)
        if item["t"] != "Code" or role is None:
            out.append(item)
            continue
        name, content = role["name"], item["c"][1]
        head = previous["c"][:role.start()]
        out.pop()
        if head:
            out.append(_str(head))
        if name in _CITE_MODES:
            keys = [k.strip() for k in content.split(",") if k.strip()]
            page.cited += keys
            citations = [{"citationId": k, "citationPrefix": [], "citationSuffix": [],
                          "citationMode": {"t": _CITE_MODES[name]}, "citationNoteNum": 0,
                          "citationHash": 0} for k in keys]
            out.append({"t": "Cite", "c": [citations, [_str(content)]]})
        elif name in _TEXT_ROLES:  # the target's title ("Title <target>") or its name
            out.append(_str(content.split("<")[0].strip() or content))
        else:
            raise PdfSourceError(
                f"{page.line(content)}: the MyST role {{{name}}}`{content}` has no form in the "
                f"PDF (known: {', '.join(sorted(_CITE_MODES.keys() | _TEXT_ROLES))}); give it "
                "one in ecosystems.book.pdf or leave it out of the page")
    return out


def _typst_escapes(items: list) -> list:
    """Inlines with each shorthand of :data:`_SHORTHAND` escaped (as raw Typst ``\\c``)."""
    out = []
    for item in items:
        if item["t"] != "Str" or not _SHORTHAND.search(item["c"]):
            out.append(item)
            continue
        start = 0
        for match in _SHORTHAND.finditer(item["c"]):
            if match.start() > start:
                out.append(_str(item["c"][start:match.start()]))
            out.append({"t": "RawInline", "c": ["typst", "\\" + match[0]]})
            start = match.end()
        if start < len(item["c"]):
            out.append(_str(item["c"][start:]))
    return out


def _item_start_escaped(item: list) -> list:
    """A list item whose text opens with a Typst block marker, that marker escaped."""
    first = item[0] if item else None
    if first and first["t"] in ("Plain", "Para") and first["c"]:
        head = first["c"][0]
        if head["t"] == "Str" and _ITEM_START.match(head["c"]):
            first["c"].insert(0, {"t": "RawInline", "c": ["typst", "\\"]})
    return item


def _figure(div: list) -> dict:
    """A pandoc Figure of the ``figure`` div: its image and its caption."""
    (ident, classes, pairs), blocks = div
    attributes = dict(pairs)
    image = {"t": "Image", "c": [["", [], [["width", "100%"]]], [], [attributes["arg"], ""]]}
    return {"t": "Figure", "c": [[attributes.get("name", ident), [], []], [None, blocks],
                                 [{"t": "Plain", "c": [image]}]]}


def _walk(node, page: _Page):
    """``node`` (pandoc's JSON AST) with MyST's figures and roles in pandoc's form and the
    text Typst would read as markup escaped."""
    if isinstance(node, list):
        if node and all(isinstance(x, dict) and "t" in x for x in node):
            node = _typst_escapes(_inlines(node, page))
        return [_walk(x, page) for x in node]
    if isinstance(node, dict):
        if node.get("t") == "Div" and "figure" in node["c"][0][1]:
            return _walk(_figure(node["c"]), page)
        node = {k: _walk(v, page) for k, v in node.items()}
        if node.get("t") == "BulletList":
            node["c"] = [_item_start_escaped(item) for item in node["c"]]
        elif node.get("t") == "OrderedList":
            node["c"][1] = [_item_start_escaped(item) for item in node["c"][1]]
    return node


def _meta(value) -> dict:
    if isinstance(value, dict):
        return {"t": "MetaMap", "c": {k: _meta(v) for k, v in value.items()}}
    if isinstance(value, list):
        return {"t": "MetaList", "c": [_meta(v) for v in value]}
    return {"t": "MetaString", "c": str(value)}


def myst_to_typst(text: str, page: str = "replication.md", bibliography: str | None = None) -> str:
    """Typst source of a MyST page: its first heading the title, the rest converted by pandoc.

    Parameters
    ----------
    text : str
        The page (MyST Markdown).
    page : str
        Its name, for error messages.
    bibliography : str, optional
        A BibTeX file (relative to where the Typst source is compiled) for the
        page's citations.
    """
    import pypandoc

    ast = json.loads(pypandoc.convert_text(myst_fences(text, page), "json", format=READER,
                                           extra_args=["--shift-heading-level-by=-1"],
                                           sandbox=True))
    source = _Page(text, page)
    ast = _walk(ast, source)
    if source.cited and not bibliography:
        raise PdfSourceError(f"{page}: cites {', '.join(source.cited)} but no bibliography was "
                             "given; pass the BibTeX file that holds these keys")
    cites = {"bibliography": bibliography} if source.cited else {}
    meta = dict(VARIABLES, **cites)
    ast["meta"].update({k: _meta(v) for k, v in meta.items()})
    ast["meta"]["header-includes"] = {"t": "MetaBlocks",
                                      "c": [{"t": "RawBlock", "c": ["typst", HEADER]}]}
    return pypandoc.convert_text(json.dumps(ast), "typst", format="json",
                                 extra_args=["--standalone", "--wrap=none"], sandbox=True)


def write_pdf(page: Path, target: Path, root: Path) -> Path:
    """Typeset the MyST ``page`` (in the book source folder ``root``) as PDF at ``target``."""
    import matplotlib
    import typst

    source = root / "replication.typ"
    bibliography = "references.bib" if (root / "references.bib").is_file() else None
    source.write_text(myst_to_typst(page.read_text(encoding="utf-8"), page.name, bibliography),
                      encoding="utf-8")
    fonts = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    target.parent.mkdir(parents=True, exist_ok=True)
    typst.compile(str(source), output=str(target), root=str(root), font_paths=[str(fonts)],
                  ignore_system_fonts=True)
    return target
