#!/usr/bin/env bash
# Prints the path of a Temporal CLI: $TEMPORAL_CLI, else `temporal` on PATH, else one built into .tools/bin.
# v1.5.1 is pinned: later tags carry a `replace` directive in go.mod, which `go install` refuses.
# A cold `go install` took about 4 minutes on a 2-core machine; later runs reuse the binary.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
version="v1.5.1"

if [ -n "${TEMPORAL_CLI:-}" ]; then
  [ -x "$TEMPORAL_CLI" ] || { echo "TEMPORAL_CLI=$TEMPORAL_CLI is not an executable file" >&2; exit 1; }
  echo "$TEMPORAL_CLI"; exit 0
fi
if command -v temporal >/dev/null 2>&1; then command -v temporal; exit 0; fi

local_cli="$root/.tools/bin/temporal"
if [ -x "$local_cli" ]; then echo "$local_cli"; exit 0; fi

if ! command -v go >/dev/null 2>&1; then
  echo "No Temporal CLI found and no Go toolchain to build one." >&2
  echo "Install Go, or put 'temporal' on PATH, or set TEMPORAL_CLI=/path/to/temporal." >&2
  exit 1
fi
echo "Building the Temporal CLI $version into .tools/bin (first run only, a few minutes)..." >&2
mkdir -p "$root/.tools/bin"
if ! GOBIN="$root/.tools/bin" GOFLAGS=-mod=mod go install "github.com/temporalio/cli/cmd/temporal@$version" >&2; then
  echo "go install github.com/temporalio/cli/cmd/temporal@$version failed (see above)." >&2
  echo "Supply a Temporal CLI with TEMPORAL_CLI=/path/to/temporal, or point Duban at a cluster with TEMPORAL_ADDRESS." >&2
  exit 1
fi
echo "$local_cli"
