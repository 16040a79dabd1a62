"""pytest hooks for ``make nbval``: tell each notebook's kernel which notebook it runs.

nbval starts one kernel per notebook when that notebook's first cell is set up,
and the kernel inherits this process's environment. Setting the variable just
before lets ``save_figure``/``save_table`` record the notebook (and its cells)
in the provenance sidecars exactly as ``make all`` does, so that
``make reproduce`` can compare the sidecars byte for byte too.
"""

import os

import pytest

from ecosystems import config


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    os.environ[config.NOTEBOOK_ENV] = config.relative(item.path)
    os.environ[config.PARAMETERS_ENV] = "{}"
