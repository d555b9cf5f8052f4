# mfweights: plain GNU make.  `make`, `make check`, `make install`.
# Sanitizer builds live in their own directories: `make asan-check`,
# `make tsan-check`.  CI adds WERROR=1.

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
LIBEXECDIR ?= $(PREFIX)/libexec/mfweights
# The built-in --dataset presets go to $(DATADIR)/datasets.
DATADIR ?= $(PREFIX)/share/mfweights
MANDIR ?= $(PREFIX)/share/man
# Shell completions, where bash-completion, zsh (Debian's fpath for /usr)
# and fish look for them.
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR ?= $(PREFIX)/share/zsh/vendor-completions
FISHCOMPDIR ?= $(PREFIX)/share/fish/vendor_completions.d
DESTDIR ?=

CC ?= cc
PKG_CONFIG ?= pkg-config
BUILD ?= build
CFLAGS ?= -O2 -g
SAN ?=

WARN = -std=c17 -Wall -Wextra -Wshadow -Wcast-qual -Wstrict-prototypes \
	-Wmissing-prototypes -Wwrite-strings -Wformat=2 -Wundef -Wvla
ifeq ($(WERROR),1)
WARN += -Werror
endif
ifneq ($(SAN),)
SANFLAGS = -fsanitize=$(SAN) -fno-sanitize-recover=all -fno-omit-frame-pointer
endif

PKGS = libpng libtiff-4 libdeflate jansson libarchive libcurl
PKG_CFLAGS := $(shell $(PKG_CONFIG) --cflags $(PKGS))
# libcurl: its headers only; remote.c loads it (dlopen) for URL operands.
PKG_LIBS := $(shell $(PKG_CONFIG) --libs $(filter-out libcurl,$(PKGS)))
HAVE_GDAL := $(shell $(PKG_CONFIG) --exists gdal && echo 1)

ALL_CFLAGS = $(WARN) -D_GNU_SOURCE -DLIBEXECDIR='"$(LIBEXECDIR)"' \
	-DDATADIR='"$(DATADIR)"' \
	$(PKG_CFLAGS) $(CPPFLAGS) $(CFLAGS) $(SANFLAGS) -pthread -MMD -MP
ALL_LDFLAGS = $(LDFLAGS) $(SANFLAGS) -pthread

CORE = src/run.c src/tally.c src/parts.c src/perimg.c src/progress.c \
	src/report.c src/output.c src/counts.c src/enums.c \
	src/scan.c src/pool.c src/count.c src/decode.c \
	src/decode_png.c src/decode_pngfast.c src/inflate_check.c \
	src/decode_tiff.c \
	src/dec_gdal.c src/weights.c src/emit.c src/msg.c src/util.c \
	src/merge.c src/labels.c src/fdio.c src/archive.c src/flight.c \
	src/remote.c \
	src/records.c src/sampling.c src/sample.c src/stratify.c src/split.c \
	src/plot.c src/dataset.c src/prov.c src/faults.c src/usage.c \
	src/layout.c src/photo.c src/prefetch.c src/lineread.c src/nodata.c \
	src/tiff_io.c
CORE_OBJ = $(CORE:src/%.c=$(BUILD)/%.o)
UNIT = $(wildcard tests/unit/test_*.c)
UNIT_BIN = $(UNIT:tests/unit/%.c=$(BUILD)/%)
TOOLS = $(wildcard tests/tools/*.c)
TOOL_BIN = $(TOOLS:tests/tools/%.c=$(BUILD)/%)

PROGS = $(BUILD)/mfweights
ifeq ($(HAVE_GDAL),1)
PROGS += $(BUILD)/mfweights-gdal
GDAL_CFLAGS := $(shell $(PKG_CONFIG) --cflags gdal)
GDAL_LIBS := $(shell $(PKG_CONFIG) --libs gdal)
endif

all: $(PROGS)
ifeq ($(HAVE_GDAL),1)
	@echo "mfweights: building with the GDAL reader ($(BUILD)/mfweights-gdal)"
else
	@echo "mfweights: building without GDAL (libgdal-dev not found): TIFF and PNG only"
endif

$(BUILD)/%.o: src/%.c | $(BUILD)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

# main.o embeds LIBEXECDIR (where it looks for the GDAL helper): rebuild
# it whenever the value differs from the last build's.
$(BUILD)/libexecdir.stamp: FORCE | $(BUILD)
	@echo '$(LIBEXECDIR) $(DATADIR)' | cmp -s - $@ || \
	    echo '$(LIBEXECDIR) $(DATADIR)' >$@
$(BUILD)/main.o $(BUILD)/dataset.o: $(BUILD)/libexecdir.stamp
FORCE:

$(BUILD)/mfweights: $(BUILD)/main.o $(CORE_OBJ)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(PKG_LIBS) -lm

$(BUILD)/gdal/%.o: src/gdal/%.c | $(BUILD)
	@mkdir -p $(BUILD)/gdal
	$(CC) $(ALL_CFLAGS) $(GDAL_CFLAGS) -c -o $@ $<

# The helper: every file of src/gdal/, the shared fd loops (fdio.c) and
# the counting kernels (count.c).
HELPER_OBJ = $(patsubst src/gdal/%.c,$(BUILD)/gdal/%.o,$(wildcard src/gdal/*.c)) \
	$(BUILD)/gdal/fdio.o $(BUILD)/gdal/count.o

$(BUILD)/gdal/fdio.o $(BUILD)/gdal/count.o: $(BUILD)/gdal/%.o: src/%.c | $(BUILD)
	@mkdir -p $(BUILD)/gdal
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/mfweights-gdal: $(HELPER_OBJ)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(GDAL_LIBS) -lm

$(BUILD)/test_%: tests/unit/test_%.c $(CORE_OBJ) | $(BUILD)
	$(CC) $(ALL_CFLAGS) -Isrc -o $@ $< $(CORE_OBJ) $(PKG_LIBS) -lm

$(BUILD)/%: tests/tools/%.c | $(BUILD)
	$(CC) $(ALL_CFLAGS) -Isrc -o $@ $< $(PKG_LIBS) -lm

$(BUILD):
	mkdir -p $(BUILD)

check: all $(UNIT_BIN) $(TOOL_BIN)
	sh tests/run.sh $(BUILD)

# Speed against the tools users run today (not part of check): installs
# the Python peers from Debian if missing, generates seeded data sets in
# bench/.cache once; BENCH_ARGS go to bench/bench.py (e.g. --sets gray3).
bench: all $(BUILD)/bench-floor $(BUILD)/mkpng
	sh bench/run.sh $(BUILD) $(BENCH_ARGS)

$(BUILD)/bench-floor: bench/floor.c | $(BUILD)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(PKG_LIBS)

# Fuzzing.  Each tests/fuzz/fuzz_NAME.c harness drives one
# decoder through fuzz_common.c (png, tiff, gdal; pngz mutates the DEFLATE
# stream of a PNG and keeps its checksums right) or one parser (counts
# documents, tables, --files-from lists, per-image records, the command line: opts).  Linked with fuzz_main.c it is
# $(BUILD)/replay_NAME: any compiler, run by `make check` (tests/cli/
# fuzz_replay.sh) over tests/bad and the generated seeds.  `make fuzz`
# builds the libFuzzer targets with clang in $(FUZZ_BUILD) and runs each
# for FUZZ_TIME seconds (tests/fuzz/run.sh; corpora in $(FUZZ_BUILD)/
# corpus, crashes in $(FUZZ_BUILD)/crash); `make fuzz-replay` replays
# tests/bad and the corpora through the gcc replay drivers.
FUZZ_TIME ?= 60
FUZZ_BUILD ?= build-fuzz
FUZZ_CC ?= clang
FUZZ_NAMES = png pngz tiff counts tables list records opts
ifeq ($(HAVE_GDAL),1)
FUZZ_NAMES += gdal
endif
FUZZ_HELPER ?= $(abspath $(BUILD))/mfweights-gdal
FUZZ_SRC = tests/fuzz/fuzz_common.c tests/fuzz/fuzz_pngdiff.c
# zlib: the PNG harnesses' reference inflate (libpng's own).
FUZZ_LIBS = $(PKG_LIBS) -lz -lm
FUZZ_CFLAGS = $(ALL_CFLAGS) -Isrc -Itests/fuzz \
	-DFUZZ_GDAL_HELPER='"$(FUZZ_HELPER)"'
REPLAY_BIN = $(FUZZ_NAMES:%=$(BUILD)/replay_%)
FUZZ_BIN = $(FUZZ_NAMES:%=$(BUILD)/fuzz_%)

$(BUILD)/replay_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz_main.c $(FUZZ_SRC) \
    tests/fuzz/fuzz.h $(CORE_OBJ) | $(BUILD)
	$(CC) $(FUZZ_CFLAGS) -o $@ $(filter %.c,$^) $(CORE_OBJ) $(FUZZ_LIBS)

$(BUILD)/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_SRC) tests/fuzz/fuzz.h \
    $(CORE_OBJ) | $(BUILD)
	$(CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $(filter %.c,$^) \
	    $(CORE_OBJ) $(FUZZ_LIBS)

fuzz-build: $(FUZZ_BIN)

fuzz: all $(TOOL_BIN)
	$(MAKE) BUILD=$(FUZZ_BUILD) CC=$(FUZZ_CC) SAN=address,undefined \
	    CFLAGS="-O1 -g -fsanitize=fuzzer-no-link" \
	    FUZZ_HELPER=$(abspath $(BUILD))/mfweights-gdal fuzz-build
	sh tests/fuzz/run.sh $(BUILD) $(FUZZ_BUILD) $(FUZZ_TIME) $(FUZZ_NAMES)

fuzz-replay: all $(TOOL_BIN) $(REPLAY_BIN)
	sh tests/fuzz/replay.sh $(BUILD) $(FUZZ_BUILD) $(FUZZ_NAMES)

# tests/cli/fuzz_replay.sh needs the replay drivers.
check: $(REPLAY_BIN)

.PHONY: fuzz fuzz-build fuzz-replay

# The Debian package (debian/), built in a copy of this tree, linted,
# installed, used and purged: tests/deb/check.sh.  Not part of check: it
# installs build dependencies with apt-get and takes the dpkg lock, so it
# runs as root, once (CI runs it after the plain check).
deb-check:
	sh tests/deb/check.sh

# The bundled sample: the README's first command.
sample: all
	$(BUILD)/mfweights data/masks --classes 4 --ignore 255

asan-check:
	$(MAKE) BUILD=build-asan SAN=address,undefined CFLAGS="-O1 -g" check

tsan-check:
	$(MAKE) BUILD=build-tsan SAN=thread CFLAGS="-O1 -g" check

lint-man:
	mandoc -T lint -W warning man/mfweights.1

# The manual names the helper's and the presets' default places: give it
# the real ones.
install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1
	install -m 755 $(BUILD)/mfweights $(DESTDIR)$(BINDIR)/mfweights
	sed -e 's|/usr/local/libexec/mfweights|$(LIBEXECDIR)|' \
	    -e 's|/usr/local/share/mfweights|$(DATADIR)|' man/mfweights.1 \
	    >$(DESTDIR)$(MANDIR)/man1/mfweights.1
	chmod 644 $(DESTDIR)$(MANDIR)/man1/mfweights.1
	install -d $(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR) \
	    $(DESTDIR)$(FISHCOMPDIR)
	install -m 644 completions/mfweights.bash \
	    $(DESTDIR)$(BASHCOMPDIR)/mfweights
	install -m 644 completions/_mfweights $(DESTDIR)$(ZSHCOMPDIR)/_mfweights
	install -m 644 completions/mfweights.fish \
	    $(DESTDIR)$(FISHCOMPDIR)/mfweights.fish
	install -d $(DESTDIR)$(DATADIR)/datasets
	install -m 644 data/datasets/*.json $(DESTDIR)$(DATADIR)/datasets
ifeq ($(HAVE_GDAL),1)
	install -d $(DESTDIR)$(LIBEXECDIR)
	install -m 755 $(BUILD)/mfweights-gdal $(DESTDIR)$(LIBEXECDIR)/mfweights-gdal
endif

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/mfweights $(DESTDIR)$(MANDIR)/man1/mfweights.1
	rm -f $(DESTDIR)$(BASHCOMPDIR)/mfweights \
	    $(DESTDIR)$(ZSHCOMPDIR)/_mfweights \
	    $(DESTDIR)$(FISHCOMPDIR)/mfweights.fish
	rm -f $(DESTDIR)$(LIBEXECDIR)/mfweights-gdal
	rm -f $(addprefix $(DESTDIR)$(DATADIR)/datasets/, \
	    $(notdir $(wildcard data/datasets/*.json)))
	-rmdir $(DESTDIR)$(DATADIR)/datasets $(DESTDIR)$(DATADIR) 2>/dev/null
	-rmdir $(DESTDIR)$(LIBEXECDIR) 2>/dev/null

clean:
	rm -rf build build-asan build-tsan $(FUZZ_BUILD)

.PHONY: FORCE all bench check deb-check sample asan-check tsan-check lint-man install uninstall clean

-include $(wildcard $(BUILD)/*.d $(BUILD)/gdal/*.d)
