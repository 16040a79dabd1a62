"""The replication report: the paper, element by element, against the computed results.

:func:`facts` reads the committed tables (``figures/tables/*.csv``: the claims
ledger, errata, classification, cooperation, sensitivity) and the run records
(``build/runs``), and :func:`render` fills the template
``book/replication.md.j2`` with them. Every number in the report's text comes
from those files; the template holds prose only (a test checks that it has no
digits outside its ``{{ }}`` expressions), and every value is escaped for
MyST when inserted (``finalize``), so a cluster name cannot turn into markup.

The verdicts are the ledger's, read from ``claims.csv`` as they are written
there; the report quotes them and does not judge again. It groups them as a
referee reads them (:data:`ecosystems.analysis.claims.VERDICT_GROUPS`): what
holds, holds in part, does not hold, and apart from these what cannot be
checked, what is asserted without evidence and what is true by construction.
The exact zeros of Table 3 are read one way throughout (as published, as the
ledger reads them), with the other reading's counts beside them.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from .. import config
from ..io.deflation import REAL_TERMS_CAVEAT
from ..outputs.escape import md_escape, md_escape_cell

TEMPLATE = Path(__file__).parent / "replication.md.j2"
#: The tables the report is computed from (figures/tables/NAME.csv).
NEEDED = ("claims", "errata", "classification", "type_changes", "data_quality",
          "claims_threshold_flips", "claims_rule_flips", "claims_data_flips",
          "cooperation_reported", "sensitivity_alternatives_cuts",
          "selection_reported_by_line", "sensitivity_margins",
          "sensitivity_alternatives_agreement", "sensitivity_real_terms", "sensitivity_noise",
          "sensitivity_one_at_a_time", "development_dysfunctions")
#: Summary lines of the robustness paragraph: margins under these moves, noise share kept.
MARGIN_LIMITS = (0.05, 0.10, 0.25)
NOISE_KEPT = 0.9
ELEMENTS = config.DATA / "paper_elements.csv"


class Raw(str):
    """Text already in MyST (a directive, a link): inserted without escaping."""


def _finalize(value):
    if isinstance(value, Raw):
        return value
    return md_escape(value) if value is not None else ""


def pct(x, digits: int = 0) -> str:
    return f"{100 * float(x):.{digits}f}%"


def num(x, digits: int = 3) -> str:
    return f"{float(x):.{digits}f}"


def _read(tables: Path, name: str) -> pd.DataFrame | None:
    path = tables / f"{name}.csv"
    return pd.read_csv(path, keep_default_na=False, na_values=[""]) if path.is_file() else None


def _verdict_order(verdicts) -> list[str]:
    """The ledger's verdict words, in the package's order, then any others as they appear."""
    from ..analysis.claims import VERDICTS

    seen = list(dict.fromkeys(verdicts))
    return [v for v in VERDICTS if v in seen] + [v for v in seen if v not in VERDICTS]


def _text(value) -> str:
    """A cell of a table read by :func:`_read` as text (an empty cell is read as missing)."""
    return "" if value is None or pd.isna(value) else str(value)


def _group_of(verdict: str) -> str:
    """The referee's group of a verdict (:data:`VERDICT_GROUPS`); a verdict word the
    package does not know is a group of its own."""
    from ..analysis.claims import VERDICT_GROUPS

    return next((name for name, members in VERDICT_GROUPS if verdict in members), verdict)


def _group_order(verdicts) -> list[str]:
    from ..analysis.claims import VERDICT_GROUPS

    seen = list(dict.fromkeys(_group_of(v) for v in verdicts))
    return [g for g, _ in VERDICT_GROUPS if g in seen] + [g for g in seen if g not in
                                                          {n for n, _ in VERDICT_GROUPS}]


def _alternatives(table: pd.DataFrame | None) -> int:
    if table is None:
        return 0
    return len([c for c in table.columns if c not in ("claim_id", "flips")]) - 1


def _span(values) -> str:
    return f"{num(min(values))}-{num(max(values))}"


def _zeros(classification: pd.DataFrame, names: dict, type_names: dict) -> dict:
    """The exact zeros of value added (data_quality: likely not reported), read as data."""
    from ..io.quality import SUSPECT_ZERO_COLUMNS

    zero = pd.Series(False, index=classification.index)
    for column in SUSPECT_ZERO_COLUMNS:
        zero |= classification[column] == 0
    rows = classification[zero]
    both = classification[["rd_per_employee", "value_added_per_employee"]].notna().all(axis=1)
    biggest = classification["ecosystem_type"].value_counts()
    top = biggest.index[0] if len(biggest) else None
    return {
        "n": int(zero.sum()),
        "where": [f"{names.get(r.cluster, r.cluster)} {r.year}" for r in rows.itertuples()],
        "both_published": int(both.sum()), "both_missing": int((both & ~zero).sum()),
        "top_type": type_names.get(top, top), "n_top": int(biggest.iloc[0]) if top else 0,
        "top_from_zeros": int((rows["ecosystem_type"] == top).sum()) if top else 0,
        "rd_zeros": int((classification["rd_per_employee"] == 0).sum()),
    }


def _selection(cooperation: pd.DataFrame, line: float, n_clusters: int) -> dict:
    """At the paper's line: clusters kept (reported above it, in Table 3), unexplained
    (reported above it, no Table 3 row) and unknown (in Table 3, no share reported)."""
    above = cooperation[cooperation["share_percent"] > line]
    in_table = cooperation["cluster"].fillna("") != ""
    kept = above[in_table.loc[above.index]]
    unexplained = above[~in_table.loc[above.index]]
    return {"kept": list(kept["cluster_as_reported"]),
            "unexplained": [f"{r.cluster_as_reported} ({r.share_percent:g}%)"
                            for r in unexplained.itertuples()],
            "unknown": n_clusters - int(in_table.sum()), "n_clusters": n_clusters,
            "below": int((cooperation["share_percent"] <= line).sum())}


def _distinct_cuts(cuts: pd.DataFrame, agreement: pd.DataFrame) -> dict:
    """Data-driven cut points: the distinct results (methods giving the same cut points in
    every year and indicator count once)."""
    keyed = {}
    for (method, scope), g in cuts.groupby(["method", "scope"], sort=False):
        key = (scope, tuple(zip(g["year"].astype(str), g["indicator"],
                                g["low_upper"].round(9), g["medium_upper"].round(9),
                                strict=True)))
        keyed.setdefault(key, []).append(method)
    same = [" = ".join(methods) for methods in keyed.values() if len(methods) > 1]
    firsts = {(methods[0], key[0]) for key, methods in keyed.items()}
    rows = agreement[[(m, sc) in firsts for m, sc in zip(agreement["method"], agreement["scope"],
                                                          strict=True)]]
    return {"n": len(keyed), "n_variants": len(list(cuts.groupby(["method", "scope"]))),
            "same": sorted(set(same)), "methods": list(dict.fromkeys(cuts["method"])),
            "min": pct(rows["agreement"].min()), "max": pct(rows["agreement"].max()),
            "kappa_min": num(rows["kappa"].min(), 2), "kappa_max": num(rows["kappa"].max(), 2)}


def _bottom_line(claims_csv: pd.DataFrame, classification: pd.DataFrame, names: dict,
                 type_names: dict, cuts) -> dict:
    """The numbers of the bottom line: C7's worked example against the paper's own cut,
    C3's exception, the highest level reached (the abstract's range)."""
    from ..io.reference import type_names as short_names

    short_types = {k: v.lower() for k, v in short_names(short=True).items()}
    out = {}
    by_id = claims_csv.set_index("claim_id")
    rows = classification.set_index(["cluster", "year"])
    if "C7" in by_id.index and by_id.loc["C7", "clusters"] in rows.index.get_level_values(0):
        cluster = by_id.loc["C7", "clusters"]
        stated = dict(item.split("=") for item in by_id.loc["C7", "asserted"].split("|"))
        years = [int(y) for y in stated]
        seen = [rows.loc[(cluster, y), "ecosystem_type"] for y in years]
        wrong = [(y, rows.loc[(cluster, y), "value_added_per_employee"])
                 for y, t in zip(years, seen, strict=True) if t != stated[str(y)]]
        out["c7"] = {"cluster": names.get(cluster, cluster), "years": years,
                     "seen": [short_types.get(t, t) for t in seen],
                     "stated": [short_types.get(stated[str(y)], stated[str(y)]) for y in years],
                     "wrong": [(y, num(v)) for y, v in wrong],
                     "cut": f"{cuts.productivity[0]:g}",
                     "round_trip": len({*seen}) < len([t for i, t in enumerate(seen)
                                                       if i == 0 or seen[i - 1] != t])}
    if "C3" in by_id.index and by_id.loc["C3", "clusters"] in rows.index.get_level_values(0):
        target = by_id.loc["C3", "clusters"]
        rd = classification.pivot(index="year", columns="cluster", values="rd_per_employee")
        others = [c for c in rd.columns if c != target and (rd[c] > rd[target]).all()]
        out["c3"] = {"target": names.get(target, target), "target_span": _span(rd[target]),
                     "rivals": [(names.get(c, c), _span(rd[c])) for c in others],
                     "medium_every_year": bool((rd[target] >= cuts.innovation[0]).all()),
                     "cut": f"{cuts.innovation[0]:g}"}
    levels = ("low", "medium", "high")
    out["top"] = {axis: max(classification[f"{axis}_level"].dropna(), key=levels.index,
                            default="none") for axis in ("innovation", "productivity")}
    return out


def _flips(table: pd.DataFrame | None, claim: str) -> list[str]:
    """Alternatives under which ``claim``'s verdict differs from the first (baseline) column."""
    if table is None or claim not in set(table["claim_id"]):
        return []
    row = table.set_index("claim_id").loc[claim]
    columns = [c for c in table.columns if c not in ("claim_id", "flips")]
    base = row[columns[0]]
    return [f"{c}: {row[c]}" for c in columns[1:] if row[c] != base]


def _errata_for(errata: pd.DataFrame, element: str, texts: list[str]) -> list[dict]:
    """Errata located at ``element`` or whose quoted words appear in ``texts``."""
    found = []
    for _, e in errata.iterrows():
        if e["location"] == element or any(str(e["quote"]) in t for t in texts):
            found.append(e.to_dict())
    return found


def run_records(runs: Path) -> dict:
    """The pipeline's run records (``build/runs/*.json``) and the last byte comparison."""
    records = {}
    for path in sorted(runs.glob("[0-9][0-9]_*.json")) if runs.is_dir() else []:
        record = json.loads(path.read_text(encoding="utf-8"))
        record.setdefault("new", [])  # records written before these fields existed
        record.setdefault("parameters", {})
        records[path.stem] = record
    compare = runs / "compare.json"
    return {"notebooks": records,
            "compare": json.loads(compare.read_text(encoding="utf-8")) if compare.is_file()
            else None}


def facts(tables: Path, figures: Path | None = None) -> dict:
    """Everything the replication report states, computed from the tables in ``tables``."""
    from ..outputs.provenance import run_record_of, runs_dir
    from ..typology.thresholds import Thresholds

    figures = Path(figures) if figures is not None else tables.parent
    ledger = _read(tables, "claims")
    quotes = pd.read_csv(config.CLAIMS, keep_default_na=False).set_index("claim_id")
    errata = _read(tables, "errata")
    classification = _read(tables, "classification")
    run = run_record_of(tables / "classification.provenance.json")
    cuts = Thresholds.from_any(run["parameters"].get("thresholds"))
    order = _verdict_order(ledger["verdict"])
    threshold_flips, rule_flips = _read(tables, "claims_threshold_flips"), _read(
        tables, "claims_rule_flips")
    data_flips = _read(tables, "claims_data_flips")
    n_alternatives = sum(_alternatives(t) for t in (threshold_flips, rule_flips, data_flips))
    claims = []
    for _, row in ledger.iterrows():
        cid = row["claim_id"]
        flips = _flips(threshold_flips, cid) + _flips(rule_flips, cid) + _flips(data_flips, cid)
        rests_on = _text(row.get("rests_on"))
        claims.append({"id": cid, "quote": row["statement"], "check": row["check"],
                       "verdict": row["verdict"], "group": _group_of(row["verdict"]),
                       "evidence": row["evidence"],
                       "short": quotes["short"].get(cid, row["statement"]),
                       "key": _text(row.get("key_number")), "rests_on": rests_on,
                       "choice": _text(row.get("choice")), "flips": flips,
                       "section": quotes["section"].get(cid, "not recorded"),
                       "errata": _errata_for(errata, "", [row["statement"]])})
    by_id = {c["id"]: c for c in claims}
    elements = []
    raw = pd.read_csv(ELEMENTS, keep_default_na=False)
    for eid, group in raw.groupby("element_id", sort=False):
        first = group.iloc[0]
        ids = [c for c in first["claims"].split("|") if c]
        texts = list(group["quote"])
        mine = [by_id[c] for c in ids if c in by_id]
        found = _errata_for(errata, first["element"], texts)
        found += [e for c in mine for e in c["errata"]
                  if e["erratum_id"] not in {f["erratum_id"] for f in found}]
        elements.append({"id": eid, "name": first["element"], "title": first["paper_title"],
                         "section": first["section"], "quotes": texts, "claims": mine,
                         "errata": sorted(found, key=lambda e: int(e["erratum_id"][1:])
                                          if e["erratum_id"][1:].isdigit() else 0)})
    touched = {e["erratum_id"] for el in elements for e in el["errata"]} | {
        e["erratum_id"] for c in claims for e in c["errata"]}
    years = sorted(classification["year"].unique())
    type_names = dict(zip(classification["ecosystem_type"], classification["ecosystem_name"],
                          strict=True))
    types = classification["ecosystem_name"].value_counts()
    quality = _read(tables, "data_quality")
    changes = _read(tables, "type_changes")
    margins = _read(tables, "sensitivity_margins")
    finite = margins["margin"].replace([float("inf")], pd.NA).dropna().astype(float)
    agreement = _read(tables, "sensitivity_alternatives_agreement")
    real = _read(tables, "sensitivity_real_terms")
    noise = _read(tables, "sensitivity_noise")
    oat = _read(tables, "sensitivity_one_at_a_time")
    ends = oat[oat["factor"].isin([oat["factor"].min(), oat["factor"].max()])]
    cooperation = _read(tables, "cooperation_reported")
    selection = _read(tables, "selection_reported_by_line")
    synthetic = _read(tables, "selection_synthetic_by_line")
    c8b = quotes.loc["C8b"] if "C8b" in quotes.index else None
    from ..io.reference import cluster_names

    short_names = cluster_names()
    by_category = errata.groupby("category", sort=False)["erratum_id"].agg(list) \
        if "category" in errata.columns else pd.Series(dtype=object)
    by_kind = errata.groupby("kind", sort=False)["erratum_id"].agg(list)
    groups = _group_order(ledger["verdict"])
    verdict_rows = []
    for group in groups:
        for c in claims:
            if c["group"] != group:
                continue
            robust = ("no: " + "; ".join(c["flips"])) if c["flips"] else "yes"
            if c["rests_on"]:
                robust += ". Rests on " + c["rests_on"]
            verdict = c["verdict"] if c["verdict"] == group else f"{group} ({c['verdict']})"
            verdict_rows.append([c["id"], c["short"], verdict, c["key"] or "none", robust])
    dysfunctions = _read(tables, "development_dysfunctions")
    runs = run_records(runs_dir(None if figures.resolve() == config.CANONICAL_FIGURES
                                else figures.parent))
    return {
        "cuts": cuts, "order": order, "claims": claims, "elements": elements,
        "names": {el["id"]: el["name"] for el in elements},
        "holding": order[0] if order else None,
        "not_holding": [c for c in claims if order and c["verdict"] != order[0]],
        "verdict_counts": [(v, int((ledger["verdict"] == v).sum())) for v in order],
        "other_errata": [e for _, e in errata.iterrows() if e["erratum_id"] not in touched],
        "n_errata": len(errata),
        "n_clusters": classification["cluster"].nunique(), "years": years,
        "n_missing": int(classification[["rd_per_employee", "value_added_per_employee"]]
                         .isna().sum().sum()),
        "n_types": len(_read(tables, "type_counts")) if _read(tables, "type_counts") is not None
        else len(type_names),
        "type_names": type_names,
        "n_cluster_years": len(classification),
        "types": [(name, int(n)) for name, n in types.items()],
        "quality": quality.groupby("finding").size().to_dict() if quality is not None else {},
        "changes": changes.to_dict("records") if changes is not None else [],
        "n_dysfunctions": int(dysfunctions["dysfunction"].notna().sum())
        if dysfunctions is not None else 0,
        "margins": {"n": len(finite), "under": [(pct(t), int((finite < t).sum()))
                                               for t in MARGIN_LIMITS],
                    "closest": margins.head(3).to_dict("records")},
        "agreement": {"methods": list(dict.fromkeys(agreement["method"])),
                      "min": pct(agreement["agreement"].min()),
                      "max": pct(agreement["agreement"].max()),
                      "kappa_min": num(agreement["kappa"].min(), 2),
                      "kappa_max": num(agreement["kappa"].max(), 2), "n": len(agreement)},
        "real": [(s, int(g["changed"].sum()), len(g))
                 for s, g in real.groupby("deflator", sort=False)],
        "real_caveat": REAL_TERMS_CAVEAT,
        "noise": {"under": int((noise["p_same"] < NOISE_KEPT).sum()), "kept": pct(NOISE_KEPT),
                  "n": len(noise)},
        "oat": [{"cut": r["cut"], "factor": num(r["factor"], 2), "threshold": num(r["threshold"]),
                 "changed": int(r["changed"])} for _, r in ends.iterrows()],
        "cooperation": [{k: (None if pd.isna(v) else v) for k, v in r.items()}
                        for r in cooperation.to_dict("records")],
        "selection": selection.to_dict("records"),
        "synthetic": synthetic.to_dict("records") if synthetic is not None else [],
        "selection_line": c8b["asserted"] if c8b is not None else None,
        "runs": runs, "pct": pct, "num": num,
        "groups": [(g, [c for c in claims if c["group"] == g]) for g in groups],
        "verdict_rows": verdict_rows, "n_alternatives": n_alternatives,
        "by_id": {c["id"]: c for c in claims},
        "bottom": _bottom_line(quotes.reset_index(), classification, short_names, type_names,
                               cuts),
        "zeros": _zeros(classification, short_names, type_names),
        "kept": _selection(cooperation, float(c8b["asserted"]) if c8b is not None else 0.0,
                           classification["cluster"].nunique()),
        "same_every_line": len({(r["n_kept"], r["n_unknown"], r["n_dropped"])
                                for r in selection.to_dict("records")}) == 1,
        "distinct": _distinct_cuts(_read(tables, "sensitivity_alternatives_cuts"), agreement),
        "errata_by_category": [(k, list(v)) for k, v in by_category.items()],
        "errata_by_kind": {k: list(v) for k, v in by_kind.items()},
        "errata_table": [[e["erratum_id"], e.get("category", ""), e["location"], e["issue"]]
                         for e in errata.to_dict("records")],
    }


def render(tables: Path, records: list[dict], figures: Path | None = None,
           src: Path | None = None) -> str:
    """The replication report as a MyST page (the book's ``replication.md``)."""
    import jinja2

    missing = [n for n in NEEDED if not (Path(tables) / f"{n}.csv").is_file()]
    if missing:
        return ("# Replication report\n\nThe report is computed from the outputs of notebooks "
                "01 to 05; this run lacks " + ", ".join(f"`{n}.csv`" for n in missing)
                + " (run every notebook, e.g. `make scenario`, then build the book again).\n")
    context = facts(Path(tables), figures)
    by_key = {r["key"]: r for r in records}

    def output(key: str) -> Raw:
        """A figure of the book, shown again in the report (its image and caption)."""
        rec = by_key.get(key)
        if rec is None or not rec["image"]:
            return Raw("")
        return Raw(f"\n```{{figure}} {rec['image']}\n:name: rep-{rec['label']}\n\n"
                   f"{md_escape(rec['caption'])}\n```\n")

    def table(name: str, caption: str, header: list[str], rows: list[list]) -> Raw:
        """A table of the report: its caption, then a Markdown pipe table, which both the
        HTML book (MyST) and the PDF (pandoc) read; every cell escaped."""
        lines = [f"**{md_escape(caption)}**", "",
                 "| " + " | ".join(md_escape_cell(h) for h in header) + " |",
                 "|" + ":---|" * len(header)]
        lines += ["| " + " | ".join(md_escape_cell(c) for c in row) + " |" for row in rows]
        return Raw("\n".join(["", *lines, ""]) + "\n")

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATE.parent), autoescape=False,
                             finalize=_finalize, undefined=jinja2.StrictUndefined,
                             keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True)
    return env.get_template(TEMPLATE.name).render(**context, output=output, table=table,
                                                  raw=Raw, records=by_key)
