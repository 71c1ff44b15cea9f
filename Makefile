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
