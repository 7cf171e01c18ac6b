# SMART platform – the two commands a newcomer needs: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
PORT ?= 8000
VENV := .venv
TOOLS := .tools
UV := $(TOOLS)/bin/uv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
UV_VERSION := 0.13.9

.PHONY: install install-test run worker test test-fast lint messages compile-check check-deploy clean

# uv lives in its own small environment so `uv sync` can keep .venv exactly as the lock says.
$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet "uv==$(UV_VERSION)"

$(VENV)/.installed: pyproject.toml uv.lock | $(UV)
	UV_PYTHON=$(PYTHON) $(UV) sync --frozen --all-groups --quiet
	touch $@

install: $(VENV)/.installed

# Browser tests drive Debian's Chromium (Playwright cannot download browsers here); OCR of
# scanned pages uses Debian's Tesseract with Czech data. Both are installed when missing.
DEBIAN_TEST_PACKAGES := chromium fonts-dejavu-core tesseract-ocr tesseract-ocr-ces
install-test: install
	@if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/tesseract ] || [ ! -f /usr/share/tesseract-ocr/5/tessdata/ces.traineddata ] || [ ! -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]; then \
	  if [ "$$(id -u)" = "0" ]; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(DEBIAN_TEST_PACKAGES) >/dev/null) \
	      || echo "warning: could not install $(DEBIAN_TEST_PACKAGES); browser and OCR tests will be skipped"; \
	  else echo "warning: run: sudo apt-get install $(DEBIAN_TEST_PACKAGES) (browser and OCR tests are skipped without them)"; fi; \
	fi

var:
	mkdir -p var

run: install | var
	DEBUG=1 $(MANAGE) migrate --noinput
	DEBUG=1 $(MANAGE) load_reference_data
	DEBUG=1 $(MANAGE) seed_demo
	@echo "Serving on http://127.0.0.1:$(PORT) with a background worker (Ctrl+C stops both)."
	DEBUG=1 $(MANAGE) worker & WORKER=$$!; \
	trap "kill $$WORKER 2>/dev/null" EXIT INT TERM; \
	DEBUG=1 $(MANAGE) runserver 127.0.0.1:$(PORT)

worker: install
	$(MANAGE) worker

test: install-test | var
	$(VENV)/bin/lint-imports --no-cache --no-logo
	$(VENV)/bin/mypy
	DEBUG=1 $(PY) -m pytest -q $(PYTEST_ARGS)

test-fast: install | var
	DEBUG=1 $(PY) -m pytest -q -m "not browser" $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports --no-cache --no-logo

# Regenerate the Czech catalogue after changing texts (needs GNU gettext), then translate
# the new entries in locale/cs/LC_MESSAGES/django.po and compile.
messages: install
	DEBUG=1 $(MANAGE) makemessages -l cs --ignore=.venv --ignore=.tools --ignore=var --ignore=bench --no-obsolete
	DEBUG=1 $(MANAGE) compilemessages --ignore=.venv --ignore=.tools

check-deploy: install
	DEBUG=0 SECRET_KEY=$$(head -c 48 /dev/urandom | base64) ALLOWED_HOSTS=smart.example.cz $(MANAGE) check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) $(TOOLS) staticfiles
