import string

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from mdit_py_plugins.myst_role import myst_role_plugin

from ecosystems.outputs import escape
from ecosystems.outputs.save import _markdown

HOSTILE = ['<script>window.__pwned=1</script>"ABAT"', '<img src=x onerror="window.__pwned=2">',
           "**bold** | pipe {role}`x` $x$ #sys [link](http://evil) \\ & &amp; <!-- c -->"]
# text as a user might type it: letters of two alphabets, digits, every ASCII punctuation
TEXT = st.text(alphabet=string.ascii_letters + string.digits + string.punctuation + " йё«»–",
               max_size=40)


def _inline_text(markdown: str) -> tuple[str, set[str]]:
    """What MyST's parser makes of ``markdown``: the literal text and the token types."""
    md = MarkdownIt("commonmark").use(myst_role_plugin).enable("table")
    children = md.parseInline(markdown)[0].children
    return "".join(t.content for t in children), {t.type for t in children}


@given(TEXT)
def test_md_escape_is_literal_text_for_any_string(text):
    shown, kinds = _inline_text(escape.md_escape(text))
    assert kinds <= {"text"}, kinds
    assert shown == " ".join(text.split())


@settings(deadline=None)  # the first example imports tabulate (to_markdown): 0.5 s when busy
@given(TEXT)
def test_md_escape_cell_keeps_one_table_cell_and_no_markup(text):
    table = _markdown(pd.DataFrame({"name": [text], "n": [1]}), False, ".3f")
    html = MarkdownIt("commonmark").enable("table").render(table)
    assert html.count("<td") == 2
    assert "<script" not in html and "<img" not in html and "<a " not in html


def test_sanitize_html_removes_everything_active_and_keeps_the_text():
    dirty = ("<style>#T_a td {color: red}</style><style>a {background: url(http://x)}</style>"
             "<table id='T_a'><tr><th onclick='x()'>&lt;script&gt; name</th>"
             "<td style='color: red; position: fixed'>1.5</td></tr></table>"
             "<script>window.__pwned=1</script><img src=x onerror='window.__pwned=2'>"
             "<a href='javascript:alert(1)'>j</a><a href='http://evil/'>e</a><a href='#ok'>ok</a>"
             "<iframe src='http://evil/'></iframe><img src='data:image/png;base64,AAAA'>")
    clean = escape.sanitize_html(dirty)
    for bad in ("<script", "onerror", "onclick", "javascript:", "http://", "<iframe", "url(",
                "position", 'src="x"'):
        assert bad not in clean, bad
    assert "&lt;script&gt; name" in clean and "color:red" in clean and 'href="#ok"' in clean
    assert "#T_a td {color: red}" in clean and 'src="data:image/png' in clean


def test_sanitize_notebook_makes_markdown_outputs_inert_and_drops_scripts():
    nb = {"metadata": {"widgets": {"state": {}}}, "cells": [
        {"cell_type": "code", "id": "c1", "metadata": {}, "source": "", "outputs": [
            {"output_type": "display_data", "metadata": {}, "data": {
                "text/markdown": "## " + HOSTILE[0] + "\n\n| a |\n|---|\n| " + HOSTILE[1] + " |",
                "text/plain": "x"}},
            {"output_type": "display_data", "metadata": {}, "data": {
                "application/javascript": "window.__pwned=3", "text/html": HOSTILE[1]}},
            {"output_type": "display_data", "metadata": {}, "data": {
                "application/javascript": "window.__pwned=4"}}]}]}
    safe = escape.sanitize_notebook(nb)
    outputs = safe["cells"][0]["outputs"]
    assert "widgets" not in safe["metadata"]
    assert safe["cells"][0]["metadata"]["eco_cell_id"] == "c1"
    html = outputs[0]["data"]["text/html"]
    assert "text/markdown" not in outputs[0]["data"]
    assert "&lt;script&gt;" in html and "<script" not in html and "<img" not in html
    assert set(outputs[1]["data"]) == {"text/html"}
    assert "<img" not in outputs[1]["data"]["text/html"]
    assert set(outputs[2]["data"]) == {"text/plain"}
    assert nb["cells"][0]["outputs"][0]["data"]["text/markdown"]  # the input is not changed


def test_styler_output_of_a_hostile_name_is_sanitized():
    styled = pd.DataFrame({"v": [1.0]}, index=[HOSTILE[0]]).style.to_html()  # raw, unescaped
    assert "<script>" in styled
    assert "<script" not in escape.sanitize_html(styled)
