"""Shared test fixtures: Table 3, a tiny table of our own, a seeded generator; figures closed.

Tests mirror the package: ``tests/io`` for ``ecosystems.io``, ``tests/typology`` for
``ecosystems.typology`` and so on.
"""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

import ecosystems as eco
from ecosystems.io import read_log


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture(autouse=True)
def _reads_isolated(monkeypatch):
    """Files a test reads are not left in the process's provenance registry for the next."""
    monkeypatch.setattr(read_log, "_read", dict(read_log._read))


@pytest.fixture(scope="session")
def _table3():
    return eco.load_indicators()


@pytest.fixture
def table3(_table3):
    """Table 3 as loaded from ``data/table3.csv`` (a fresh copy for each test)."""
    return _table3.copy()


@pytest.fixture
def tiny():
    """Two clusters of our own (not Table 3): a gap year, a missing value, a value on a cut."""
    return pd.DataFrame({
        "cluster": ["A", "A", "A", "B", "B"],
        "year": [2020, 2021, 2023, 2020, 2021],
        "rd_per_employee": [0.05, 0.1, 0.31, np.nan, 0.2],
        "value_added_per_employee": [1.0, 2.0, 4.5, 3.0, 4.0],
    })


@pytest.fixture
def rng():
    """A seeded generator: the same draws in every run."""
    return np.random.default_rng(20261201)
