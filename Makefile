# Duban: `make up` runs it, `make test` checks it. Both install what is missing first.
SHELL := /bin/bash
export NX_DAEMON := false
export NX_NO_CLOUD := true

.PHONY: up test install lint format typecheck unit e2e simulation clean test-faults fuzz bench test-security test-cluster verify-deploy mutation chaos

install: node_modules/.duban-installed

node_modules/.duban-installed: package-lock.json package.json
	npm ci --no-audit --no-fund
	@touch $@

# PROFILE=cluster: the Temporal server on PostgreSQL over mTLS, two workers, two API instances behind nginx.
PROFILE ?= dev
export PROFILE

up: install
	@bash infra/tools/temporal-cli.sh >/dev/null
	@if [ "$(PROFILE)" = cluster ]; then bash infra/tools/temporal-server.sh >/dev/null; fi
	node -r @swc-node/register infra/up.ts

test: install
	bash infra/test.sh

lint: install
	npx eslint . --max-warnings=0
	npm run --silent format:check

format: install
	npm run --silent format

typecheck: install
	npx tsc -p tsconfig.json --noEmit
	npx tsc -p apps/web/tsconfig.json --noEmit

unit: install
	npx nx run-many -t test --outputStyle=static

e2e: install
	npx jest -c test/jest.config.js --runInBand

# The seed plan 2018–2021 under time skipping on Temporal's Java test server (provisioned by infra/tools).
simulation: install
	npx jest -c test/simulation/jest.config.js --runInBand

clean:
	rm -rf .data .nx dist

# Security suites (test/security, issue 12): on the e2e stack; also within `make test`.
test-security: install
	@bash infra/tools/temporal-cli.sh >/dev/null
	npx jest -c test/security/jest.config.js --runInBand

# Fault injection (test/faults) and fuzzing (test/fuzz): both also run within `make test`.
test-faults: install
	@bash infra/tools/temporal-cli.sh >/dev/null
	npx jest -c test/faults/jest.config.js --runInBand test/faults

fuzz: install
	@bash infra/tools/temporal-cli.sh >/dev/null
	@bash test/fuzz/install-schemathesis.sh >/dev/null
	npx jest -c test/faults/jest.config.js --runInBand test/fuzz

# Benchmarks (test/bench): print tables and write test-artifacts/bench/*.json; not part of `make test`.
bench: install
	@bash infra/tools/temporal-cli.sh >/dev/null
	@if [ "$(PROFILE)" = cluster ]; then bash infra/tools/temporal-server.sh >/dev/null; fi
	SWC_NODE_PROJECT=tsconfig.base.json node -r @swc-node/register test/bench/run.ts $(BENCH)

# The cluster suite alone (test/cluster: the production topology on loopback, the versioning and backup tests);
# `make test` runs it within its end-to-end step.
test-cluster: install
	@bash infra/tools/temporal-cli.sh >/dev/null
	@bash infra/tools/temporal-server.sh >/dev/null
	npx jest -c test/cluster/jest.config.js --runInBand test/cluster

# The deployment files (infra/deploy): systemd units through systemd-analyze verify.
verify-deploy:
	bash infra/deploy/verify.sh

# Mutation testing (StrykerJS, stryker.config.mjs): one package's unit tests against small bugs put into its source,
# one package after another; not part of `make test` (slow on two cores). `make mutation PACKAGE=libs/calendar` runs one.
MUTATION_PACKAGES := libs/calendar libs/domain libs/notifications activities workflows
mutation: install
	@set -e; for pkg in $(or $(PACKAGE),$(MUTATION_PACKAGES)); do echo "==> mutation $$pkg"; PACKAGE=$$pkg npx stryker run; done

# The chaos run (test/chaos): also a step of `make test`. CHAOS_SEED=<n> replays a run, CHAOS_ITEMS=<n> sets its size.
chaos: install
	@bash infra/tools/temporal-cli.sh >/dev/null
	npx jest -c test/chaos/jest.config.js --runInBand
