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
provenance sidecars), ``rosstat`` (Rosstat's regional workbooks, the registry of
federal subjects), ``totals`` (totals divided by employment).
"""
