"""The replication report as PDF: pandoc's Typst writer keeps every text, heading, figure and
number of the MyST page; user text shows as typed; the same page gives the same bytes.

What Typst makes of the converted source is read through Typst's own HTML export of that
source (the typst package that compiles the PDF), so no PDF text extractor is needed."""

import html
import random
import re
import string
from collections import Counter

import pytest
import typst
from markdown_it import MarkdownIt

from ecosystems import config
from ecosystems.book import build, pages, pdf
from ecosystems.outputs.escape import md_escape

BLOCK_TAGS = re.compile(r"</?(?:p|li|ul|ol|h[1-6]|blockquote|figure|figcaption|section)\b[^>]*>")
HOSTILE = ['<script>window.__pwned=1</script>"ABAT" <b>cluster</b>',
           '<img src=x onerror="window.__pwned=2">Khabarovsk *x* | y {role}`z`',
           "**bold** | pipe {cite:p}`x` $x$ #sys [link](http://evil) \\ & &amp; <!-- c -->"]
NUMBER = re.compile(r"\d+(?:\.\d+)?")


def typst_text(tmp_path, source: str) -> str:
    """What Typst reads in ``source``: its HTML export, one block a line, tags removed."""
    path = tmp_path / "page.typ"
    path.write_text(source, encoding="utf-8")
    out = typst.compile(str(path), format="html", root=str(tmp_path)).decode("utf-8")
    out = re.sub(r"<img[^>]*>", "", out.split("<body>", 1)[1])
    return html.unescape(re.sub(r"<[^>]+>", "", BLOCK_TAGS.sub("\n", out)))


def user_texts() -> list[str]:
    """Names as a user might type them: names holding markup, every ASCII
    punctuation character alone, doubled, tripled, before a digit, a letter and a space,
    Typst's block markers and shorthands, and 150 seeded random strings of two alphabets."""
    texts = list(HOSTILE)
    for ch in string.punctuation:
        texts += [ch, ch * 2, ch * 3, f"{ch}1 x", f"{ch}x", f"{ch} x", f"x{ch}y"]
    texts += ["= A", "- A", "+ A", "/ A: b", "1. A", "12. A", "A... B", "A-?B", "A -5", "x-1",
              "A -- B --- C", "'A' \"B\"", "//A /*B*/", "http://a.b/c", "@ref <lab>", "$x$ y"]
    rng = random.Random(26)
    alphabet = string.ascii_letters + string.digits + string.punctuation + " йё«»–"
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 30))) for _ in range(150)]
    return [t for t in texts if t.strip()]


def test_user_text_shows_as_typed_wherever_the_page_puts_it(tmp_path):
    texts = user_texts()
    places = ["{e}", "mid {e} end", "- {e}\n- x {e}", "> {e}", "### {e}",
              '**{e}** and *{e}*: "{e}"']
    page = "# Title\n\n" + "".join(
        f"## Case {i}\n\n" + "\n\n".join(p.format(e=md_escape(t)) for p in places) + "\n\n"
        for i, t in enumerate(texts))
    lines = [ln.strip() for ln in typst_text(tmp_path, pdf.myst_to_typst(page)).splitlines()
             if ln.strip()]
    starts = [lines.index(f"Case {i}") for i in range(len(texts))] + [len(lines)]
    wrong = []
    for i, text in enumerate(texts):
        shown = lines[starts[i] + 1:starts[i + 1]]
        typed = " ".join(text.split())
        expected = [typed, f"mid {typed} end", typed, f"x {typed}", typed, typed,
                    f'{typed} and {typed}: "{typed}"']
        if shown != expected:
            wrong.append((text, shown))
    assert not wrong, f"{len(wrong)} of {len(texts)} texts changed, e.g. {wrong[:3]}"


def test_myst_figure_and_roles_take_their_pandoc_form(tmp_path):
    page = ("# Report\n\nAs {cite:p}`a_key,b-key` and {cite:t}`c` say; see the "
            "{doc}`references` and {ref}`The table <tab-x>`.\n\n"
            "```{figure} figures/x.png\n:name: rep-out-x\n\nFig\\. 1 *redrawn*\\: \\<b\\>\n```\n")
    source = pdf.myst_to_typst(page, bibliography="refs.bib")
    assert "As @a_key@b-key and #cite(<c>, form: \"prose\") say" in source
    assert "see the references and The table." in source
    assert '#figure(image("figures/x.png", width: 100.0%),' in source
    assert "Fig. 1 #emph[redrawn]: \\<b\\>" in source and "<rep-out-x>" in source
    assert source.rstrip().endswith('#bibliography(("refs.bib"))')
    assert "#bibliography" not in pdf.myst_to_typst("# Report\n\nNo citation.\n", bibliography="r")
    with pytest.raises(pdf.PdfSourceError, match="cites a_key, b-key, c but no bibliography"):
        pdf.myst_to_typst(page)


def test_directives_and_roles_without_a_pdf_form_are_refused_with_their_line():
    with pytest.raises(pdf.PdfSourceError, match=r"page.md, line 5: the MyST directive "
                                                 r"\{eco-table\} has no form in the PDF"):
        pdf.myst_to_typst("# R\n\nText.\n\n:::{eco-table} exhibits\n:::\n", page="page.md")
    with pytest.raises(pdf.PdfSourceError, match=r"page.md, line 3: the MyST role "
                                                 r"\{math\}`x\^2` has no form in the PDF"):
        pdf.myst_to_typst("# R\n\nA {math}`x^2` formula.\n", page="page.md")
    escaped = md_escape("{math}`x^2` ```{eco-table} t")  # user text: shown, not refused
    assert "#raw" not in pdf.myst_to_typst(f"# R\n\n{escaped}\n")


@pytest.fixture(scope="module")
def replication_page(tmp_path_factory):
    """The book's sources of the committed outputs (no notebooks): replication.md and its
    figure and bibliography."""
    src = tmp_path_factory.mktemp("pdf") / "src"
    pages.assemble(src, build.collect(), config.CANONICAL_FIGURES, [])
    return src


def test_the_report_keeps_every_heading_figure_and_number(replication_page, tmp_path):
    text = (replication_page / "replication.md").read_text(encoding="utf-8")
    source = pdf.myst_to_typst(text, bibliography="references.bib")
    # Typst's HTML export drops align() (layout only), in which pandoc wraps every table;
    # the PDF keeps it. Unwrapped here, so that the report's tables are read too.
    readable = source.replace("align(center)[#table(", "[#table(")
    (replication_page / "check.typ").write_text(readable, encoding="utf-8")
    out = typst.compile(str(replication_page / "check.typ"), format="html",
                        root=str(replication_page)).decode("utf-8")
    md = MarkdownIt("commonmark").render(text)  # an independent reading of the page
    headings = [html.unescape(h) for _, h in re.findall(r"<h(\d)>(.*?)</h\1>", md)]
    shown = [html.unescape(re.sub(r"<[^>]+>", "", h))
             for _, h in re.findall(r"<h(\d)>(.*?)</h\1>", out)]
    assert shown == headings[1:] + ["References"]
    assert source.count("#figure(image(") == text.count("```{figure}") >= 1
    words = html.unescape(re.sub(r"<[^>]+>", " ", re.sub(r"\{[\w:-]+\}<code>.*?</code>", "", md)))
    lost = Counter(NUMBER.findall(words)) - Counter(NUMBER.findall(
        html.unescape(re.sub(r"<[^>]+>", " ", re.sub(r"<img[^>]*>", "", out)))))
    assert not lost, f"numbers of the page missing from the PDF: {lost}"


def test_the_same_page_gives_the_same_pdf_bytes(replication_page, tmp_path):
    first = pdf.write_pdf(replication_page / "replication.md", tmp_path / "a.pdf",
                          replication_page)
    second = pdf.write_pdf(replication_page / "replication.md", tmp_path / "b.pdf",
                           replication_page)
    assert first.read_bytes() == second.read_bytes()
    assert first.read_bytes().startswith(b"%PDF") and b"/CreationDate" not in first.read_bytes()
