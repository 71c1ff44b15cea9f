SHELL := /bin/bash
# Yuheng — common tasks. `make run` for the demonstration, `make test` for the whole test suite.
SWIFT ?= swift

.PHONY: all deps build release run test check-datasets datasets clean

all: build

deps:             ## install the system libraries if they are missing (Debian/Ubuntu, uses apt-get)
	@scripts/install-deps.sh

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

run: build        ## build and run the main job on the bundled data
	@scripts/demo.sh .build/debug/yuheng

test: deps check-datasets   ## the whole test suite
	$(SWIFT) test

check-datasets:   ## the bundled datasets rebuild byte-identically from ../shared/data
	@scripts/check-datasets.sh

datasets:         ## rebuild the bundled datasets from ../shared/data
	python3 scripts/build_datasets.py

clean:
	rm -rf .build

# Benchmarks (not tests): Yuheng vs pymrio on the EXIOBASE-scale synthetic MRIO (bench/mrio/run.sh; data in
# BENCH_DIR, default /tmp/yuheng-bench; parameters REGIONS SECTORS STRESSORS SEED). Takes ~15-30 min at full scale.
.PHONY: bench-mrio bench-mrio-small

bench-mrio: deps   ## Yuheng vs pymrio calc_all, 49 regions x 200 sectors (n = 9,800): time, CPU, peak memory, max rel. diff
	@bash bench/mrio/run.sh

bench-mrio-small: deps   ## the same at 10 regions x 30 sectors, a quick check
	@REGIONS=10 SECTORS=30 bash bench/mrio/run.sh
