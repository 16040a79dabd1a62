"""ecosystems: re-running the industrial-ecosystem typology of Mityakov et al.

Public API
----------
Thresholds, classify, level_codes
    The 3x3 typology (Table 1) and its cut points.
load_indicators, DataError
    Reading cluster indicator tables (Table 3 or your own).
type_table, type_names, type_slugs, clusters, cluster_names, label
    Reference data from ``data/`` (names in English and Russian).
table3_wide, type_counts, transitions
    Summary tables.
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
"""

from .alternatives import alternative_classification, compare_alternatives
from .deflation import deflate, load_deflators, price_index
from .errors import DataError
from .loaders import load_indicators
from .output import save_figure, save_table
from .reference import cluster_names, clusters, label, type_names, type_slugs, type_table
from .scenario import compare_with_paper, scenario_classification
from .sensitivity import noise_probabilities, one_at_a_time, stability_margins, threshold_map
from .style import apply_style, cluster_palette
from .sweep_engine import iter_sweep, sweep, sweep_summary, threshold_array
from .tables import table3_wide, transitions, type_counts
from .thresholds import Thresholds
from .typology import classify, level_codes

__version__ = "0.1.0"

__all__ = [
    "DataError",
    "Thresholds",
    "apply_style",
    "classify",
    "cluster_names",
    "cluster_palette",
    "clusters",
    "label",
    "level_codes",
    "load_indicators",
    "save_figure",
    "save_table",
    "table3_wide",
    "transitions",
    "type_counts",
    "type_names",
    "type_slugs",
    "type_table",
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
]
