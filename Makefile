# Rebound's everyday commands. `make help` lists them.
SHELL := /bin/bash
UV := $(shell command -v uv 2>/dev/null || echo "python3 -m uv")
PY := .venv/bin/python
MANAGE := $(PY) manage.py
# Tests run in production mode (DEBUG off) over plain HTTP.
TEST_ENV := SECRET_KEY=test-only-secret-key SECURE=false DEBUG=false

.PHONY: help install run mcp worker test lint format migrations-check browsers tools demo bench clean

help: ## List the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-18s %s\n", $$1, $$2}'

install: ## Create .venv and install the locked dependencies (installs uv if missing)
	@command -v uv >/dev/null 2>&1 || python3 -m uv --version >/dev/null 2>&1 || python3 -m pip install --quiet uv
	$(UV) sync --frozen

run: install ## Start Rebound at http://127.0.0.1:8000 on a local SQLite database
	DEBUG=true $(MANAGE) migrate --no-input
	DEBUG=true $(MANAGE) createcachetable
	DEBUG=true $(MANAGE) runserver 127.0.0.1:8000

demo: install ## Create demo@example.com (password: rebound-demo) with a realistic job search
	DEBUG=true $(MANAGE) migrate --no-input
	DEBUG=true $(MANAGE) createcachetable
	DEBUG=true $(MANAGE) demo_data --email demo@example.com --password rebound-demo

mcp: install ## Serve Rebound to an AI assistant over MCP (stdio; set REBOUND_TOKEN to an access token)
	DEBUG=true $(MANAGE) mcp

worker: install ## Purge the expired trash, queue due reminder digests and run a background worker (Ctrl-C to stop)
	DEBUG=true $(MANAGE) purge_trash
	DEBUG=true $(MANAGE) enqueue_digests
	DEBUG=true $(MANAGE) db_worker

browsers: ## Make sure Chromium is there for the browser tests
	@bash scripts/ensure-chromium

tools: ## Install the Nu Html Checker (vnu.jar, from npm) into .tools/ for the HTML test
	@bash scripts/ensure-vnu

lint: install ## Lint and format check (ruff), security lint (bandit)
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/bandit -q -c pyproject.toml -r accounts applications feedback practice reminders portability config -lll

format: install ## Format the code and fix what ruff can
	.venv/bin/ruff format .
	.venv/bin/ruff check --fix .

migrations-check: install ## Fail when a model change has no migration
	$(TEST_ENV) $(MANAGE) makemigrations --check --dry-run

test: install browsers tools lint migrations-check ## Run every check and test (unit, view, browser)
	$(TEST_ENV) .venv/bin/pytest $(PYTEST_ARGS)

bench: install ## Load PostgreSQL with many people and measure the main pages (BENCH_ARGS="--small" for a quick run)
	$(UV) sync --frozen --group bench
	$(PY) bench/run.py $(BENCH_ARGS)

clean: ## Remove the environment, the local database and collected static files
	rm -rf .venv staticfiles db.sqlite3 .pytest_cache .ruff_cache
