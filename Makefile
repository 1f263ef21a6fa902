# ProRank — one-command setup, build, test, demo and benchmarks.
# `make test` on a fresh Debian/Ubuntu machine installs what it needs (as root), builds and runs every test.

APT_PACKAGES := libopenblas-dev gnuplot-nox libedit-dev libsqlite3-dev zlib1g-dev
SWIFT ?= swift
NOTEBOOK ?= notebooks/01-tour.md
SHARED ?= ../shared
BENCH_OUT ?= out/bench

.PHONY: deps build test demo bench clean

## deps: install the Debian packages the build needs, only those missing (idempotent).
deps:
	@missing=""; for p in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -z "$$missing" ]; then echo "deps: all present ($(APT_PACKAGES))"; exit 0; fi; \
	if [ "$$(id -u)" != "0" ]; then \
	  echo "deps: missing Debian packages:$$missing"; \
	  echo "deps: run as root, or install them yourself: sudo apt-get install -y$$missing"; exit 1; \
	fi; \
	echo "deps: installing$$missing"; \
	export DEBIAN_FRONTEND=noninteractive; \
	apt-get update -qq && apt-get install -y -qq --no-install-recommends $$missing >/dev/null && echo "deps: installed$$missing"

build: deps
	$(SWIFT) build

test: deps
	$(SWIFT) build
	$(SWIFT) test

## demo: release build, then the default notebook.
demo: deps
	$(SWIFT) build -c release --product prorank-repl
	@if [ -f "$(NOTEBOOK)" ]; then \
	  .build/release/prorank-repl run "$(NOTEBOOK)"; \
	else \
	  echo "demo: $(NOTEBOOK) does not exist yet (the notebook runner lands with a later issue); running examples/tour.swift"; \
	  mkdir -p out/demo && .build/release/prorank-repl exec examples/tour.swift --out out/demo; \
	fi

## bench: our benchmarks and the peers' in one run, one thread each; writes BENCHMARKS.md.
bench: deps
	$(SWIFT) build -c release --product prorank-bench
	SHARED=$(SHARED) OUT=$(BENCH_OUT) Benchmarks/run.sh

clean:
	rm -rf .build out
