SHELL := /bin/bash
# Yuheng — common tasks. `make run` for the demonstration, `make test` for the whole test suite.
SWIFT ?= swift
# The OpenBLAS kernel is chosen by the `yuheng` binary itself at start (see Sources/CLI/yuheng/EntryPoint.swift).

.PHONY: all deps build release run demo test test-fast check-datasets datasets clean lint format

all: build

deps:             ## install the system libraries if they are missing (Debian/Ubuntu, uses apt-get)
	@scripts/install-deps.sh

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

run: build        ## build and start the server (web interface + API) on the bundled data
	.build/debug/yuheng serve --host $${HOST:-127.0.0.1} --port $${PORT:-8080}

demo: build       ## a tour of the command line on the bundled data
	@scripts/demo.sh .build/debug/yuheng

test: deps check-datasets   ## the whole test suite (fails on a failed or cancelled test, or a run without its summaries)
	@SWIFT=$(SWIFT) scripts/run-tests.sh

# The tests tagged .slow, .slurm and .browser (Sources/Testing/TestSupport/TestTags.swift), by name: this toolchain's
# `swift test --skip` does not read Swift Testing's `tag:` filters. A test that gets one of these tags is added here.
FAST_SKIP := --skip 'ServerTests\.BrowserTests' \
	--skip 'ComputingTests\.(SlurmTests|SlurmTimeLimitTests|CLIExecutorTests|ServerExecutorTests)' \
	--skip '(MRIOIOTests\.BundledMRIOTests|NaturalTests\.NaturalDataTests|PolicyTests\.[A-Za-z]+)/reproducible' \
	--skip 'LCIImportTests\.[A-Za-z]+/(bundleScriptIsReproducible|equalsTheZipImport)'

test-fast: deps   ## the suite without the slow, Slurm and browser tests
	@SWIFT=$(SWIFT) scripts/run-tests.sh $(FAST_SKIP)

lint:             ## the toolchain's `swift format` finds nothing to change (configuration: .swift-format, Tests/.swift-format)
	$(SWIFT) format lint --strict --recursive --parallel Sources Tests

format:           ## format Sources and Tests in place with the committed configuration
	$(SWIFT) format --in-place --recursive --parallel Sources Tests

check-datasets:   ## the bundled datasets rebuild byte-identically from ../shared/data
	@scripts/check-datasets.sh

datasets:         ## rebuild the bundled datasets from ../shared/data
	python3 scripts/build_datasets.py

clean:
	rm -rf .build

# Benchmarks (not tests): Yuheng vs pymrio on the EXIOBASE-scale synthetic MRIO (bench/mrio/run.sh; data in
# BENCH_DIR, default /tmp/yuheng-bench; parameters REGIONS SECTORS STRESSORS SEED). Takes ~3 min at full scale (release
# build not counted): the table is written by bench/mrio/gen_fast.py in ~11 s, pymrio takes ~40 s.
.PHONY: bench-mrio bench-mrio-small

bench-mrio: deps   ## Yuheng vs pymrio calc_all, 49 regions x 200 sectors (n = 9,800): time, CPU, peak memory, max rel. diff
	@bash bench/mrio/run.sh

bench-mrio-small: deps   ## the same at 10 regions x 30 sectors, a quick check
	@REGIONS=10 SECTORS=30 bash bench/mrio/run.sh

# 28 synthetic tables (gen_synthetic.py's numbers, 28 seeds, written by gen_fast.py) through `yuheng mrio series` (LU and the
# iteration) and a pymrio loop: ~25 min at full scale, most of it the pymrio loop (~16 min) and LU (~3 min).
.PHONY: bench-mrio-series bench-mrio-series-small

bench-mrio-series: deps   ## 28 synthetic n = 9,800 tables: yuheng mrio series (each solver) vs a pymrio loop (goal < 3 min on 2 cores)
	@bash bench/mrio/series.sh

bench-mrio-series-small: deps   ## the same at 10 regions x 30 sectors, a quick check
	@REGIONS=10 SECTORS=30 bash bench/mrio/series.sh

# LCA benchmark (not a test): Monte Carlo on the 20k-activity synthetic technosphere, Yuheng vs Brightway 2.5 in the
# same run (bench/lca/run.sh; data in BENCH_DIR, default /tmp/yuheng-bench; ITERATIONS, BW_MC_SECONDS, SOLVER, ...).
# HTTP load benchmark (not a test): wrk on the release server at 50 connections: the panorama, factor search, a country page and LCA calculations.
.PHONY: bench-server

bench-server: deps   ## wrk load on /api/panorama, /api/factors, /api/panorama/CHN and POST /api/lca/calculate (p50, p99, req/s; goal p99 < 50 ms at 50 connections)
	@bash bench/server/run.sh

# Computing-layer benchmark (not a test): Slurm dispatch against local execution, 10,000 Monte Carlo iterations on the
# 20k-activity synthetic technosphere (bench/computing/run.sh; starts a single-node Slurm if none answers).
.PHONY: bench-slurm

bench-slurm: deps   ## Slurm vs local executor: wall time and overhead of a 10,000-iteration LCA Monte Carlo (20k activities)
	@bash bench/computing/run.sh

.PHONY: bench-lca bench-lca-small

bench-lca: deps   ## Yuheng vs Brightway: LCA Monte Carlo iterations per CPU-second, first result, distributions (20k activities)
	@bash bench/lca/run.sh

bench-lca-small: deps   ## the same on 500 activities and 100 flows, a quick check
	@N_ACT=500 N_BIO=100 ITERATIONS=$${ITERATIONS:-5000} BW_MC_SECONDS=$${BW_MC_SECONDS:-60} BW_MC_MAX=$${BW_MC_MAX:-2000} bash bench/lca/run.sh

# Inventory benchmark (not a test): a generated 10,000-line, 30-year national inventory, time series and IPCC Approach 2
# with 10,000 Monte Carlo iterations over the whole series (bench/inventory/run.sh). Goal: < 10 s on 2 cores.
# GHG series benchmark (not a test): the bundled series 2000–2023 for all gases from a cold start (bench/series/run.sh).
.PHONY: bench-series

bench-series: deps   ## GHG series 2000–2023 (12 tables + 12 nowcasts), each gas, one year's panorama: wall time from a cold start (goal < 10 s, < 1 s; release build)
	@bash bench/series/run.sh

.PHONY: bench-inventory

bench-inventory: deps   ## 10,000-line 30-year inventory, Monte Carlo 10,000 iterations: wall time (goal < 10 s, release build)
	@bash bench/inventory/run.sh

# Documentation: a DocC catalogue per library product (Sources/**/<Module>.docc; the architecture
# article is in YuhengServices), built into .build/docs/<Module>/.
.PHONY: docs
docs:
	@scripts/docs.sh
