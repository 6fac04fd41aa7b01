# aicert - build, run, test.
#
#   make          build ./aicert (and build/aicert: either finds the templates
#                 and questions of this checkout); objects under build/src/,
#                 version from `git describe` (aicert --version)
#   make run      install missing Debian packages (as root), build, serve
#                 the bundled content on 127.0.0.1:8080 (database in var/)
#   make test     unit and HTTP tests against a real server
#   make check    the same tests under AddressSanitizer + UBSan
#   make fuzz     libFuzzer targets (clang), FUZZ_SECONDS each
#   make crashtest  kill -9 the server 25 times under load; nothing acknowledged lost,
#                 no passed attempt left without its certificate
#   make oomtest  parsers and the PDF under an allocator failing the Nth allocation
#   make test-pg  the HTTP and attack tests on a throwaway PostgreSQL
#   make hatest   two aicert nodes on a loopback Patroni + etcd cluster: the
#                 primary, a node and the standby's link killed HA_ROUNDS times
#   make hatest-pg  a loopback Patroni + etcd PostgreSQL cluster: kill the primary
#                 3 times under a libpq writer; every acknowledged row kept once
#   make clean

CC      ?= cc
PKGS    := libmicrohttpd sqlite3 libsodium jansson libxml-2.0 \
           harfbuzz harfbuzz-subset libqrencode zlib libpng libcurl libpq
WARN    := -Wall -Wextra -Wformat=2 -Wshadow -Wstrict-prototypes \
           -Wmissing-prototypes -Wpointer-arith -Wvla
CFLAGS  ?= -O2 -g

# The sources: every .c of src/ and of its subfolders, each folder on the
# include path; main.c is the binary's entry point, the rest libaicert.a.
SRCS    := $(wildcard src/*.c src/*/*.c)
LIBSRCS := $(filter-out %/main.c,$(SRCS))
MAINSRC := $(filter %/main.c,$(SRCS))
INCS    := $(addprefix -I,$(patsubst %/,%,$(sort $(dir $(SRCS) $(wildcard src/*/*.h)))))

ALL_CFLAGS = -std=c11 -D_GNU_SOURCE $(WARN) $(CFLAGS) $(INCS) \
           $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
LIBS    := $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lhpdf -lunistring -lcsv -lz -lpthread -lm

# The version: `git describe` of the checkout, "unknown" outside one; set
# AICERT_VERSION=... to override. Only version.o is rebuilt when it changes.
AICERT_VERSION ?= $(shell git describe --always --dirty 2>/dev/null || echo unknown)

# The runner: its helpers and every tests/test_*.c; the groups and their
# order are listed once, in tests/groups.def.
TESTS := harness main testsrv websess qbuild \
       $(patsubst tests/%.c,%,$(wildcard tests/test_*.c))
# Every tests/fuzz/fuzz_NAME.c is a target: make fuzz runs it, and the test
# runner replays its saved inputs through build/replay_NAME.
FUZZ  := $(patsubst tests/fuzz/fuzz_%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
FUZZ_SECONDS ?= 60
# FUZZ_RUNS=N: each target runs N inputs instead of FUZZ_SECONDS.
FUZZ_LIMIT = $(if $(FUZZ_RUNS),-runs=$(FUZZ_RUNS),-max_total_time=$(FUZZ_SECONDS))
FUZZ_MAX_LEN ?= 16384

B ?= build
# Objects mirror the source tree under $(B): src/d/x.c -> $(B)/src/d/x.o.
OBJ  := $(LIBSRCS:%.c=$(B)/%.o)
MOBJ := $(MAINSRC:%.c=$(B)/%.o)
TOBJ := $(TESTS:%=$(B)/tests/%.o)
SAN  := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined

.PHONY: all run test check fuzz clean deps bench browser-test npm-deps crashtest oomtest FORCE cert-sample test-pg pg-schema-test hatest hatest-pg
all: aicert

deps:
	@sh tools/deps.sh

aicert: $(B)/aicert
	cp $(B)/aicert aicert.tmp && mv -f aicert.tmp aicert

$(B)/aicert: $(MOBJ) $(B)/libaicert.a
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(LIBS)

$(B)/libaicert.a: $(OBJ)
	rm -f $@ && ar rcs $@ $^

# Each object also writes its header dependencies ($(B)/.../x.d).
$(B)/src/%.o: src/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(B)/tests/%.o: tests/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Itests -MMD -MP -c -o $@ $<

# Rewritten only when the version changes, so version.o is rebuilt then.
$(B)/version.txt: FORCE
	@mkdir -p $(@D)
	@echo '$(AICERT_VERSION)' | cmp -s - $@ || echo '$(AICERT_VERSION)' > $@

$(B)/src/base/version.o: $(B)/version.txt
$(B)/src/base/version.o: ALL_CFLAGS += -DAICERT_VERSION='"$(AICERT_VERSION)"'

-include $(OBJ:.o=.d) $(MOBJ:.o=.d) $(TOBJ:.o=.d)

$(B)/test-runner: $(TOBJ) $(B)/libaicert.a $(FUZZ:%=$(B)/replay_%)
	$(CC) $(ALL_CFLAGS) -o $@ $(TOBJ) $(B)/libaicert.a $(LIBS)

# Each fuzz target also builds as a plain replayer of its saved inputs.
$(B)/replay_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c $(B)/libaicert.a
	$(CC) $(ALL_CFLAGS) -Itests -o $@ $^ $(LIBS)

$(B):
	mkdir -p $(B)/tests

run: deps
	$(MAKE) aicert
	./aicert serve --listen 127.0.0.1:8080

test: deps
	$(MAKE) aicert $(B)/test-runner npm-deps
	AICERT_BIN=./$(B)/aicert ./$(B)/test-runner
	$(MAKE) oomtest
	$(MAKE) browser-test

# The npm packages the tests use as independent checkers (tests/browser/:
# playwright-core for Chromium, ajv for JSON schemas, @digitalbazaar's
# verifiers for credentials), installed from the lock file whenever it is
# newer than what node_modules holds. Before the test runner: some C tests
# call these checkers.
npm-deps:
	@if command -v npm >/dev/null && { [ ! -f tests/browser/node_modules/.package-lock.json ] || \
	    [ tests/browser/package-lock.json -nt tests/browser/node_modules/.package-lock.json ]; }; then \
	  (cd tests/browser && npm ci --no-audit --no-fund --silent) || echo "tests: npm ci failed"; \
	fi

# The pages in Debian's headless Chromium (tests/browser/NAME.test.mjs for
# each NAME in BROWSER_TESTS). A test
# exits 77 when Chromium, Node.js or playwright-core is missing: a skip on
# a developer's machine, a failure in CI (CI set).
BROWSER_TESTS = exam room share issuer revoke trust credential names consent mail erase journey blueprint competency learner-home cohort frameworks a11y
browser-test: $(B)/aicert npm-deps
	@if command -v node >/dev/null; then \
	  rc=0; for t in $(BROWSER_TESTS); do \
	    AICERT_BIN=./$(B)/aicert node tests/browser/$$t.test.mjs; rc=$$?; \
	    [ $$rc -eq 0 ] || break; \
	  done; \
	else \
	  echo "browser test skipped: node is missing (make deps as root)"; rc=77; \
	fi; \
	if [ $$rc -eq 77 ] && [ -z "$${CI:-}" ]; then exit 0; fi; exit $$rc

check: deps
	$(MAKE) B=build-asan CFLAGS="-O1 -g $(SAN)" build-asan/aicert build-asan/test-runner
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	AICERT_BIN=./build-asan/aicert ./build-asan/test-runner

# libFuzzer (clang): every target runs FUZZ_SECONDS, seeded from the bundled
# banks, the conformance files when ../shared exists, and the saved inputs;
# whatever crashes lands in tests/fuzz/regress/TARGET/ for make test.
fuzz: deps
	$(MAKE) B=build-fuzz CC=clang CFLAGS="-O1 -g -fsanitize=fuzzer-no-link,address,undefined" build-fuzz/libaicert.a
	@for t in $(FUZZ); do \
	  clang -std=c11 -D_GNU_SOURCE -O1 -g -fsanitize=fuzzer,address,undefined $(INCS) -Itests \
	    $$(pkg-config --cflags $(PKGS)) -o build-fuzz/fuzz_$$t tests/fuzz/fuzz_$$t.c \
	    build-fuzz/libaicert.a $(LIBS) || exit 1; \
	  mkdir -p build-fuzz/corpus/$$t tests/fuzz/regress/$$t; \
	  cp -n questions/*.gift questions/exams/*.json build-fuzz/corpus/$$t/ 2>/dev/null; \
	  [ -d ../shared/conformance ] && find ../shared/conformance -type f \
	    \( -name '*.gift' -o -name '*.txt' -o -name '*.xml' -o -name '*.json' \) \
	    -exec cp -n {} build-fuzz/corpus/$$t/ \; ; \
	  echo "== fuzz $$t ($(if $(FUZZ_RUNS),$(FUZZ_RUNS) runs,$(FUZZ_SECONDS) s))"; \
	  ./build-fuzz/fuzz_$$t $(FUZZ_LIMIT) -max_len=$(FUZZ_MAX_LEN) -print_final_stats=1 \
	    -artifact_prefix=tests/fuzz/regress/$$t/ build-fuzz/corpus/$$t \
	    tests/fuzz/regress/$$t || exit 1; \
	done

clean:
	rm -rf build build-asan build-fuzz aicert

BENCH := bench_signin bench_import bench_saves bench_cert bench_download bench_examday
# The saves and verification benchmarks also run on a throwaway PostgreSQL
# (tests/pg/pgtmp.sh) when postgresql-15 is installed: as root it is; a
# user who cannot install it gets the SQLite figures and a "skipped" line.
bench:
	@sh tools/deps.sh bench
	@sh tools/deps.sh pg || echo "bench: no postgresql-15: the PostgreSQL column is skipped"
	$(MAKE) aicert $(BENCH:%=$(B)/bench/%)
	@for b in $(BENCH); do echo "== $$b"; AICERT_BIN=./$(B)/aicert ./$(B)/bench/$$b || exit 1; done

# The parsers and the PDF under an allocator that fails the Nth
# allocation, for every N (tests/oom.c); plain build, no sanitizers.
oomtest: $(B)/oomtest
	./$(B)/oomtest

$(B)/oomtest: tests/oom.c $(B)/libaicert.a
	$(CC) $(ALL_CFLAGS) -Itests -o $@ $^ $(LIBS)

# The HTTP, attack and exam-day tests again with every test server on a
# throwaway PostgreSQL 15 (tests/pg/pgtmp.sh; a database per server):
# the same routes, roles and answers on the second backend. Groups whose
# checks open the SQLite file themselves are not in the list.
PG_GROUPS := http,attempt,cert,console,stats,console_ui,users,sittings,lost_time,seb,proctor,report,revoke,sec_auth,names,attack,blueprint,comp_results,cohort,programme,competency,migrate
test-pg: deps
	@sh tools/deps.sh pg
	$(MAKE) aicert $(B)/test-runner
	@dir=$$(mktemp -d /tmp/aicert-pg-XXXXXX) && rmdir $$dir && \
	  sh tests/pg/pgtmp.sh start $$dir >/dev/null || exit 1; \
	  port=$$(sed 's/.*port=\([0-9]*\).*/\1/' $$dir/conninfo); \
	  AICERT_TEST_PG=postgresql://aicert@127.0.0.1:$$port AICERT_BIN=./$(B)/aicert \
	    ./$(B)/test-runner $(PG_GROUPS); rc=$$?; \
	  sh tests/pg/pgtmp.sh stop $$dir; exit $$rc

# The PostgreSQL schema (src/base/schema_pg.c) against SQLite's, on a
# throwaway PostgreSQL 15 (tests/pg/pgtmp.sh): every migration applied,
# tables, columns, keys, indexes, views and the data migrations compared.
pg-schema-test:
	@sh tools/deps.sh pg
	$(MAKE) $(B)/pg-schema-test
	./$(B)/pg-schema-test

$(B)/pg-schema-test: tests/pg/schema_pg_test.c $(B)/libaicert.a
	$(CC) $(ALL_CFLAGS) $$(pkg-config --cflags libpq) -o $@ $^ $(LIBS) $$(pkg-config --libs libpq)

# kill -9 the server 25 times under a saving load and while certificate
# exams are passed; prove that every acknowledged save survived, deadlines
# held, the database is intact, and every passed attempt ends with exactly
# one certificate and its PDF (made on the next start).
crashtest:
	$(MAKE) aicert $(B)/bench/crashtest
	AICERT_BIN=./$(B)/aicert ./$(B)/bench/crashtest

# The HA selftest's writer links libpq only (tests/ha/pgload.c); the
# cluster runs as the postgres user when make runs as root (cluster.py).
HA_ROUNDS ?= 3
# aicert on that cluster: two nodes, learners saving through either while
# the primary's machine, an aicert node and the standby's link die, round
# after round; every acknowledged save stored once, deadlines moved by the
# outages, failover times printed. HA_ROUNDS rounds of three events each.
hatest:
	@sh tools/deps.sh ha
	$(MAKE) aicert
	AICERT_BIN=./$(B)/aicert python3 tests/ha/hatest.py --rounds $(HA_ROUNDS)

hatest-pg:
	@sh tools/deps.sh ha
	$(MAKE) $(B)/ha/pgload
	python3 tests/ha/cluster.py --selftest $(HA_ROUNDS) --pgload $(B)/ha/pgload

$(B)/ha/pgload: tests/ha/pgload.c | $(B)
	@mkdir -p $(B)/ha
	$(CC) -std=c11 -D_GNU_SOURCE $(WARN) $(CFLAGS) $$(pkg-config --cflags libpq) -o $@ $< $$(pkg-config --libs libpq)

# The sample certificate docs/certificates.md shows: rendered by
# bench/cert_sample.c (logo, seal, signing officer), drawn by poppler.
cert-sample: $(B)/bench/cert_sample
	./$(B)/bench/cert_sample $(B)/cert-sample.pdf
	@mkdir -p docs/img
	pdftoppm -r 60 -png -singlefile $(B)/cert-sample.pdf docs/img/certificate

$(B)/bench/benchlib.o: bench/benchlib.c bench/benchlib.h | $(B)
	@mkdir -p $(B)/bench
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(B)/bench/%: bench/%.c $(B)/bench/benchlib.o $(B)/tests/testsrv.o $(B)/libaicert.a | $(B)
	@mkdir -p $(B)/bench
	$(CC) $(ALL_CFLAGS) -Itests -Ibench -o $@ $^ $(LIBS)
