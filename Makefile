# hapgsim front door.  `make demo` and `make check` work on a fresh Debian 12 machine
# as root: they install what is missing, configure, build, then run.
BUILD      ?= build
ASAN_BUILD ?= build-asan
FUZZ_BUILD ?= build-fuzz
RELEASE_BUILD ?= build-release
FUZZ_SECONDS ?= 60
# The fuzz targets and, for each, the folders of saved inputs it replays (corpus and
# crash fixtures).  `make check` runs each deterministically: the saved inputs, then
# FUZZ_RUNS mutations from FUZZ_SEED (a count, not a time: same commit, same verdict).
# A new target: add it to FUZZ_TARGETS and give it a FUZZ_CORPUS_<target> line.
FUZZ_TARGETS ?= fuzz_scenario fuzz_run fuzz_result
FUZZ_SCENARIOS = scenarios tests/scenarios/good tests/scenarios/bad tests/fuzz/seeds \
                 tests/fuzz/fixtures/scenario
FUZZ_CORPUS_fuzz_scenario = $(FUZZ_SCENARIOS)
FUZZ_CORPUS_fuzz_run = $(FUZZ_SCENARIOS) tests/fuzz/fixtures/run
FUZZ_CORPUS_fuzz_result = tests/fuzz/seeds-result
FUZZ_SEED ?= 1
FUZZ_RUNS ?= 20000
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)
CMAKE_ARGS ?=
MAKEFLAGS  += --no-print-directory

.PHONY: all deps build demo check test test-release test-asan fuzz-build fuzz-check fuzz bench docs-keys clean

all: build

deps:
	@scripts/install-deps.sh

build: deps
	@cmake -S . -B $(BUILD) $(CMAKE_ARGS) >/dev/null
	@cmake --build $(BUILD) -j $(JOBS) | grep -v -E '^\[ *[0-9]+%\]' || true
	@test -x $(BUILD)/hapgsim

# the reference article's study: two HSMs in two zones, autoRecovery every 60 s.  The
# run exits 1 when a bound of its expect: fails or cannot be decided; ten simulated
# years see no outage, so the availability bound is inconclusive: the demo shows that
# verdict and succeeds (any other failure still fails it).
demo: build
	@$(BUILD)/hapgsim run scenarios/reference-two-az.yaml; status=$$?; \
	if [ $$status -eq 1 ]; then \
	    echo "make demo: the verdicts above are the study's answer (exit 1: a bound failed or is inconclusive); see README.md"; \
	elif [ $$status -ne 0 ]; then exit $$status; fi

# every test in the normal build (RelWithDebInfo), in Release, under AddressSanitizer +
# UBSan, then every fuzz target over its saved inputs and a fixed-seed run
check: test test-release test-asan fuzz-check

test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

# Release (-O3, NDEBUG): what optimisation may change (padding, undefined behaviour)
test-release: deps
	@cmake -S . -B $(RELEASE_BUILD) -DCMAKE_BUILD_TYPE=Release -DHAPGSIM_BUILD_BENCH=OFF $(CMAKE_ARGS) >/dev/null
	@cmake --build $(RELEASE_BUILD) -j $(JOBS) | grep -v -E '^\[ *[0-9]+%\]' || true
	cd $(RELEASE_BUILD) && ctest --output-on-failure -j $(JOBS)

# without MPI: Open MPI's own allocations are noisy under LeakSanitizer (the stub's
# "built without MPI" is what these builds test)
test-asan: deps
	@cmake -S . -B $(ASAN_BUILD) -DHAPGSIM_SANITIZE=ON -DHAPGSIM_BUILD_BENCH=OFF -DHAPGSIM_MPI=OFF $(CMAKE_ARGS) >/dev/null
	@cmake --build $(ASAN_BUILD) -j $(JOBS) | grep -v -E '^\[ *[0-9]+%\]' || true
	cd $(ASAN_BUILD) && ctest --output-on-failure -j $(JOBS)

fuzz-build: deps
	@cmake -S . -B $(FUZZ_BUILD) -DCMAKE_C_COMPILER=clang -DHAPGSIM_FUZZ=ON \
	    -DHAPGSIM_SANITIZE=ON -DHAPGSIM_LTO=OFF -DHAPGSIM_BUILD_TESTS=OFF \
	    -DHAPGSIM_BUILD_BENCH=OFF -DHAPGSIM_MPI=OFF $(CMAKE_ARGS) >/dev/null
	@cmake --build $(FUZZ_BUILD) -j $(JOBS) --target $(FUZZ_TARGETS) | grep -v -E '^\[ *[0-9]+%\]' || true

# deterministic: every target over its saved inputs, then FUZZ_RUNS inputs from FUZZ_SEED
fuzz-check: fuzz-build
	$(foreach t,$(FUZZ_TARGETS),tests/fuzz/check.sh $(FUZZ_BUILD)/tests/fuzz/$(t) $(FUZZ_SEED) $(FUZZ_RUNS) $(FUZZ_CORPUS_$(t)) &&) true

# open-ended random campaigns: each target under libFuzzer for FUZZ_SECONDS
fuzz: fuzz-build
	$(foreach t,$(FUZZ_TARGETS),tests/fuzz/run.sh $(FUZZ_BUILD)/tests/fuzz/$(t) $(FUZZ_SECONDS) &&) true

# rewrites the key tables of docs/scenario-reference.md from the schema (scenarios/schema.c)
docs-keys: build
	scripts/scenario-reference-keys.py $(BUILD)/hapgsim docs/scenario-reference.md

bench: build
	$(BUILD)/bench/hold
	$(BUILD)/bench/mm1

clean:
	rm -rf $(BUILD) $(RELEASE_BUILD) $(ASAN_BUILD) $(FUZZ_BUILD)
