# Duban: `make up` runs it, `make test` checks it. Both install what is missing first.
SHELL := /bin/bash
export NX_DAEMON := false
export NX_NO_CLOUD := true

.PHONY: up test install lint typecheck unit e2e clean

install: node_modules/.duban-installed

node_modules/.duban-installed: package-lock.json package.json
	npm ci --no-audit --no-fund
	@touch $@

up: install
	@bash infra/tools/temporal-cli.sh >/dev/null
	node -r @swc-node/register infra/up.ts

test: install
	bash infra/test.sh

lint: install
	npx eslint . --max-warnings=0

typecheck: install
	npx tsc -p tsconfig.json --noEmit

unit: install
	npx nx run-many -t test --outputStyle=static

e2e: install
	npx jest -c test/jest.config.js --runInBand

clean:
	rm -rf .data .nx dist
