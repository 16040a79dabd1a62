"""ecosystems: re-running the industrial-ecosystem typology of Mityakov et al.

Public API
----------
Thresholds, classify, level_codes
    The 3x3 typology (Table 1) and its cut points.
load_indicators, load_participants, read_table, Column, DataError
    Reading cluster indicator and participant tables (Table 3 or your own).
data_quality, suspect_zeros_as_missing
    Findings on missing values, suspect zeros and jumps; treating suspect zeros.
type_table, type_names, type_slugs, clusters, cluster_names, label
    Reference data from ``data/`` (names in English and Russian).
table3_wide, type_counts, transitions, transition_matrix, development_dysfunctions
    Summary tables.
save_figure, save_table, save_text, cluster_palette, apply_style
phase_portrait, phase_portrait_grid
    The paper's Fig. 1: trajectories over the nine type regions, and small multiples.
phase_portrait, phase_portrait_grid, update_thresholds
    The paper's Fig. 1: trajectories over the nine type regions, small multiples;
    moving the cut points of a drawn portrait in place.
save_figure, save_table, cluster_palette, apply_style
    Deterministic outputs and the collection's look.
sweep, sweep_summary, iter_sweep, threshold_array
    Classify under many threshold sets at once (the sweep engine).
one_at_a_time, threshold_map, stability_margins, noise_probabilities
    Threshold sensitivity studies; their figures in ``sensitivity_plots``.
compare_alternatives, alternative_classification
    Data-driven cut points (tertiles, natural breaks, k-means).
load_deflators, price_index, deflate
    Indicators in constant rubles.
scenario_classification, compare_with_paper
    Named parameter files under ``params/``.
cooperation_ratio, select_clusters, selection_counts, reported_shares
    Cooperation inside clusters (GISP form for Resolution No. 779) and the
    paper's selection of clusters.
plot_reported_shares, plot_weighted_vs_unweighted
    Cooperation figures.
support_measures, support_profile, measure_changes, development_options, policy_summaries,
table1, table2, category_names, overview, cluster_profile_markdown, cluster_profiles_markdown,
cluster_profile_blocks, blocks_to_markdown, join_lists, save_profiles_docx
    Differentiated support measures (Table 2) for every cluster, in English or Russian.
evaluate_claims, verdict_flips, rule_flips, ClaimRules, claims_table, errata, verdict_of,
threshold_label, rules_label
    The claims ledger: the paper's statements checked against its data.
write_sidecar, check_sidecar, stale_sidecars, build_report
    Provenance of every output and the reviewer's HTML report.

Names are imported lazily (on first use), so ``import ecosystems`` is cheap.
"""

from importlib import import_module
from typing import TYPE_CHECKING

from . import provenance as _provenance

# Public name -> submodule. Importing the package imports none of them (no
# pandas, no matplotlib): a name's module is imported on first use, so the
# notebook runner and short scripts start fast.
_EXPORTS = {
    "VERDICTS": "claims",
    "ClaimRules": "claims",
    "claims_table": "claims",
    "errata": "claims",
    "evaluate_claims": "claims",
    "rule_flips": "claims",
    "rules_label": "claims",
    "threshold_label": "claims",
    "verdict_flips": "claims",
    "verdict_of": "claims",
    "DataError": "errors",
    "load_indicators": "loaders",
    "save_figure": "output",
    "save_table": "output",
    "save_text": "output",
    "cluster_names": "reference",
    "clusters": "reference",
    "label": "reference",
    "type_names": "reference",
    "type_slugs": "reference",
    "type_table": "reference",
    "apply_style": "style",
    "cluster_palette": "style",
    "table3_wide": "tables",
    "transitions": "tables",
    "type_counts": "tables",
    "Thresholds": "thresholds",
    "classify": "typology",
    "level_codes": "typology",
    "build_report": "report",
    "check_sidecar": "provenance",
    "stale_sidecars": "provenance",
    "write_sidecar": "provenance",
    "blocks_to_markdown": "profiles",
    "cluster_profile_blocks": "profiles",
    "cluster_profile_markdown": "profiles",
    "cluster_profiles_markdown": "profiles",
    "join_lists": "profiles",
    "overview": "profiles",
    "save_profiles_docx": "profiles_docx",
    "category_names": "support",
    "development_options": "support",
    "measure_changes": "support",
    "policy_summaries": "support",
    "support_measures": "support",
    "support_profile": "support",
    "table1": "support",
    "table2": "support",
    "load_participants": "loaders",
    "data_quality": "quality",
    "suspect_zeros_as_missing": "quality",
    "Column": "tabular",
    "read_table": "tabular",
    "cooperation_ratio": "cooperation",
    "reported_shares": "cooperation",
    "select_clusters": "cooperation",
    "selection_counts": "cooperation",
    "plot_reported_shares": "cooperation_plots",
    "plot_weighted_vs_unweighted": "cooperation_plots",
    "alternative_classification": "alternatives",
    "compare_alternatives": "alternatives",
    "deflate": "deflation",
    "load_deflators": "deflation",
    "price_index": "deflation",
    "compare_with_paper": "scenario",
    "scenario_classification": "scenario",
    "noise_probabilities": "sensitivity",
    "one_at_a_time": "sensitivity",
    "stability_margins": "sensitivity",
    "threshold_map": "sensitivity",
    "iter_sweep": "sweep_engine",
    "sweep": "sweep_engine",
    "sweep_summary": "sweep_engine",
    "threshold_array": "sweep_engine",
    "phase_portrait": "plots",
    "phase_portrait_grid": "plots",
    "development_dysfunctions": "tables",
    "transition_matrix": "tables",
    "Explorer": "explorer",
    "ExplorerApp": "explorer",
    "ExplorerState": "explorer",
    "update_thresholds": "plots",
}

if TYPE_CHECKING:  # for type checkers and IDEs; at run time names load lazily
    from .alternatives import alternative_classification, compare_alternatives
    from .claims import (
        VERDICTS,
        ClaimRules,
        claims_table,
        errata,
        evaluate_claims,
        rule_flips,
        rules_label,
        threshold_label,
        verdict_flips,
        verdict_of,
    )
    from .cooperation import cooperation_ratio, reported_shares, select_clusters, selection_counts
    from .cooperation_plots import plot_reported_shares, plot_weighted_vs_unweighted
    from .deflation import deflate, load_deflators, price_index
    from .errors import DataError
    from .explorer import Explorer, ExplorerApp, ExplorerState
    from .loaders import load_indicators, load_participants
    from .output import save_figure, save_table, save_text
    from .plots import phase_portrait, phase_portrait_grid, update_thresholds
    from .profiles import (
        blocks_to_markdown,
        cluster_profile_blocks,
        cluster_profile_markdown,
        cluster_profiles_markdown,
        join_lists,
        overview,
    )
    from .profiles_docx import save_profiles_docx
    from .provenance import check_sidecar, stale_sidecars, write_sidecar
    from .quality import data_quality, suspect_zeros_as_missing
    from .reference import cluster_names, clusters, label, type_names, type_slugs, type_table
    from .report import build_report
    from .scenario import compare_with_paper, scenario_classification
    from .sensitivity import noise_probabilities, one_at_a_time, stability_margins, threshold_map
    from .style import apply_style, cluster_palette
    from .support import (
        category_names,
        development_options,
        measure_changes,
        policy_summaries,
        support_measures,
        support_profile,
        table1,
        table2,
    )
    from .sweep_engine import iter_sweep, sweep, sweep_summary, threshold_array
    from .tables import (
        development_dysfunctions,
        table3_wide,
        transition_matrix,
        transitions,
        type_counts,
    )
    from .tabular import Column, read_table
    from .thresholds import Thresholds
    from .typology import classify, level_codes

_provenance.install()  # note data files read, for the provenance sidecars


def __getattr__(name: str):
    if name in _EXPORTS:
        value = getattr(import_module(f".{_EXPORTS[name]}", __name__), name)
    else:
        try:
            value = import_module(f".{name}", __name__)  # a submodule, e.g. eco.paths
        except ModuleNotFoundError:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


__version__ = "0.1.0"

__all__ = [
    "Column",
    "VERDICTS",
    "ClaimRules",
    "claims_table",
    "errata",
    "evaluate_claims",
    "rule_flips",
    "rules_label",
    "threshold_label",
    "verdict_flips",
    "verdict_of",
    "DataError",
    "Explorer",
    "ExplorerApp",
    "ExplorerState",
    "Thresholds",
    "apply_style",
    "build_report",
    "check_sidecar",
    "classify",
    "cluster_names",
    "cluster_palette",
    "clusters",
    "cooperation_ratio",
    "data_quality",
    "development_dysfunctions",
    "label",
    "level_codes",
    "load_indicators",
    "load_participants",
    "phase_portrait",
    "phase_portrait_grid",
    "update_thresholds",
    "plot_reported_shares",
    "plot_weighted_vs_unweighted",
    "read_table",
    "reported_shares",
    "save_figure",
    "save_table",
    "save_text",
    "stale_sidecars",
    "select_clusters",
    "selection_counts",
    "suspect_zeros_as_missing",
    "table3_wide",
    "transitions",
    "type_counts",
    "type_names",
    "type_slugs",
    "type_table",
    "write_sidecar",
    "iter_sweep",
    "sweep",
    "sweep_summary",
    "threshold_array",
    "noise_probabilities",
    "one_at_a_time",
    "stability_margins",
    "threshold_map",
    "alternative_classification",
    "compare_alternatives",
    "deflate",
    "load_deflators",
    "price_index",
    "compare_with_paper",
    "scenario_classification",
    "category_names",
    "development_options",
    "measure_changes",
    "policy_summaries",
    "support_measures",
    "support_profile",
    "table1",
    "table2",
    "cluster_profile_markdown",
    "cluster_profiles_markdown",
    "overview",
    "join_lists",
    "cluster_profile_blocks",
    "blocks_to_markdown",
    "save_profiles_docx",
    "transition_matrix",
]
