# hapgsim front door.  `make demo` and `make check` work on a fresh Debian 12 machine
# as root: they install what is missing, configure, build, then run.
BUILD      ?= build
ASAN_BUILD ?= build-asan
FUZZ_BUILD ?= build-fuzz
FUZZ_SECONDS ?= 60
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)
CMAKE_ARGS ?=
MAKEFLAGS  += --no-print-directory

.PHONY: all deps build demo check test test-asan fuzz bench clean

all: build

deps:
	@scripts/install-deps.sh

build: deps
	@cmake -S . -B $(BUILD) $(CMAKE_ARGS) >/dev/null
	@cmake --build $(BUILD) -j $(JOBS) | grep -v -E '^\[ *[0-9]+%\]' || true
	@test -x $(BUILD)/hapgsim

# the reference article's study: two HSMs in two zones, autoRecovery every 60 s
demo: build
	$(BUILD)/hapgsim run scenarios/reference-two-az.yaml

# every test, in the normal build and under AddressSanitizer + UBSan, then a fuzz run
check: test test-asan fuzz

test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

test-asan: deps
	@cmake -S . -B $(ASAN_BUILD) -DHAPGSIM_SANITIZE=ON -DHAPGSIM_BUILD_BENCH=OFF $(CMAKE_ARGS) >/dev/null
	@cmake --build $(ASAN_BUILD) -j $(JOBS) | grep -v -E '^\[ *[0-9]+%\]' || true
	cd $(ASAN_BUILD) && ctest --output-on-failure -j $(JOBS)

# the scenario loader under libFuzzer (clang, ASan + UBSan) for FUZZ_SECONDS
fuzz: deps
	@cmake -S . -B $(FUZZ_BUILD) -DCMAKE_C_COMPILER=clang -DHAPGSIM_FUZZ=ON \
	    -DHAPGSIM_SANITIZE=ON -DHAPGSIM_LTO=OFF -DHAPGSIM_BUILD_TESTS=OFF \
	    -DHAPGSIM_BUILD_BENCH=OFF $(CMAKE_ARGS) >/dev/null
	@cmake --build $(FUZZ_BUILD) -j $(JOBS) --target fuzz_scenario | grep -v -E '^\[ *[0-9]+%\]' || true
	tests/fuzz/run.sh $(FUZZ_BUILD)/tests/fuzz/fuzz_scenario $(FUZZ_SECONDS)

bench: build
	$(BUILD)/bench/hold
	$(BUILD)/bench/mm1

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD)
