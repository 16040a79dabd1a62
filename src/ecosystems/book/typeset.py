"""The replication report as PDF: its MyST page turned into Typst and compiled (no TeX).

The page the book shows (``replication.md``) is parsed with markdown-it (the
parser MyST is built on, with MyST's role and colon-fence syntax) and each
token written as Typst: headings, paragraphs, emphasis, lists, quotations,
the ``{figure}`` and ``{eco-table}`` blocks, citations. The PDF therefore has
the same text as the HTML page. Every text is escaped for Typst
(:func:`ecosystems.outputs.escape.typst_escape`), so no name can run Typst
code. The typst package (PyPI) compiles it offline with its bundled fonts and
matplotlib's DejaVu Sans only (system fonts ignored: the same PDF on every
machine).
"""

from __future__ import annotations

import json
from pathlib import Path

from ..outputs.escape import typst_escape

PREAMBLE = """#set document(title: "Replication report", author: "ecosystems collection")
#set page(paper: "a4", margin: (x: 2cm, y: 2.2cm), numbering: "1")
#set text(font: ("DejaVu Sans", "Libertinus Serif"), size: 9.5pt, lang: "en")
#set par(justify: false, leading: 0.6em)
#set heading(numbering: none)
#set figure(numbering: n => "B" + str(n))
#show figure.where(kind: image): set figure(supplement: "Fig.")
#show figure.where(kind: table): set figure.caption(position: top)
#show link: underline
#set table(stroke: 0.4pt + gray, inset: 3pt)
"""


def _parser():
    from markdown_it import MarkdownIt
    from mdit_py_plugins.colon_fence import colon_fence_plugin
    from mdit_py_plugins.myst_role import myst_role_plugin

    return MarkdownIt("commonmark").use(myst_role_plugin).use(colon_fence_plugin).enable("table")


def _inline(children, cited: set[str]) -> str:
    out = []
    for tok in children or []:
        if tok.type == "text":  # typst_escape trims: keep the spaces around the words
            content = tok.content
            lead = " " if content[:1].isspace() else ""
            trail = " " if content[-1:].isspace() and content.strip() else ""
            out.append(lead + typst_escape(content) + trail)
        elif tok.type in ("softbreak", "hardbreak"):
            out.append(" ")
        elif tok.type == "strong_open":
            out.append("#strong[")
        elif tok.type == "em_open":
            out.append("#emph[")
        elif tok.type in ("strong_close", "em_close"):
            out.append("]")
        elif tok.type == "code_inline":
            out.append("#raw(" + json.dumps(tok.content) + ")")
        elif tok.type == "myst_role":
            name, content = tok.meta.get("name", ""), tok.content
            if name.startswith("cite"):
                keys = [k.strip() for k in content.split(",") if k.strip()]
                cited.update(keys)
                out.append("".join(f"#cite(label({json.dumps(k)}))" for k in keys))
            else:  # {doc}, {ref}, {numref}: the target's name as text
                out.append(typst_escape(content.split("<")[0].strip() or content))
        # link_open/close, html_inline: the link text is kept, the address dropped
    return "".join(out).strip()


def _text(node_tokens, cited) -> str:
    return _inline(node_tokens.children, cited) if node_tokens is not None else ""


def _figure(info: str, body: str, root: Path) -> str:
    path = info.split(None, 1)[1].strip() if len(info.split(None, 1)) > 1 else ""
    lines = [ln for ln in body.splitlines() if not ln.startswith(":")]
    caption = " ".join(ln.strip() for ln in lines if ln.strip())
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").parseInline(caption)
    caption_typst = _inline(tokens[0].children if tokens else [], set())
    return (f"#figure(image({json.dumps(path)}, width: 100%), "
            f"caption: [{caption_typst}])\n")


def _table(name: str, root: Path) -> str:
    spec = json.loads((root / "_eco" / "tables" / f"{name}.json").read_text(encoding="utf-8"))

    def cell(value) -> str:
        if isinstance(value, list):
            return "; ".join(cell(v) for v in value)
        if isinstance(value, dict):
            return typst_escape(value["text"])
        return typst_escape("" if value is None else value)

    cells = [f"[#strong[{typst_escape(h)}]]" for h in spec["header"]]
    cells += [f"[{cell(v)}]" for row in spec["rows"] for v in row]
    return (f"#figure(kind: table, caption: [{typst_escape(spec['caption'])}], "
            f"table(columns: {len(spec['header'])}, align: left, {', '.join(cells)}))\n")


def myst_to_typst(text: str, root: Path) -> str:
    """Typst source of a MyST page (the subset the replication report uses)."""
    tokens = _parser().parse(text)
    out, cited, stack = [PREAMBLE], set(), []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        prefix = "".join(stack)
        if tok.type == "heading_open":
            level = int(tok.tag[1])
            body = _text(tokens[i + 1], cited)
            if level == 1:
                out.append(f"#align(center, text(size: 16pt, weight: \"bold\")[{body}])\n")
            else:
                out.append("=" * (level - 1) + " " + body + "\n")
            i += 3
            continue
        if tok.type == "paragraph_open":
            body = _text(tokens[i + 1], cited)
            out.append((prefix + body + "\n") if prefix else (body + "\n\n"))
            i += 3
            continue
        if tok.type == "bullet_list_open":
            stack.append("")
        elif tok.type == "bullet_list_close":
            stack.pop()
            out.append("\n")
        elif tok.type == "list_item_open":
            stack[-1] = "  " * (len(stack) - 1) + "- "
        elif tok.type == "blockquote_open":
            out.append("#quote(block: true)[")
        elif tok.type == "blockquote_close":
            out[-1] = out[-1].rstrip("\n")
            out.append("]\n\n")
        elif tok.type in ("fence", "colon_fence"):
            info = tok.info.strip()
            if info.startswith("{figure}"):
                out.append(_figure(info, tok.content, root))
            elif info.startswith("{eco-table}"):
                out.append(_table(info.split()[1], root))
        i += 1
    if cited:
        out.append('\n#bibliography("references.bib", title: "References", style: "apa")\n')
    return "".join(out)


def write_pdf(page: Path, target: Path, root: Path) -> Path:
    """Typeset the MyST ``page`` (in the book source folder ``root``) as PDF at ``target``."""
    import matplotlib
    import typst

    source = root / "replication.typ"
    source.write_text(myst_to_typst(page.read_text(encoding="utf-8"), root), encoding="utf-8")
    fonts = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    target.parent.mkdir(parents=True, exist_ok=True)
    typst.compile(str(source), output=str(target), root=str(root), font_paths=[str(fonts)],
                  ignore_system_fonts=True)
    return target
