# Two commands set everything up: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_DIR := build/demo

.PHONY: demo test test-wheel test-dates lint bench clean handbuch-bilder

$(STAMP): pyproject.toml
	$(PYTHON) -c 'import sys; sys.exit("Python >= 3.11 wird benötigt" if sys.version_info < (3, 11) else 0)'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# The demo: two providers of one district (each case manager with a key of their own) send
# conference packages; the coordination office confirms both keys, builds today's conference
# in a register that already holds four earlier ones, and presents it. The steps a person does
# by hand (deciding flags in Excel, reading a fingerprint over the phone) are done by
# `python -m synthetic.demo`, for synthetic data only.
DEMO_PROVIDERS := a b
DEMO_TRUST := $(DEMO_DIR)/koordinierung/traeger_schluessel.json
demo: $(STAMP)
	rm -rf $(DEMO_DIR)
	$(BIN)/kimtools synth --out $(DEMO_DIR)/a/caseload --cases 400 --seed 1
	$(BIN)/kimtools synth --out $(DEMO_DIR)/b/caseload --cases 120 --seed 2 --single-town
	for provider in $(DEMO_PROVIDERS); do \
	    dir=$(DEMO_DIR)/$$provider; count=$$([ $$provider = a ] && echo 4 || echo 2); \
	    $(BIN)/kimtools check $$dir/caseload || exit 1; \
	    $(BIN)/kimtools summary $$dir/caseload || exit 1; \
	    cases=$$($(BIN)/kimtools candidates $$dir/caseload --count $$count --ids) || exit 1; \
	    $(BIN)/kimtools markierungen $$dir/caseload --cases $$cases \
	        --out $$dir/entscheidungen.csv --key-file $$dir/traeger.key \
	        --district "Kreis Gütersloh" || exit 1; \
	    $(BIN)/python -m synthetic.demo entscheidungen $$dir/entscheidungen.csv || exit 1; \
	    $(BIN)/kimtools pseudonymise $$dir/caseload --cases $$cases \
	        --out $$dir/konferenzpaket --key-file $$dir/traeger.key \
	        --district "Kreis Gütersloh" --approved-by "Demo (synthetische Daten)" \
	        --decisions $$dir/entscheidungen.csv || exit 1; \
	    KIMTOOLS_TRUST_FILE=$(DEMO_TRUST) $(BIN)/kimtools trust $$dir/konferenzpaket \
	        --fingerprint $$($(BIN)/python -m synthetic.demo fingerabdruck $$dir/traeger.key) \
	        || exit 1; \
	done
	$(BIN)/python -m synthetic.demo register $(DEMO_DIR)/koordinierung/befunde.sqlite
	KIMTOOLS_TRUST_FILE=$(DEMO_TRUST) $(BIN)/kimtools konferenz anlegen \
	    $(DEMO_DIR)/a/konferenzpaket $(DEMO_DIR)/b/konferenzpaket \
	    --datum $$(date +%d.%m.%Y) --ort "Kreishaus, Raum 101" --kommune "Kreis Gütersloh" \
	    --db $(DEMO_DIR)/koordinierung/befunde.sqlite
	$(BIN)/kimtools jahresbericht --jahr $$(date +%Y) --caseload $(DEMO_DIR)/a/caseload \
	    --db $(DEMO_DIR)/koordinierung/befunde.sqlite --out $(DEMO_DIR)/a/
	@echo "Präsentation startet; die Adressen (Präsentation und Teilnehmende) folgen (Beenden mit Strg+C)."
	KIMTOOLS_TRUST_FILE=$(DEMO_TRUST) $(BIN)/kimtools serve --konferenz $$(date +%d.%m.%Y) \
	    --register $(DEMO_DIR)/koordinierung/befunde.sqlite --praesentation --port 8866

test: $(STAMP)
	$(BIN)/ruff check kimtools synthetic tests benchmarks
	$(BIN)/python -m pytest

# The whole suite again with the clock frozen on days spread over two years: a test that
# depends on today's date fails here, not on some morning in CI (see tests/clock.py).
TEST_DATES := 2025-01-15 2026-06-30 2027-03-01
test-dates: $(STAMP)
	for day in $(TEST_DATES); do \
	    echo "== Testlauf mit Uhr am $$day"; \
	    KIMTOOLS_TEST_TODAY=$$day $(BIN)/python -m pytest -q || exit 1; \
	done

# Every benchmark in turn, then one table of ratio against target (benchmarks/harness.py).
bench: $(STAMP)
	$(BIN)/python benchmarks/harness.py --reset
	status=0; for script in benchmarks/bench_*.py; do \
	    $(BIN)/python $$script || status=1; done; \
	echo; echo "== Verhältnis zum Boden, gemessen im selben Lauf"; \
	$(BIN)/python benchmarks/harness.py --table; exit $$status

clean:
	rm -rf $(VENV) build .pytest_cache .ruff_cache

# The built wheel, installed with its dependencies into a fresh venv outside the clone, runs
# synth, pseudonymise, minutes (HTML) and serve (page rendered in headless Chromium).
test-wheel: $(STAMP)
	$(BIN)/python .ci/wheel_smoke.py

# The handbook's pictures, taken by the browser tests that open those screens (1280×720, real
# Voilà); a normal test run writes them to test-artifacts/ only.
HANDBUCH_TESTS := tests/test_serve_browser.py::test_dashboard_shows_the_cases_without_the_internet \
	tests/test_serve_register.py::test_finding_recorded_in_the_browser_survives_a_reload \
	tests/test_serve_conference.py::test_keyboard_alone_runs_the_agenda_from_first_to_last_case \
	tests/test_minutes_browser.py::test_pdf_from_the_ui_without_environment \
	tests/test_notebook_01_browser.py::test_case_manager_reviews_decides_flags_and_writes_the_package \
	tests/test_notebook_03_browser.py::test_findings_of_the_year_in_one_table \
	tests/test_annual_browser.py::test_annual_report_written_from_the_page
handbuch-bilder: $(STAMP)
	KIMTOOLS_HANDBUCH_BILDER=1 $(BIN)/python -m pytest -q -m browser $(HANDBUCH_TESTS)
