"""The READMEs and the manual cannot drift: every code block runs, every path and name they
mention exists.

The code blocks of ``README.md``, ``data/README.md``, ``benchmarks/README.md`` and the manual's
pages (``docs/*.md``, part of the reviewer's book) are executed with sybil, in document order,
as a reader would run them one after the other, in a temporary copy of the repository, so that
whatever a block writes (``my.yaml``, ``build/mine/``) lands there and never in the checkout:

- ``python`` blocks run in a Jupyter kernel (the ``ecosystems`` one ``make setup`` registers)
  started in the copy, which imports the copy's package: the blocks of one document share it, as
  a reader's session would; a block starting with ``>>>`` is a doctest, its output compared;
- ``sh`` blocks run with bash (``-euo pipefail``) in the copy and must exit 0;
- ``console`` blocks: each ``$ `` line runs with bash in the copy, and what it prints (standard
  output and error) must be the lines below it, exactly;
- ``text`` blocks are illustrations (a file layout, a tree, messages tested elsewhere); each is
  preceded by ``<!-- illustration: why -->``.

A block the tests do not run is preceded by ``<!-- skip: next "why, and what covers it" -->``
(sybil's skip directive; the reason is required here). Setup and checks a reader need not see
are ``<!-- invisible-code-block: python ... -->``. All three marks are HTML comments, invisible
where the Markdown is rendered.
"""

from __future__ import annotations

import csv
import doctest
import importlib
import json
import os
import re
import shutil
import subprocess
import unittest
from pathlib import Path

import pytest
from sybil import Document, Sybil
from sybil.parsers.markdown import CodeBlockParser, SkipParser
from sybil.parsers.markdown.lexers import DirectiveInHTMLCommentLexer, FencedCodeBlockLexer

import ecosystems as eco
from ecosystems import config
from ecosystems.book import pages

#: One worker runs this module (pytest-xdist), so its module fixture is made once.
pytestmark = pytest.mark.xdist_group("docs")
ROOT = config.ROOT
#: The manual's pages: MyST Markdown, one chapter each of the reviewer's book.
MANUAL = sorted(p.relative_to(ROOT).as_posix() for p in pages.MANUAL.glob("*.md"))
DOCUMENTS = ["README.md", "data/README.md", "benchmarks/README.md", *MANUAL]
#: The README is the front door: what this is, the two commands, what you get, where to read on.
README_MAX_WORDS = 2000
LANGUAGES = {"python", "sh", "console", "text"}
#: What the copy leaves out at the top level: version control, the environment (linked
#: instead), and everything generated.
NOT_COPIED = {".git", ".venv", "build", ".pytest_cache", ".ruff_cache", ".hypothesis"}
TIMEOUT_S = 900
#: The Jupyter kernel `make setup` registers (the environment's Python).
KERNEL = "ecosystems"


# --- running the blocks ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def sandbox(tmp_path_factory):
    """A copy of the repository, with the environment linked; the blocks run here."""
    copy = tmp_path_factory.mktemp("docs") / "ecosystems"

    def ignore(folder, names):
        top = Path(folder) == ROOT
        return {n for n in names
                if (top and n in NOT_COPIED) or n == "__pycache__" or n.endswith(".egg-info")}

    shutil.copytree(ROOT, copy, ignore=ignore, symlinks=True)
    (copy / ".venv").symlink_to(ROOT / ".venv")
    return copy


def shell_env(sandbox: Path) -> dict:
    """The environment of a shell block: the copy's package first, no runner variables."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ECOSYSTEMS_")}
    env["PYTHONPATH"] = str(sandbox / "src")
    env["PATH"] = f"{sandbox / '.venv' / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    return env


class Shell:
    """Evaluates an ``sh`` block: bash in the copy; any exit status but 0 fails."""

    def __init__(self, sandbox: Path):
        self.sandbox, self.env = sandbox, shell_env(sandbox)

    def run(self, command: str, *options: str) -> subprocess.CompletedProcess:
        return subprocess.run(["bash", *options, "-c", command], cwd=self.sandbox, env=self.env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                              timeout=TIMEOUT_S, check=False)

    def __call__(self, example) -> str | None:
        result = self.run(example.parsed, "-euo", "pipefail")
        if result.returncode:
            return f"exit status {result.returncode}; output:\n{result.stdout}"
        return None


class Console(Shell):
    """Evaluates a ``console`` block: each ``$ `` command's output must be the lines below it."""

    @staticmethod
    def sessions(text: str) -> list[tuple[str, str]]:
        pairs: list[tuple[str, list[str]]] = []
        for line in text.splitlines():
            if line.startswith("$ "):
                pairs.append((line[2:], []))
            elif pairs:
                pairs[-1][1].append(line)
            else:
                raise ValueError(f"console block starts with {line!r}, not with a '$ ' command")
        return [(command, "\n".join(lines)) for command, lines in pairs]

    def __call__(self, example) -> str | None:
        for command, expected in self.sessions(example.parsed):
            got = self.run(command).stdout.rstrip("\n")
            if got != expected.rstrip("\n"):
                return f"$ {command}\nexpected:\n{expected}\ngot:\n{got}"
        return None


ANSI = re.compile(r"\x1b\[[0-9;]*m")


class Python:
    """Evaluates a ``python`` block in a kernel started in the copy, as a reader's session.

    The kernel imports the copy's package, so relative paths, and the names messages give them,
    are what a reader sees. A block starting with ``>>>`` is a doctest: each example's standard
    output (and the value of a bare expression) must be what follows it (``doctest``'s rules).
    """

    def __init__(self, sandbox: Path):
        from jupyter_client.manager import start_new_kernel

        self.manager, self.client = start_new_kernel(
            kernel_name=KERNEL, cwd=str(sandbox),
            env={**shell_env(sandbox), "MPLBACKEND": "Agg"})

    def close(self) -> None:
        self.client.stop_channels()
        self.manager.shutdown_kernel(now=True)

    def execute(self, code: str) -> tuple[str, str | None]:
        """(what the code printed, the traceback if it raised)."""
        printed, error = [], None

        def collect(message):
            nonlocal error
            kind, content = message["msg_type"], message["content"]
            if kind == "stream" and content["name"] == "stdout":
                printed.append(content["text"])
            elif kind == "execute_result":
                printed.append(content["data"]["text/plain"] + "\n")
            elif kind == "error":
                error = ANSI.sub("", "\n".join(content["traceback"]))

        self.client.execute_interactive(code, output_hook=collect, timeout=TIMEOUT_S)
        return "".join(printed), error

    def __call__(self, example) -> str | None:
        source = str(example.parsed)
        if not source.lstrip().startswith(">>>"):
            return self.execute(source)[1]
        checker = doctest.OutputChecker()
        for case in doctest.DocTestParser().get_examples(source):
            got, error = self.execute(case.source)
            if error is not None:
                return f">>> {case.source}{error}"
            if not checker.check_output(case.want, got, 0):
                return f">>> {case.source}expected:\n{case.want}got:\n{got}"
        return None


@pytest.mark.parametrize("name", DOCUMENTS)
def test_every_block_runs(name, sandbox):
    python = Python(sandbox)
    try:
        document = Sybil(parsers=[CodeBlockParser("python", python),
                                  CodeBlockParser("sh", Shell(sandbox)),
                                  CodeBlockParser("console", Console(sandbox)), SkipParser()],
                         path=str(ROOT)).parse(ROOT / name)
        skipped = []
        for example in document.examples():
            try:
                example.evaluate()
            except unittest.SkipTest as why:
                skipped.append((example.line, str(why)))
    finally:
        python.close()
    assert all(reason for _, reason in skipped)


# --- every block is run, skipped with a reason, or a marked illustration -----------------------

def fences(text: str):
    """(line, language, the text before the block) of every fenced block, by sybil's lexer."""
    document = Document(text, "doc.md")
    for region in FencedCodeBlockLexer(language=r"[^\n]*")(document):
        yield (text.count("\n", 0, region.start) + 1, region.lexemes["language"].strip(),
               text[:region.start])


MARK = re.compile(r"<!--\s*(skip|illustration):\s*(.*?)\s*-->\s*$", re.DOTALL)


@pytest.mark.parametrize("name", DOCUMENTS)
def test_every_block_is_run_or_marked_with_a_reason(name):
    text = (ROOT / name).read_text(encoding="utf-8")
    problems = []
    for line, language, before in fences(text):
        mark = MARK.search(before[-400:])
        if language not in LANGUAGES:
            problems.append(f"line {line}: language {language!r}; use one of {sorted(LANGUAGES)}")
        elif language == "text" and (mark is None or mark[1] != "illustration" or not mark[2]):
            problems.append(f"line {line}: a text block needs <!-- illustration: why --> above it")
        elif language != "text" and mark is not None and mark[1] == "illustration":
            problems.append(f"line {line}: an illustration must be a text block")
    document = Document(text, name)
    for region in DirectiveInHTMLCommentLexer("skip")(document):
        arguments = region.lexemes["arguments"] or ""
        if not re.fullmatch(r'next\s+"[^"]{10,}"', arguments.strip()):
            problems.append(f"line {text.count(chr(10), 0, region.start) + 1}: skip needs "
                            f'the form <!-- skip: next "why, and what covers it" -->')
    assert not problems, f"{name}:\n" + "\n".join(problems)


# --- what the READMEs name exists ----------------------------------------------------------------

TOP_FILES = {"Makefile", "pyproject.toml", "requirements.lock", "environment.yml",
             "CITATION.cff", "LICENSE", "README.md"}
TOP_FOLDERS = ("src/", "tests/", "data/", "notebooks/", "params/", "scripts/", "benchmarks/",
               "figures/", ".ci/", "docs/")
#: Placeholders in a path a user fills in (``params/NAME.yaml``, ``notebooks/NN_*.ipynb``).
PLACEHOLDER = re.compile(r"(?<![A-Za-z])(NN|NAME|DEST|DIR|FILE|SCENARIO)(?![A-Za-z])|[<{]")


def mentioned_paths(text: str):
    for token in re.findall(r"`([^`\s]+)`", text):
        token = token.rstrip(".,;:)")
        if (token in TOP_FILES or token.startswith(TOP_FOLDERS)) and not PLACEHOLDER.search(token):
            yield token


@pytest.mark.parametrize("name", DOCUMENTS)
def test_every_path_mentioned_exists(name):
    missing = []
    for token in sorted(set(mentioned_paths((ROOT / name).read_text(encoding="utf-8")))):
        pattern = token.rstrip("/")
        found = (list(ROOT.glob(pattern)) if "*" in pattern
                 else (ROOT / pattern).exists() or list(ROOT.glob(pattern + ".*")))
        if not found:
            missing.append(token)
    assert not missing, f"{name} names paths that do not exist: {missing}"


def resolve(dotted: str):
    """The object ``ecosystems.a.b.c`` names: the longest importable module, then attributes."""
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:cut]))
        except ModuleNotFoundError:
            continue
        for attribute in parts[cut:]:
            obj = getattr(obj, attribute)
        return obj
    raise ModuleNotFoundError(dotted)


@pytest.mark.parametrize("name", DOCUMENTS)
def test_every_python_name_mentioned_exists(name):
    text = (ROOT / name).read_text(encoding="utf-8")
    missing = sorted({n for n in re.findall(r"\beco\.([A-Za-z_]\w*)", text)
                      if not hasattr(eco, n)})
    for dotted in sorted(set(re.findall(r"`(ecosystems(?:\.[A-Za-z_]\w*)+)", text))):
        try:
            resolve(dotted)
        except (ImportError, AttributeError):
            missing.append(dotted)
    assert not missing, f"{name} names what the package does not have: {missing}"


# --- the outputs table of README.md ------------------------------------------------------------

#: Kinds of output in the README's table: folder and the extensions each output has.
KINDS = {"figures": ("figures", (".png", ".svg")),
         "tables": ("figures/tables", (".csv", ".md")),
         "documents": ("figures/tables", (".md", ".docx"))}


def documented_outputs() -> dict[str, list[Path]]:
    """Notebook -> the files its row of "What they produce, and where" lists."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## What they produce, and where", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 3 or not cells[0].startswith("`notebooks/"):
            continue
        files = []
        for kind, names in re.findall(r"(\w+): ((?:`[\w.]+`(?:, )?)+)", cells[2]):
            folder, extensions = KINDS[kind]
            files += [ROOT / folder / f"{stem}{ext}" for stem in re.findall(r"`([\w.]+)`", names)
                      for ext in extensions]
        rows[cells[0].strip("`")] = files
    return rows


def test_the_outputs_table_lists_every_notebook_and_what_exists():
    rows = documented_outputs()
    notebooks = sorted(p.relative_to(ROOT).as_posix()
                       for p in config.NOTEBOOKS.glob("[0-9]*.ipynb"))
    assert sorted(rows) == notebooks
    missing = [p.relative_to(ROOT).as_posix() for files in rows.values() for p in files
               if not p.exists()]
    assert not missing, f"README lists outputs that do not exist: {missing}"
    elsewhere = {}
    for notebook, files in rows.items():
        for stem in {p.with_suffix("") for p in files}:
            sidecar = json.loads(stem.with_name(stem.name + ".provenance.json").read_text())
            if sidecar["notebook"] != notebook:
                elsewhere[stem.relative_to(ROOT).as_posix()] = sidecar["notebook"]
    assert not elsewhere, f"README lists outputs under the wrong notebook: {elsewhere}"


def test_every_committed_output_is_in_the_outputs_table():
    listed = {p.with_suffix("") for files in documented_outputs().values() for p in files}
    made = {p.with_name(p.name.removesuffix(".provenance.json"))
            for p in config.CANONICAL_FIGURES.rglob("*.provenance.json")}
    unlisted = sorted(p.relative_to(ROOT).as_posix() for p in made - listed)
    assert not unlisted, f"outputs the README's table does not list: {unlisted}"


# --- data/README.md ----------------------------------------------------------------------------

def test_every_label_key_is_documented():
    text = (config.DATA / "README.md").read_text(encoding="utf-8")
    with config.LABELS.open(encoding="utf-8", newline="") as handle:
        keys = [row["key"] for row in csv.DictReader(handle)]
    undocumented = []
    for key in keys:
        parts = key.split(".")
        prefixes = {".".join(parts[:n]) + ".*" for n in range(1, len(parts))}
        if f"`{key}`" not in text and not any(f"`{p}`" in text for p in prefixes):
            undocumented.append(key)
    assert not undocumented, f"labels.csv keys data/README.md does not mention: {undocumented}"


def test_the_architecture_map_names_every_module_by_its_path():
    """The map lists each module by its path under ``src/ecosystems/``, and nothing else."""
    text = (ROOT / "docs" / "06_architecture.md").read_text(encoding="utf-8")
    block = text.split("## The package in layers", 1)[1].split("```text", 1)[1].split("```", 1)[0]
    named = set(re.findall(r"(?<![\w/])((?:\w+/)*\w+\.py)\b", block))
    package = ROOT / "src" / "ecosystems"
    modules = {p.relative_to(package).as_posix() for p in package.rglob("*.py")
               if p.stem not in {"__init__", "__main__"}}
    unnamed, unknown = sorted(modules - named), sorted(named - modules)
    assert not unnamed, f"the architecture map does not name: {unnamed}"
    assert not unknown, f"the architecture map names what is no module: {unknown}"


# --- the README is the front door, the manual is in the book ------------------------------------

def test_the_readme_is_short_and_points_to_every_manual_page():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(text.split()) <= README_MAX_WORDS, f"README.md: {len(text.split())} words"
    unlisted = [page for page in MANUAL if f"`{page}`" not in text]
    assert not unlisted, f"README's 'Where to read more' does not list: {unlisted}"


def test_every_manual_page_is_a_chapter_of_the_book(tmp_path):
    names = pages.manual_pages(tmp_path)
    assert names == [f"manual/{Path(page).stem}" for page in MANUAL] and names
    toc = pages.toc([], [], explorer=False, manual=names)
    assert all(f"      - file: {name}\n" in toc for name in names)
    for page in MANUAL:
        text = (ROOT / page).read_text(encoding="utf-8")
        assert (tmp_path / "manual" / Path(page).name).read_text(encoding="utf-8") == text
        titles = [line for line in text.splitlines() if line.startswith("# ")]
        assert text.startswith("# ") and len(titles) == 1, f"{page}: one '# ' title, first"
