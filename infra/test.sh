#!/usr/bin/env bash
# make test: lint, type-check, every unit suite, then the end-to-end suites on real services that the
# test setup starts on free ports with throwaway data (and stops again). Exits non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")/.."
export NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false
failed=()
passed=0
step() {
  local name="$1"; shift
  echo "==> $name"
  local start=$SECONDS
  if "$@"; then echo "<== $name passed ($((SECONDS - start)) s)"; passed=$((passed + 1)); else echo "<== $name FAILED ($((SECONDS - start)) s)"; failed+=("$name"); fi
}

bash infra/tools/temporal-cli.sh >/dev/null || { echo "cannot provide the Temporal CLI"; exit 1; }
# Cluster suite (test/cluster, issue 16): the Temporal server and temporal-sql-tool into .tools/bin (Go's caches make a
# fresh clone's build take under a minute), and Debian's nginx in front of the API instances.
step temporal-server bash infra/tools/temporal-server.sh
[ -x /usr/sbin/nginx ] || command -v nginx >/dev/null || (apt-get update >/dev/null && apt-get install -y nginx-light >/dev/null) || echo "warning: no nginx; the cluster suite will fail"

# Web console (issue 7): the browser suites drive Debian's chromium; CJK fonts so the screenshots show Chinese text.
command -v chromium >/dev/null || (apt-get update && apt-get install -y chromium)
fc-list :lang=zh 2>/dev/null | grep -q . || (apt-get update >/dev/null && apt-get install -y fonts-noto-cjk >/dev/null) || echo "warning: no CJK font; screenshots will show boxes"
# Bulletins (issue 14): the print view is printed to PDF and read back with poppler's pdfinfo and pdftotext.
command -v pdfinfo >/dev/null || (apt-get update >/dev/null && apt-get install -y poppler-utils >/dev/null)

# Fault suite and fuzzing (test/faults, test/fuzz): schemathesis, pinned, into a project-local venv under .tools/venv.
step fuzz-tools bash test/fuzz/install-schemathesis.sh

step lint npx eslint . --max-warnings=0
step format npm run --silent format:check
step typecheck npx tsc -p tsconfig.json --noEmit
step typecheck-console npx tsc -p apps/web/tsconfig.json --noEmit
step deploy-files bash infra/deploy/verify.sh
step unit npx nx run-many -t test --outputStyle=static
# Plan import (issue 13): the parser scored against golden files of real plans, read in place from ../shared/corpus
# (DUBAN_CORPUS_DIR moves it); fails below 95 % of fields overall, 90 % on any document, or a seed not exact.
# The corpus sits beside the checkout (../shared/corpus) in the workplace; a clone elsewhere on the same machine finds
# it at /work/shared/corpus. Neither there and no DUBAN_CORPUS_DIR: the step fails saying so.
corpus_dir="${DUBAN_CORPUS_DIR:-}"
if [ -z "$corpus_dir" ]; then
  for candidate in ../shared/corpus /work/shared/corpus; do
    if [ -f "$candidate/SOURCES.md" ]; then corpus_dir="$candidate"; break; fi
  done
fi
plan_score() {
  if [ -z "$corpus_dir" ]; then echo "no plan corpus at ../shared/corpus or /work/shared/corpus: set DUBAN_CORPUS_DIR"; return 1; fi
  npx duban plan score libs/plan-parser/src/__fixtures__/golden --corpus "$corpus_dir"
}
step plan-score plan_score
step simulation npx jest -c test/simulation/jest.config.js --runInBand
step e2e npx jest -c test/jest.config.js --runInBand
step security npx jest -c test/security/jest.config.js --runInBand
# Chaos (issue 19): every process killed -9 at seeded times during a quarter end of ~1,000 items; CHAOS_SEED replays one.
step chaos npx jest -c test/chaos/jest.config.js --runInBand

echo "steps: $passed passed, ${#failed[@]} failed"
if [ ${#failed[@]} -gt 0 ]; then
  echo "FAILED: ${failed[*]}"
  exit 1
fi
echo "all test steps passed"
