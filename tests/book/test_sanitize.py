"""The book's HTML of notebook outputs: nothing active survives, the text does."""

import pandas as pd

from ecosystems.book import sanitize

HOSTILE = ['<script>window.__pwned=1</script>"ABAT"', '<img src=x onerror="window.__pwned=2">']


def test_sanitize_html_removes_everything_active_and_keeps_the_text():
    dirty = ("<style>#T_a td {color: red}</style><style>a {background: url(http://x)}</style>"
             "<table id='T_a'><tr><th onclick='x()'>&lt;script&gt; name</th>"
             "<td style='color: red; position: fixed'>1.5</td></tr></table>"
             "<script>window.__pwned=1</script><img src=x onerror='window.__pwned=2'>"
             "<a href='javascript:alert(1)'>j</a><a href='http://evil/'>e</a><a href='#ok'>ok</a>"
             "<iframe src='http://evil/'></iframe><img src='data:image/png;base64,AAAA'>")
    clean = sanitize.sanitize_html(dirty)
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
    safe = sanitize.sanitize_notebook(nb)
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
    assert "<script" not in sanitize.sanitize_html(styled)
