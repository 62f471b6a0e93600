# The whole set-up lives here: `make run` and `make test` work on a fresh Debian machine
# that has Python 3.11+; anything else they need they install themselves.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST_PORT ?= 127.0.0.1:8000
# Local development only: production settings come from the environment
# (see docs/production.md).
DEV_ENV := DJANGO_DEBUG=true

.PHONY: run serve test test-setup lint lock format css bench system-packages chromium java migrate demo

# Install Debian packages with apt-get as root, or with sudo when it needs no password;
# otherwise say what to run and fail.
define apt_install
	if [ "$$(id -u)" = 0 ]; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(1) >/dev/null; \
	elif sudo -n true 2>/dev/null; then \
		sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(1) >/dev/null; \
	else \
		echo "Cannot install $(1): run 'sudo apt-get install $(1)'." >&2; false; \
	fi
endef

$(PY):
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11 or newer is needed"'
	@$(PYTHON) -m venv $(VENV) 2>/dev/null || { rm -rf $(VENV); $(call apt_install,python3-venv) && $(PYTHON) -m venv $(VENV); }

# The stamps make a second run skip installs unless a requirements file changed.
$(VENV)/.installed-app: requirements.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements.txt
	@touch $@

$(VENV)/.installed-test: requirements.txt requirements-test.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements-test.txt
	@touch $@ $(VENV)/.installed-app

# WeasyPrint needs Pango from Debian; install it only when the import fails.
system-packages: $(VENV)/.installed-app
	@$(PY) -c 'import weasyprint' 2>/dev/null || { $(call apt_install,libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0); }

migrate: system-packages
	$(DEV_ENV) $(PY) manage.py migrate --no-input

demo: migrate
	$(DEV_ENV) $(PY) manage.py load_demo --only-if-missing
	$(DEV_ENV) $(PY) manage.py create_demo_users

# The task worker renders published meetings' documents in the background. It runs in a
# session of its own, so that it stops with the app however the app stops.
run: demo
	@$(DEV_ENV) setsid $(PY) manage.py db_worker & worker=$$!; \
	trap 'kill -- -$$worker 2>/dev/null' EXIT INT TERM; \
	$(DEV_ENV) $(PY) manage.py runserver $(HOST_PORT)

# Production: Gunicorn (scrutiny/settings/gunicorn.py) with static files from WhiteNoise and
# the task worker beside it, every setting from the environment (see docs/production.md).
serve: system-packages
	@test -n "$$DATABASE_URL" || { echo "Set DATABASE_URL: make serve runs on PostgreSQL." >&2; exit 1; }
	$(PY) manage.py check --deploy --fail-level WARNING
	$(PY) manage.py migrate --no-input
	$(PY) manage.py collectstatic --no-input --verbosity 0
	@setsid $(PY) manage.py db_worker & worker=$$!; \
	trap 'kill -- -$$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) -m gunicorn scrutiny.wsgi -c python:scrutiny.settings.gunicorn

# Browser tests use Debian's chromium, never a downloaded browser.
chromium:
	@command -v chromium >/dev/null 2>&1 || { $(call apt_install,chromium) || echo "Browser tests will be skipped." >&2; }

# The HTML validity tests run the Nu Html Checker (vnu-jar) with Java.
java:
	@command -v java >/dev/null 2>&1 || { $(call apt_install,default-jre-headless) || echo "HTML validity tests will be skipped." >&2; }

# axe-core and vnu-jar come from npm. Install scripts are skipped: vnu-jar's would
# download a JDK of its own, and Debian's Java already runs it.
node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null 2>&1 || { $(call apt_install,nodejs npm); }
	npm ci --ignore-scripts --no-audit --no-fund
	@touch $@

# Everything the suite needs, installed; CI runs it once before two suites side by side.
test-setup: $(VENV)/.installed-test system-packages chromium java node_modules/.installed

test: test-setup
	$(PY) -m pytest $(PYTEST_ARGS)

# Ruff, then the layers as import contracts (pyproject.toml [tool.importlinter]).
lint: $(VENV)/.installed-test
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m scrutiny.devtools.checks.view_writes
	$(VENV)/bin/lint-imports --no-cache
	$(PY) -m djlint templates --lint
	$(PY) -m vulture

format: $(VENV)/.installed-test
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

# Prints page timings (SQLite always, PostgreSQL too when DATABASE_URL is set), the PDF
# figures beside Debian's chromium, and, on PostgreSQL, the load test under Gunicorn with
# twenty years of records (bench_load); it never fails on a missed target.
bench: system-packages chromium .venv-load/.installed
	env -u DATABASE_URL $(DEV_ENV) $(PY) manage.py bench_pages
	@if [ -n "$$DATABASE_URL" ]; then $(DEV_ENV) $(PY) manage.py bench_pages; fi
	env -u DATABASE_URL $(DEV_ENV) $(PY) manage.py bench_documents
	@if [ -n "$$DATABASE_URL" ]; then $(DEV_ENV) $(PY) manage.py bench_load; \
	else echo "The load test runs on PostgreSQL: set DATABASE_URL to include it."; fi

# The pinned requirements files, regenerated from pyproject.toml by pip-tools. Run it after
# changing a dependency there; an existing pin is kept unless LOCK_ARGS=--upgrade (all) or
# LOCK_ARGS="--upgrade-package NAME" asks for a newer release.
LOCK := $(VENV)/bin/pip-compile --quiet --strip-extras --no-emit-index-url --no-emit-find-links \
	--no-emit-trusted-host --resolver=backtracking $(LOCK_ARGS)
lock: $(VENV)/.installed-test
	$(LOCK) --output-file requirements.txt pyproject.toml
	$(LOCK) --extra test --constraint requirements.txt --output-file requirements-test.txt pyproject.toml
	$(LOCK) --extra load --constraint requirements.txt --output-file requirements-load.txt pyproject.toml

# Locust, apart from the app's packages (it patches the standard library with gevent).
.venv-load/.installed: requirements-load.txt
	@$(PYTHON) -m venv .venv-load
	.venv-load/bin/pip install --quiet -r requirements-load.txt
	@touch $@

# Rebuilds the committed stylesheet from GOV.UK Frontend; needs Node.js and npm.
css: node_modules/.installed
	npm run build
