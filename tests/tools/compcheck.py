#!/usr/bin/env python3
"""compcheck.py MAIN_C ENUMS_C BASH ZSH FISH: the shell completions
against the option table.

Reads the long options of MAIN_C's getopt_long table (with whether each
takes a value and its short letter), the subcommands MAIN_C dispatches
on (strcmp(argv[1], "NAME"), or "mfweights NAME" in its mode_names
table), and the value tables of ENUMS_C; then, for
each of the bash, zsh and fish completion files, the options it
completes, whether it expects a value after each, the short letters, the
values it offers for the enum options and the subcommands.  Prints one
line per disagreement and exits 1 if there is any, else prints a summary
and exits 0.  Used by tests/cli/comp_options.sh.
"""

import re
import sys

# enums.c table -> the option whose values it lists.  A new table must be
# added here, so that its option's values are checked too.
ENUM_OPTIONS = {
    "format_names": "format",
    "decoder_names": "decoder",
    "method_names": "method",
    "norm_names": "normalize",
    "unknown_color_names": "unknown-color",
    "sampling_names": "sampling",
    "sample_format_names": "sample-format",
}

# Options the completions know before src/main.c does: the --dataset
# presets come from another branch.  Each is allowed only while main.c
# lacks it; once there, it is checked like every other.
PENDING = {}


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def main_table(text):
    """{long: (takes_value, short or None)}, [subcommands]."""
    opts = {}
    for m in re.finditer(
            r'\{"([a-z0-9][a-z0-9-]*)",\s*(required_argument|no_argument|'
            r'optional_argument),\s*NULL,\s*([^}]*)\}', text):
        short = re.fullmatch(r"\s*'(.)'\s*", m.group(3))
        opts[m.group(1)] = (m.group(2) != "no_argument",
                            short.group(1) if short else None)
    subs = set(re.findall(r'strcmp\(\s*argv\[1\],\s*"([a-z-]+)"\)', text))
    # The subcommands of the mode table: "mfweights NAME" entries.
    m = re.search(r"mode_names\[\]\s*=\s*\{([^}]*)\}", text)
    if m:
        subs |= set(re.findall(r'"mfweights ([a-z-]+)"', m.group(1)))
    return opts, sorted(subs)


def enum_tables(text):
    tables = {}
    for m in re.finditer(r"(\w+)\[\]\s*=\s*\{([^}]*)\}", text):
        tables[m.group(1)] = re.findall(r'"([^"]*)"', m.group(2))
    return tables


BASH_ARMS = []


def parse_bash(text):
    def words(var):
        m = re.search(r'local %s="([^"]*)"' % var, text)
        return m.group(1).split() if m else []

    opts = {}
    for w in words("opts_arg"):
        opts[w[2:]] = [True, None]
    for w in words("opts_flag"):
        opts[w[2:]] = [False, None]
    shorts = {}
    for w in words("shorts"):
        s, lo = w.split("=--")
        shorts[s[1:]] = opts.get(lo, (None,))[0]
        if lo in opts:
            opts[lo][1] = s[1:]
    # Case arms on $prev: an option and its short form go together, and
    # the arm's compgen -W words are the option's values.
    values = {}
    for m in re.finditer(r"^\t((?:-[-a-z0-9]+)(?: \| -[-a-z0-9]+)*(?: \|"
                         r" \\\n\t    (?:-[-a-z0-9]+)(?: \| -[-a-z0-9]+)*)*)"
                         r"\)\n(.*?);;", text, re.M | re.S):
        names = {n.strip() for n in re.split(r"\||\\\n", m.group(1))}
        for lo in [n[2:] for n in names if n.startswith("--")]:
            short = opts.get(lo, (None, None))[1]
            if short and "-" + short not in names:
                BASH_ARMS.append("case arm of --%s lacks -%s" % (lo, short))
        w = re.search(r"compgen -W '([^']*)'", m.group(2))
        for lo in [n[2:] for n in names if n.startswith("--")]:
            if w:
                values[lo] = w.group(1).split()
    subs = []
    m = re.search(r"cword == 1.*?compgen -W '([^']*)'", text, re.S)
    if m:
        subs = m.group(1).split()
    return ({k: tuple(v) for k, v in opts.items()}, shorts, values,
            sorted(subs))


def parse_zsh(text):
    block = re.search(r"opts=\(\n(.*?)\n\t\)", text, re.S)
    opts, shorts, values = {}, {}, {}
    for line in (block.group(1).splitlines() if block else []):
        spec = line.strip()
        # Drop an exclusion list '(...)' and a repeat mark '*'.
        spec = re.sub(r"^'\([^)]*\)'", "", spec)
        spec = re.sub(r"^'\*'", "", spec).lstrip("'*")
        head = spec.split("[", 1)[0]
        names = re.findall(r"(--?[a-zA-Z0-9][a-z0-9-]*)([=+]?)", head)
        longs = [(n[2:], bool(s)) for n, s in names if n.startswith("--")]
        for n, s in names:
            if not n.startswith("--"):
                shorts[n[1:]] = bool(s)
        for lo, arg in longs:
            short = next((n[1:] for n, s in names
                          if not n.startswith("--")), None)
            opts[lo] = (arg, short)
            v = re.search(r"\]:[^:]*:\(([^)]*)\)'$", spec)
            if v:
                values[lo] = v.group(1).split()
    m = re.search(r"subcommand:\(\((.*?)\)\)", text)
    subs = re.findall(r"([a-z-]+)\\:", m.group(1)) if m else []
    return opts, shorts, values, sorted(subs)


def parse_fish(text):
    opts, shorts, values, subs = {}, {}, {}, []
    for line in text.splitlines():
        if not line.startswith("complete -c mfweights "):
            continue
        if "__fish_use_subcommand" in line:
            subs += re.search(r" -a (\S+)", line).group(1).split()
            continue
        lo = re.search(r" -l (\S+)", line)
        s = re.search(r" -s (\S)", line)
        arg = bool(re.search(r" -[rx]\b", line))
        if lo:
            opts[lo.group(1)] = (arg, s.group(1) if s else None)
            v = re.search(r" -a '([^'(]*)'", line)
            if v:
                values[lo.group(1)] = v.group(1).split()
        if s:
            shorts[s.group(1)] = arg
    return opts, shorts, values, sorted(subs)


def main(argv):
    if len(argv) != 6:
        sys.exit(__doc__)
    main_c, enums_c, bash, zsh, fish = argv[1:]
    table, subs = main_table(read(main_c))
    if len(table) < 20:
        sys.exit("compcheck: found only %d options in %s: the table "
                 "pattern is stale" % (len(table), main_c))
    tables = enum_tables(read(enums_c))
    problems = []
    for t in sorted(tables):
        if t not in ENUM_OPTIONS:
            problems.append("%s: table %s is not mapped to its option in "
                            "tests/tools/compcheck.py (ENUM_OPTIONS)"
                            % (enums_c, t))
    enum_values = {ENUM_OPTIONS[t]: v for t, v in tables.items()
                   if t in ENUM_OPTIONS}
    want_shorts = {s: arg for arg, s in table.values() if s}
    parsers = (("bash", bash, parse_bash), ("zsh", zsh, parse_zsh),
               ("fish", fish, parse_fish))
    for shell, path, parse in parsers:
        opts, shorts, values, csubs = parse(read(path))
        for name in sorted(set(table) - set(opts)):
            problems.append("%s: --%s of %s is not completed: add it "
                            "here (and to the other two shells)"
                            % (path, name, main_c))
        for name in sorted(set(opts) - set(table)):
            if not PENDING.get(name):
                problems.append("%s: completes --%s, which %s does not "
                                "have" % (path, name, main_c))
        for name in sorted(set(opts) & set(table)):
            if opts[name][0] != table[name][0]:
                problems.append("%s: --%s %s a value, but %s says it %s"
                                % (path, name, "expects" if opts[name][0]
                                   else "does not expect", main_c,
                                   "takes one" if table[name][0]
                                   else "takes none"))
            if opts[name][1] != table[name][1]:
                problems.append("%s: --%s has short form %s, %s says %s"
                                % (path, name, opts[name][1], main_c,
                                   table[name][1]))
        if shorts != want_shorts:
            problems.append("%s: short options %s, %s has %s"
                            % (path, sorted(shorts), main_c,
                               sorted(want_shorts)))
        for name, want in sorted(enum_values.items()):
            if values.get(name) != want:
                problems.append("%s: --%s offers %s, %s lists %s"
                                % (path, name, values.get(name), enums_c,
                                   want))
        if shell == "bash":
            problems += ["%s: %s" % (path, p) for p in BASH_ARMS]
        if csubs != subs:
            problems.append("%s: subcommands %s, %s has %s"
                            % (path, csubs, main_c, subs))
    for p in problems:
        print(p)
    if problems:
        return 1
    print("compcheck: %d options, %d enum options, subcommands %s: bash, "
          "zsh and fish agree with %s" % (len(table), len(enum_values),
                                          " ".join(subs), main_c))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
