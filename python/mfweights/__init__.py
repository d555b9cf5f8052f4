"""Class weights for semantic segmentation, from Python.

This module runs the ``mfweights`` command-line tool (found on PATH, or
given as ``executable=``) and returns its JSON report as a Python object::

    import mfweights
    import torch

    r = mfweights.compute(["data/masks"], classes=4, ignore=255)
    r.weights            # [0.156..., 1.116..., 1.080..., 0.930...]
    loss = torch.nn.CrossEntropyLoss(weight=r.tensor(), ignore_index=255)

Every option of the tool is a keyword argument: ``name_with_underscores``
becomes ``--name-with-dashes``; ``True`` gives a bare flag, ``False`` and
``None`` leave the option out, and a list or tuple repeats the option once
per item (``include=["*_labelIds.png", "*_gtFine.png"]``).  ``shard`` and
``clip`` also take pairs: ``shard=(1, 4)`` is ``--shard 1/4`` and
``clip=(0.5, 10)`` is ``--clip 0.5:10``.  ``files_from`` also takes a list
of paths, which is then fed to the tool on its standard input (for lists
longer than a command line holds).  The output format is this module's
own business: it always reads the JSON report.

A run that fails raises :class:`Error` (or its subclasses
:class:`UsageError` and :class:`BadInputError`), carrying the tool's
message and exit status.  A run under ``keep_going=True`` that skipped
bad files returns normally, with ``status`` 1 and the files in
``skipped``.

Standard library only; :meth:`Result.tensor` imports torch when called.
"""

import errno
import json
import os
import shutil
import subprocess

__all__ = [
    "BadInputError",
    "Error",
    "Result",
    "UsageError",
    "compute",
    "merge",
]

__version__ = "0.1.0"

# Options whose value a pair may spell, and how the tool writes it.
_PAIRS = {"shard": "/", "clip": ":"}


class Error(Exception):
    """The tool failed.

    ``status`` is its exit status (2 usage, 3 bad input, 4 system error;
    128 + N when killed by signal N), ``message`` its error lines,
    ``stderr`` everything it wrote on standard error and ``command`` the
    argument list it was run with.
    """

    def __init__(self, message, status, stderr, command):
        super().__init__(message)
        self.message = message
        self.status = status
        self.stderr = stderr
        self.command = command

    def __str__(self):
        return "%s (exit status %d)" % (self.message, self.status)


class UsageError(Error, ValueError):
    """Exit status 2: an option or its value was refused."""


class BadInputError(Error):
    """Exit status 3: a bad file without keep_going, no mask found, or
    nothing left to count; the message names the files."""


class Result:
    """The JSON report of a run, one attribute per field.

    ``classes``, ``method``, ``images``, ``skipped_files``,
    ``pixels_total``, ``pixels_counted``, ``pixels_ignored``,
    ``pixels_nodata``, ``median_frequency`` are numbers and strings;
    ``pixels``, ``images_with_class``, ``image_pixels``, ``share``,
    ``frequency``, ``weights``, ``absent``, ``ignored``,
    ``ignore_values`` and ``skipped`` are lists; ``names`` is a list of
    class names, or None when the run had none.  Fields a newer tool adds
    are attributes too.  ``status`` is the exit status (0, or 1 when
    files were skipped), ``notices`` the tool's notice lines.
    """

    def __init__(self, report, status=0, stderr=""):
        self.names = None
        for key, value in report.items():
            setattr(self, key, value)
        self._report = report
        self.status = status
        self.stderr = stderr
        self.notices = [
            line[len("mfweights: notice: "):]
            for line in stderr.splitlines()
            if line.startswith("mfweights: notice: ")
        ]

    def as_dict(self):
        """The report as the tool wrote it (a new dict each call)."""
        return json.loads(json.dumps(self._report))

    def __getitem__(self, key):
        return self._report[key]

    def __contains__(self, key):
        return key in self._report

    def tensor(self, dtype=None, device=None):
        """The weights as a 1-D torch.Tensor, float32 unless dtype says
        otherwise, ready for ``CrossEntropyLoss(weight=...)``."""
        try:
            import torch
        except ImportError as e:
            raise ImportError(
                "Result.tensor() needs PyTorch, which is not installed "
                "(pip install torch, or apt install python3-torch); "
                "Result.weights is the same vector as a list") from e
        if dtype is None:
            dtype = torch.float32
        return torch.tensor(self.weights, dtype=dtype, device=device)

    def __repr__(self):
        return "<mfweights.Result: %d images, %d classes, method %s>" % (
            self.images, self.classes, self.method)


def _value(v):
    if isinstance(v, bool):
        raise TypeError("a boolean is a flag, not a value")
    if isinstance(v, (str, bytes, os.PathLike)):
        return os.fsdecode(v)
    return str(v)


def _options(options):
    """Keyword arguments to command-line arguments, in the given order."""
    args = []
    for key, v in options.items():
        if key in ("format", "f"):
            raise TypeError(
                "mfweights: format=: the Python module always reads the "
                "JSON report; Result holds every field of it")
        name = "--" + key.replace("_", "-")
        if v is None or v is False:
            continue
        if v is True:
            args.append(name)
            continue
        if key in _PAIRS and isinstance(v, (tuple, list)) and len(v) == 2:
            v = _value(v[0]) + _PAIRS[key] + _value(v[1])
        if isinstance(v, (list, tuple, set, frozenset)):
            items = sorted(v) if isinstance(v, (set, frozenset)) else v
            args.extend(name + "=" + _value(x) for x in items)
        else:
            args.append(name + "=" + _value(v))
    return args


def _find(executable):
    name = os.fspath(executable) if executable is not None else "mfweights"
    if os.sep in name:
        if not os.access(name, os.X_OK):
            raise FileNotFoundError(
                errno.ENOENT, "mfweights: no executable at this path", name)
        return name
    found = shutil.which(name)
    if found is None:
        raise FileNotFoundError(
            errno.ENOENT,
            "mfweights: the tool is not on PATH: install it (make install, "
            "or the Debian package), or pass executable='/path/to/mfweights'",
            name)
    return found


def _paths(paths):
    if paths is None:
        return []
    if isinstance(paths, (str, bytes, os.PathLike)):
        return [os.fsdecode(paths)]
    return [os.fsdecode(p) for p in paths]


def _error(status, stderr, command):
    # The error lines: not the notices, not the usage synopsis.
    lines, usage = [], False
    for line in stderr.splitlines():
        usage = line.startswith("usage:") or (usage and line[:1].isspace())
        if line.strip() and not usage and \
                not line.startswith("mfweights: notice: "):
            lines.append(line)
    message = "\n".join(lines)
    if not message:
        message = "mfweights exited with status %d" % status
    cls = {2: UsageError, 3: BadInputError}.get(status, Error)
    return cls(message, status, stderr, command)


def _run(head, paths, options, executable):
    exe = _find(executable)
    stdin = None
    files = options.get("files_from")
    if files is not None and not isinstance(files, (str, bytes,
                                                    os.PathLike)):
        # A list of paths: NUL-separated on stdin, any bytes allowed.
        stdin = b"".join(os.fsencode(p) + b"\0" for p in files)
        options = dict(options, files_from="-", null=True)
    output = options.get("output")
    if output is not None and os.fspath(output) == "-":
        output = None
    command = ([exe] + head + _options(options) + ["--format=json", "--"]
               + _paths(paths))
    try:
        proc = subprocess.run(
            command, input=stdin,
            stdin=subprocess.DEVNULL if stdin is None else None,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    except OSError as e:
        if e.errno == errno.E2BIG:
            raise OSError(
                e.errno, "mfweights: too many paths for one command line: "
                "pass the list as files_from=paths (read from standard "
                "input; a symbolic link in it is then followed only with "
                "follow=True)") from e
        raise
    stderr = proc.stderr.decode("utf-8", "replace")
    status = proc.returncode
    if status < 0:
        status = 128 - status
    if status not in (0, 1):
        raise _error(status, stderr, command)
    if output is not None:
        with open(output, "rb") as f:
            text = f.read()
    else:
        text = proc.stdout
    return Result(json.loads(text.decode("utf-8")), status, stderr)


def compute(paths, classes=None, ignore=(), *, executable=None, **options):
    """Count the masks under paths and return their weights.

    paths is a mask, a directory, or a list of them (None or [] with
    files_from=).  classes is the tool's --classes (None: the largest
    label + 1); ignore a value or a list of values left out of every
    count.  Other keyword arguments are options of the tool (see the
    module's documentation); executable is the tool to run.  Returns a
    Result; raises Error when the tool fails, FileNotFoundError when it
    cannot be found.
    """
    opts = {}
    if classes is not None:
        opts["classes"] = classes
    if ignore is not None and not isinstance(ignore, (list, tuple, set,
                                                     frozenset)):
        ignore = [ignore]
    if ignore:
        opts["ignore"] = list(ignore)
    opts.update(options)
    return _run([], paths, opts, executable)


def merge(files, *, executable=None, **options):
    """Sum counts documents (written with format counts, one per shard)
    and return the weights, as ``mfweights merge`` prints them."""
    return _run(["merge"], files, options, executable)
