#!/usr/bin/env bash
# Stop at once unless the given Python is 3.11 (requirements.lock is pinned for it), saying
# which version was found and how to get 3.11. Used by `make setup`.
set -u
python="${1:-python3}"
found=$("$python" -c 'import sys; print(".".join(map(str, sys.version_info[:3])))' 2>/dev/null) || found="not found"
case "$found" in
  3.11.*) exit 0 ;;
esac
cat >&2 <<MSG
error: the collection needs Python 3.11 (requirements.lock is pinned for it); $python is $found.
Get Python 3.11 in one of these ways, then run make again:
  uv:     uv python install 3.11 && make PYTHON="\$(uv python find 3.11)" all
  pyenv:  pyenv install 3.11 && make PYTHON="\$(pyenv root)/versions/\$(pyenv latest 3.11)/bin/python" all
  conda:  conda env create -f environment.yml && conda activate ecosystems && make PYTHON=python all
  Debian/Ubuntu: apt install python3.11 python3.11-venv (where the release ships it)
If .venv was made with another Python, remove it first: make clean
MSG
exit 2
