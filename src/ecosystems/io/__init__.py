"""Reading data: tables as people export them, the reference data in ``data/``, their quality.

Modules: ``files`` (refusing anything but a readable regular file),
``dialects`` (bytes to text cells), ``headers`` and ``layouts`` (the header,
the long, wide and Table 3 layouts), ``units`` and ``names`` (units, dates,
totals, notes, look-alike names), ``validation`` and ``tabular`` (checked
tables, :func:`read_table`), ``read_report`` (what was read and skipped),
``loaders`` (indicator and participant tables, :func:`to_long`),
``synthetic`` (SYNTHETIC indicator tables of any size),
``reference`` (type and cluster names, labels, OECD R&D-intensity bands),
``quality`` (missing values, suspect zeros, jumps), ``deflation`` (price
indices, real terms), ``read_log`` (which data files were read, for the
provenance sidecars).
"""

import lazy_loader

__getattr__, __dir__, __all__ = lazy_loader.attach(__name__, submod_attrs={
    "tabular": ["Column", "RowRule", "read_frame", "read_table", "validate_frame"],
    "loaders": ["INDICATORS", "check_participants", "load_indicators", "load_participants",
                "to_long"],
    "read_report": ["ReadReport"],
    "synthetic": ["synthetic_indicators"],
    "reference": ["cluster_names", "clusters", "label", "rd_intensity_bands",
                  "rd_intensity_industries", "type_names", "type_slugs", "type_table"],
    "quality": ["data_quality", "suspect_zeros_as_missing"],
    "deflation": ["REAL_TERMS_CAVEAT", "deflate", "deflate_by", "deflator_label",
                  "deflator_series", "load_deflators", "price_index", "price_indices"],
})
