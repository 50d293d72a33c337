# Heartwise: `make help` lists the targets. Everything runs through uv's locked environment.
SHELL := /bin/bash
UV ?= uv
PY := $(UV) run --frozen
PYTEST_ARGS ?=

.DEFAULT_GOAL := help

help: ## Show this help
	@grep -hE '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[36m%-18s\033[0m %s\n", $$1, $$2}'

install: ## Create .venv from uv.lock (Python 3.11, all extras used by tests and benchmarks)
	@command -v $(UV) >/dev/null || python3 -m pip install --quiet "uv==0.13.9"
	$(UV) sync --frozen --python python3.11 --extra dev --extra analytics --extra bench

up: install ## Start the native stack (Kafka, Cassandra, FerretDB, registry) and bootstrap it
	$(PY) heartwise infra up

down: ## Stop everything `make up` / `make demo` started
	-$(PY) heartwise demo stop 2>/dev/null
	$(PY) heartwise infra down

status: ## Show each server's state, pid and memory
	$(PY) heartwise infra status

logs: ## Tail the servers' logs
	$(PY) heartwise infra logs

demo: install ## The main job: stack + services + simulated devices + a chat, printed; Ctrl-C or `make down` to stop
	$(PY) heartwise demo

lint: install ## ruff + mypy
	$(PY) ruff check services tests loadtest
	$(PY) mypy

deploy-check: install ## Offline checks of deployment files: kustomize build + strict manifest validation, compose, Dockerfile
	@mkdir -p .run
	cd deploy/tools/kustomize && go tool kustomize build ../../k8s/overlays/dev > ../../../.run/k8s-dev.yaml
	cd deploy/tools/kustomize && go tool kustomize build ../../k8s/overlays/prod > ../../../.run/k8s-prod.yaml
	cd deploy/tools/validate && go run . k8s ../../../.run/k8s-dev.yaml && go run . k8s ../../../.run/k8s-prod.yaml
	cd deploy/tools/validate && go run . compose ../../../docker-compose.yml
	$(PY) hadolint Dockerfile

test: install lint deploy-check ## Lint, deployment checks, unit + integration tests on the real local stack (starts it if needed)
	$(PY) pytest tests $(PYTEST_ARGS)

test-unit: install ## Unit tests only (no servers)
	$(PY) pytest tests/unit $(PYTEST_ARGS)

bench-frameworks: install ## Quix Streams vs confluent-kafka vs faust-streaming on the running broker
	$(PY) python loadtest/stream_frameworks.py

.PHONY: help install up down status logs demo lint deploy-check test test-unit bench-frameworks
