# Shortcuts; the README's two commands (scripts/run.sh, scripts/test.sh) need nothing but bash.
.PHONY: run test test-fast test-slow lint lock bench bench-live bench-faults bench-first-answer schema

run:
	bash scripts/run.sh

test:
	bash scripts/test.sh

test-fast:
	bash scripts/test.sh -m "not slow and not integration and not e2e"

test-slow:
	bash scripts/test.sh -m "slow or integration or e2e"

lint:
	.venv/bin/ruff check . && .venv/bin/lint-imports

lock:
	bash scripts/lock.sh

bench:
	.venv/bin/python bench/bench_engine.py --write docs/performance.md

bench-live:
	HF_HUB_OFFLINE=1 .venv/bin/python bench/bench_live.py --streams 1,2,3,4,5 --configs 1:1,2:1,2:2 --write docs/performance.md

schema:
	.venv/bin/python manage.py spectacular --validate --file var/schema.yml

bench-faults:
	.venv/bin/python bench/bench_faults.py --write docs/reliability.md

bench-first-answer:
	.venv/bin/python bench/bench_first_answer.py
