"""The book's own directives: every output with its caption, provenance and stale badge.

``{eco-output} KEY`` renders the output ``KEY`` (its path under ``figures/``
without extension, e.g. ``tables/table3``) from ``_eco/outputs.json``, which
the builder writes from the provenance sidecars: a numbered figure (its PNG)
or a numbered table (rows of its CSV) with the caption given where the output
was made, then what it reproduces, the notebook cell that made it, its files
and its provenance in a folded block. Every text is put into docutils text
nodes, never parsed as markup, so a cluster name with ``<script>`` or ``*``
in it shows literally.

The extension also gives every notebook code cell an anchor
(``nbcell-<cell id>``) so that links to the cell that made an output land on it.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import Directive, directives

MAX_ROWS = 40


class eco_details(nodes.General, nodes.Element):  # docutils names nodes in lower case
    """A folded block: ``<details>`` in HTML."""


def _visit_details(translator, node):
    translator.body.append(f'<details class="{" ".join(node["classes"])}"><summary>'
                           f'{translator.encode(node["summary"])}</summary>')


def _depart_details(translator, node):
    translator.body.append("</details>")


def _outputs(env) -> dict:
    cache = getattr(env, "_eco_outputs", None)
    if cache is None:
        cache = json.loads((Path(env.srcdir) / "_eco" / "outputs.json").read_text("utf-8"))
        env._eco_outputs = cache
    return cache


def _number_text(value: str) -> tuple[str, bool]:
    """A CSV cell as shown: floats to three decimals; whether it is a number."""
    try:
        number = float(value)
    except ValueError:
        return value, False
    if value.strip().lower() in ("nan", "inf", "-inf", "infinity"):
        return value, True
    if "." in value or "e" in value.lower():
        return f"{number:.3f}", True
    return value, True


def csv_table(path: Path, caption: str, max_rows: int = MAX_ROWS) -> tuple[nodes.table, int]:
    """A docutils table of the first ``max_rows`` rows of ``path``; and its row count."""
    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    header, body = (rows[0], rows[1:]) if rows else ([], [])
    table = nodes.table(classes=["eco-table"])
    table += nodes.title(caption, caption)
    group = nodes.tgroup(cols=max(len(header), 1))
    table += group
    for _ in range(max(len(header), 1)):
        group += nodes.colspec(colwidth=1)
    head = nodes.thead()
    group += head
    row = nodes.row()
    for name in header:
        row += nodes.entry("", nodes.paragraph(name, name))
    head += row
    tbody = nodes.tbody()
    group += tbody
    for values in body[:max_rows]:
        row = nodes.row()
        for value in values + [""] * (len(header) - len(values)):
            text, numeric = _number_text(value)
            row += nodes.entry("", nodes.paragraph(text, text),
                               classes=["eco-num"] if numeric else [])
        tbody += row
    return table, len(body)


def _link(text: str, uri: str) -> nodes.reference:
    return nodes.reference(text, text, refuri=uri)


def _join(parent, items, sep=", "):
    for i, item in enumerate(items):
        if i:
            parent += nodes.Text(sep)
        parent += item


class OutputDirective(Directive):
    """``{eco-output} tables/table3``: one output with caption, provenance and badge."""

    required_arguments = 1
    option_spec = {"rows": directives.nonnegative_int}

    def run(self):
        env = self.state.document.settings.env
        key = self.arguments[0]
        item = _outputs(env)[key]
        up = "../" * env.docname.count("/")  # links are relative to the site's root
        caption = item["caption"]
        out: list[nodes.Node] = []
        if item["image"]:
            figure = nodes.figure(classes=["eco-figure"])
            figure += nodes.image(uri="/" + item["image"], alt=caption)  # from the source root
            figure += nodes.caption(caption, caption)
            labelled = figure
        elif item["csv"]:
            labelled, n_rows = csv_table(Path(env.srcdir, item["csv"]), caption,
                                         self.options.get("rows", MAX_ROWS))
        else:
            labelled = nodes.rubric(caption, caption)
        labelled["names"].append(item["label"])
        self.state.document.note_explicit_target(labelled, labelled)
        out.append(labelled)
        meta = nodes.paragraph(classes=["eco-meta"])
        if item["problems"]:
            meta += nodes.inline("STALE", "STALE", classes=["eco-badge"])
            meta += nodes.Text(" ")
        if item["csv"] and n_rows > self.options.get("rows", MAX_ROWS):
            meta += nodes.Text(f"First {self.options.get('rows', MAX_ROWS)} of {n_rows} rows "
                               "shown; the whole table is in the CSV file. ")
        meta += nodes.Text("Reproduces: " + (", ".join(item["reproduces"])
                                             or "no paper item (an extension)") + ". ")
        if item["made_by"]:
            meta += nodes.Text("Made by ")
            meta += _link(item["made_by"]["text"], up + item["made_by"]["uri"])
            meta += nodes.Text(". ")
        else:
            meta += nodes.Text("Made outside the pipeline (notebook unknown). ")
        meta += nodes.Text("Files: ")
        _join(meta, [_link(name, up + uri) if uri else nodes.Text(name)
                     for name, uri in item["files"]])
        meta += nodes.Text(".")
        out.append(meta)
        if item["problems"]:
            problems = nodes.bullet_list(classes=["eco-meta"])
            for text in item["problems"]:
                problems += nodes.list_item("", nodes.paragraph(text, text))
            out.append(nodes.container("", problems, classes=["eco-stale"]))
        out.append(self._provenance(item, up))
        return out

    @staticmethod
    def _provenance(item: dict, up: str) -> eco_details:
        details = eco_details(summary="provenance", classes=["eco-provenance"])
        listing = nodes.bullet_list()
        for name, digest, uri in item["data"]:
            para = nodes.paragraph()
            para += nodes.Text("data ")
            para += _link(name, up + uri) if uri else nodes.Text(name + " (outside the site)")
            para += nodes.Text(" ")
            para += nodes.literal(text=f"sha256 {digest}")
            listing += nodes.list_item("", para)
        for label, value in item["facts"]:
            para = nodes.paragraph()
            para += nodes.Text(label + " ")
            para += nodes.literal(text=value)
            listing += nodes.list_item("", para)
        para = nodes.paragraph()
        para += _link("provenance sidecar (JSON)", up + item["sidecar_uri"])
        if item.get("run_uri"):
            para += nodes.Text(", ")
            para += _link("the notebook run's record (JSON)", up + item["run_uri"])
        listing += nodes.list_item("", para)
        details += listing
        return details


def _cell(value) -> list[nodes.Node]:
    """A cell of an ``{eco-table}``: text, ``{"text", "uri"}``, or a list of those."""
    if isinstance(value, list):  # one item per line, so that long file names do not widen it
        block = nodes.line_block()
        for part in value:
            line = nodes.line()
            line += _cell(part)
            block += line
        return [block]
    if isinstance(value, dict):
        if value.get("uri"):
            return [_link(value["text"], value["uri"])]
        return [nodes.Text(value["text"])]
    return [nodes.Text("" if value is None else str(value))]


class TableDirective(Directive):
    """``{eco-table} NAME``: the numbered table ``_eco/tables/NAME.json`` (caption, header, rows).

    Links in cells are relative to the site's root; every text is a text node.
    """

    required_arguments = 1

    def run(self):
        env = self.state.document.settings.env
        spec = json.loads((Path(env.srcdir) / "_eco" / "tables" / f"{self.arguments[0]}.json")
                          .read_text("utf-8"))
        up = "../" * env.docname.count("/")
        table = nodes.table(classes=["eco-table"])
        table += nodes.title(spec["caption"], spec["caption"])
        group = nodes.tgroup(cols=len(spec["header"]))
        table += group
        for _ in spec["header"]:
            group += nodes.colspec(colwidth=1)
        head = nodes.thead()
        group += head
        row = nodes.row()
        for name in spec["header"]:
            row += nodes.entry("", nodes.paragraph(name, name))
        head += row
        body = nodes.tbody()
        group += body
        for values in spec["rows"]:
            row = nodes.row()
            for value in values:
                for link in _iter_links(value):
                    if not link["uri"].startswith("#"):
                        link["uri"] = up + link["uri"]
                if isinstance(value, list):
                    content = _cell(value)[0]
                else:
                    content = nodes.paragraph()
                    content += _cell(value)
                numeric = isinstance(value, str) and _number_text(value)[1]
                row += nodes.entry("", content, classes=["eco-num"] if numeric else [])
            body += row
        table["names"].append(spec["label"])
        self.state.document.note_explicit_target(table, table)
        return [table]


def _iter_links(value):
    if isinstance(value, list):
        for part in value:
            yield from _iter_links(part)
    elif isinstance(value, dict) and value.get("uri"):
        yield value


def _anchor_cells(app, doctree):
    for node in doctree.findall(nodes.container):
        cell_id = (node.get("cell_metadata") or {}).get("eco_cell_id")
        if node.get("nb_element") == "cell_code" and cell_id:
            node["ids"].append(nodes.make_id(f"nbcell-{cell_id}"))


def setup(app):
    app.add_node(eco_details, html=(_visit_details, _depart_details))
    app.add_directive("eco-output", OutputDirective)
    app.add_directive("eco-table", TableDirective)
    app.connect("doctree-read", _anchor_cells)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
