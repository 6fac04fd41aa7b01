# aicert - build, run, test.
#
#   make          build ./aicert
#   make run      install missing Debian packages (as root), build, serve
#                 the bundled content on 127.0.0.1:8080 (database in var/)
#   make test     unit and HTTP tests against a real server
#   make check    the same tests under AddressSanitizer + UBSan
#   make fuzz     libFuzzer targets (clang), FUZZ_SECONDS each
#   make clean

CC      ?= cc
PKGS    := libmicrohttpd sqlite3 libsodium jansson libxml-2.0
WARN    := -Wall -Wextra -Wformat=2 -Wshadow -Wstrict-prototypes \
           -Wmissing-prototypes -Wpointer-arith -Wvla
CFLAGS  ?= -O2 -g
ALL_CFLAGS = -std=c11 -D_GNU_SOURCE $(WARN) $(CFLAGS) -Isrc \
           $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
LIBS    := $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lpthread -lm

SRC := arena buf utf8 question store schema account password session \
       ratelimit keys i18n tmpl route pool http assets signin routes \
       api_session ui_auth ui_home cmd_init cmd_serve cmd_user
TESTS := harness main testsrv test_core test_http

B ?= build
OBJ  := $(SRC:%=$(B)/%.o)
TOBJ := $(TESTS:%=$(B)/tests/%.o)
SAN  := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined

.PHONY: all run test check fuzz clean deps bench
all: aicert

deps:
	@sh tools/deps.sh

aicert: $(B)/aicert
	cp $(B)/aicert aicert

$(B)/aicert: $(B)/main.o $(B)/libaicert.a
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(LIBS)

$(B)/libaicert.a: $(OBJ)
	rm -f $@ && ar rcs $@ $^

$(B)/%.o: src/%.c src/*.h | $(B)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(B)/tests/%.o: tests/%.c tests/*.h src/*.h | $(B)
	$(CC) $(ALL_CFLAGS) -Itests -c -o $@ $<

$(B)/test-runner: $(TOBJ) $(B)/libaicert.a
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(LIBS)

$(B):
	mkdir -p $(B)/tests

run: deps
	$(MAKE) aicert
	./aicert serve --listen 127.0.0.1:8080

test: deps
	$(MAKE) aicert $(B)/test-runner
	AICERT_BIN=./$(B)/aicert ./$(B)/test-runner

check: deps
	$(MAKE) B=build-asan CFLAGS="-O1 -g $(SAN)" build-asan/aicert build-asan/test-runner
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	AICERT_BIN=./build-asan/aicert ./build-asan/test-runner

clean:
	rm -rf build build-asan build-fuzz aicert

BENCH := bench_signin
bench: deps
	$(MAKE) aicert $(BENCH:%=$(B)/bench/%)
	@for b in $(BENCH); do echo "== $$b"; AICERT_BIN=./$(B)/aicert ./$(B)/bench/$$b || exit 1; done

$(B)/bench/%: bench/%.c $(B)/tests/testsrv.o $(B)/libaicert.a | $(B)
	@mkdir -p $(B)/bench
	$(CC) $(ALL_CFLAGS) -Itests -o $@ $^ $(LIBS)
