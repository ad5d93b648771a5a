#!/usr/bin/env bash
# Installs the pinned schemathesis (PyPI) into a project-local virtualenv, .tools/venv, unless it is there already.
# Prints the path of the schemathesis executable. Needs python3 with the venv module.
set -euo pipefail
cd "$(dirname "$0")/../.."
VERSION=4.32.5
VENV=.tools/venv
BIN="$VENV/bin/schemathesis"
if [ -x "$BIN" ] && "$VENV/bin/python" -c "import importlib.metadata as m, sys; sys.exit(m.version('schemathesis') != '$VERSION')" 2>/dev/null; then
  echo "$PWD/$BIN"
  exit 0
fi
command -v python3 >/dev/null || { echo "python3 is needed for the API fuzzing (schemathesis)" >&2; exit 1; }
python3 -m venv "$VENV" >&2
"$VENV/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$VERSION" >&2
echo "$PWD/$BIN"
