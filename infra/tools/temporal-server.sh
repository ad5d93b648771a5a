#!/usr/bin/env bash
# Prints the paths of the Temporal server and of temporal-sql-tool, one a line: $TEMPORAL_SERVER_BIN and
# $TEMPORAL_SQL_TOOL when set, else the ones built into .tools/bin (`go install`, first run only).
# v1.30.4 is pinned: v1.31 and later need a newer Go than Debian's. The build reuses Go's module and build caches
# (GOMODCACHE, GOCACHE: ~/go/pkg/mod and ~/.cache/go-build by default), so a fresh clone on a machine that built
# it once links in seconds instead of compiling for minutes.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
version="v1.30.4"
bin="$root/.tools/bin"

provide() {
  local setting="$1" name="$2" package="$3"
  local given="${!setting:-}"
  if [ -n "$given" ]; then
    [ -x "$given" ] || { echo "$setting=$given is not an executable file" >&2; exit 1; }
    echo "$given"; return
  fi
  if [ -x "$bin/$name" ]; then echo "$bin/$name"; return; fi
  command -v go >/dev/null 2>&1 || { echo "No $name in .tools/bin and no Go toolchain to build one; set $setting=/path/to/$name." >&2; exit 1; }
  echo "Building $name $version into .tools/bin (first run only; minutes cold, seconds with a warm Go cache)..." >&2
  mkdir -p "$bin"
  local tmp; tmp="$(mktemp -d)"
  if ! GOBIN="$tmp" go install "$package@$version" >&2; then
    rm -rf "$tmp"
    echo "go install $package@$version failed (see above); set $setting=/path/to/$name." >&2
    exit 1
  fi
  # go install names the binary after the package folder (server, sql); renamed so both fit in one bin folder.
  mv "$tmp/$(basename "$package")" "$bin/$name"
  rm -rf "$tmp"
  echo "$bin/$name"
}

provide TEMPORAL_SERVER_BIN temporal-server go.temporal.io/server/cmd/server
provide TEMPORAL_SQL_TOOL temporal-sql-tool go.temporal.io/server/cmd/tools/sql
