#!/usr/bin/env bash
# Checks the deployment files on this machine: the systemd units with `systemd-analyze verify` (any finding fails).
# The units name the production paths; here they point at this checkout's binaries so the check can run.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
command -v systemd-analyze >/dev/null || { echo "systemd-analyze not found (apt-get install systemd)"; exit 1; }
server="$(bash "$root/infra/tools/temporal-server.sh" | sed -n 1p)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
for unit in "$root"/infra/deploy/systemd/*.service; do
  sed -e "s#/usr/local/bin/temporal-server#$server#" "$unit" > "$tmp/$(basename "$unit")"
done
# Templates are verified as instances, the way they are enabled.
cp "$tmp/duban-api@.service" "$tmp/duban-api@3001.service"
cp "$tmp/duban-worker@.service" "$tmp/duban-worker@1.service"
out="$(cd "$tmp" && systemd-analyze verify ./duban-api@3001.service ./duban-worker@1.service ./temporal-server.service 2>&1 || true)"
if [ -n "$out" ]; then echo "$out"; echo "systemd-analyze verify: findings above"; exit 1; fi
echo "systemd units verified: duban-api@.service, duban-worker@.service, temporal-server.service"
