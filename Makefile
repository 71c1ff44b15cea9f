SHELL := /bin/bash
# Yuheng — common tasks. `make run` for the demonstration, `make test` for the whole test suite.
SWIFT ?= swift

.PHONY: all deps build release run demo test check-datasets datasets clean

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
