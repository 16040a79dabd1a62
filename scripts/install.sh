#!/usr/bin/env bash
# Install the lock (exact pins) and then, if a folder is given, the package in it (editable, no
# dependencies, no build isolation) into the virtual environment of the given Python. Used by
# `make setup`. The installer is uv, itself pinned in the lock and bootstrapped with that
# environment's pip: seconds where pip takes a minute and more. When uv cannot be installed
# (no wheel for the platform, no package index), pip installs the lock instead, said on one line.
# usage: scripts/install.sh VENV/bin/python LOCK [PACKAGE_FOLDER]
set -euo pipefail
py="$1"
lock="$2"
package="${3:-}"
uv_pin=$(grep -m1 -E '^uv==' "$lock") ||
  { echo "error: $lock pins no uv (a line uv==VERSION); run make lock" >&2; exit 2; }
pip=("$py" -m pip install --quiet --disable-pip-version-check)
if "${pip[@]}" "$uv_pin" >/dev/null 2>&1; then
  uv="$(dirname "$py")/uv"
  "$uv" pip install --quiet --python "$py" -r "$lock"
  if [ -n "$package" ]; then
    "$uv" pip install --quiet --python "$py" --no-deps --no-build-isolation -e "$package"
  fi
else
  echo "note: could not install $uv_pin with pip; installing $lock with pip instead (slower)" >&2
  "${pip[@]}" -r <(grep -v -E '^uv==' "$lock")
  if [ -n "$package" ]; then
    "${pip[@]}" --no-deps --no-build-isolation -e "$package"
  fi
fi
