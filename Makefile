# Shortcuts; the README's two commands (scripts/run.sh, scripts/test.sh) need nothing but bash.
.PHONY: run test test-fast test-slow test-tour test-gpu lint typecheck lock bench bench-live bench-gpu bench-faults bench-first-answer schema \
	bench-cluster bench-api-load bench-star bench-profile

run:
	bash scripts/run.sh

test:
	bash scripts/test.sh

test-fast:
	bash scripts/test.sh -m "not slow and not integration and not e2e"

test-slow:
	bash scripts/test.sh -m "slow or integration or e2e"

# Every page at desktop and phone size with real data; screenshots in test-artifacts/.
test-tour:
	bash scripts/test.sh tests/e2e/test_page_tour.py

# On a machine with an NVIDIA GPU; elsewhere every test is skipped with the reason.
test-gpu:
	.venv/bin/python -m pytest -m gpu

lint:
	.venv/bin/ruff check . && .venv/bin/lint-imports && bash scripts/api_types.sh --check \
		&& (cd frontend && npm run --silent lint)

# mypy: strict on the pure cores, the normal mode with django-stubs elsewhere (pyproject.toml);
# incremental under .mypy_cache (a first run takes a minute or two, later ones seconds).
typecheck:
	.venv/bin/mypy

# The web client's API types from the OpenAPI schema (frontend/src/api/schema.d.ts): after an API change.
.PHONY: api-types
api-types:
	bash scripts/api_types.sh

lock:
	bash scripts/lock.sh

bench:
	.venv/bin/python bench/bench_engine.py --write docs/performance.md

# Where one analysis spends its time, per stage and per library, cold and warm (~2 minutes).
bench-profile:
	.venv/bin/python bench/bench_profile.py --write docs/performance.md

bench-live:
	HF_HUB_OFFLINE=1 .venv/bin/python bench/bench_live.py --streams 1,2,3,4,5 --configs 1:1,2:1,2:2 --write docs/performance.md

# The GPU worker's stages; add MODEL=/path/to/a/ctranslate2/whisper for a larger model too.
bench-gpu:
	HF_HUB_OFFLINE=1 .venv/bin/python bench/bench_gpu.py $(if $(MODEL),--model $(MODEL)) --write docs/performance.md

schema:
	.venv/bin/python manage.py spectacular --validate --file var/schema.yml

bench-faults:
	.venv/bin/python bench/bench_faults.py --write docs/reliability.md

bench-first-answer:
	.venv/bin/python bench/bench_first_answer.py

# Measured scale, on a quiet machine (5-10 minutes on 2 cores), with a PostgreSQL database
# (interview_coach_bench) and a redis-server of its own: never the tests'.
bench-cluster:
	HF_HUB_OFFLINE=1 .venv/bin/python bench/bench_cluster.py --answers 12 --layouts one,two,split \
		--users 50 --duration 60 --write docs/performance.md

bench-api-load:
	HF_HUB_OFFLINE=1 .venv/bin/python bench/bench_api_load.py --users 50 --duration 60 \
		--write docs/performance.md

# STAR parts: cue lists against the classifier by meaning, on the labelled set's held-out
# split, with the cross-validation that chose the classifier's settings (~2-3 minutes).
bench-star:
	HF_HUB_OFFLINE=1 .venv/bin/python bench/bench_star.py --cv --write docs/performance.md

# Speech-to-text and filler counting on real human recordings (tests/data/real_speech/), per
# setup; add MODEL=/path/to/a/ctranslate2/whisper to compare a larger model (~10 minutes on 2 cores).
.PHONY: bench-real-speech
bench-real-speech:
	HF_HUB_OFFLINE=1 .venv/bin/python bench/bench_real_speech.py $(if $(MODEL),--model larger=$(MODEL)) \
		--write docs/performance.md
