"""A PEP 517 build backend for the mfweights Python module.

Standard library only, so that ``pip install ./python`` works offline:
pip's isolated build environment needs nothing from an index (the usual
setuptools backend must be downloaded there).  It builds what this one
pure-Python package needs and nothing more: a py3-none-any wheel of the
``mfweights/`` files, an editable wheel (a .pth file naming this
directory) and an sdist.  Name, version, summary and required Python come
from pyproject.toml's [project] table.

Builds are reproducible: files in sorted order, every timestamp
SOURCE_DATE_EPOCH (or 1980-01-01 when unset).
"""

import base64
import gzip
import hashlib
import io
import os
import re
import tarfile
import time
import zipfile

PACKAGE = "mfweights"
TAG = "py3-none-any"


def _root():
    # PEP 517: hooks run in the root of the source tree.
    return os.getcwd()


def _project():
    """The simple string keys of [project] in pyproject.toml."""
    keys = {}
    section = None
    with open(os.path.join(_root(), "pyproject.toml"), encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            m = re.match(r"^\[(.*)\]$", line)
            if m:
                section = m.group(1).strip()
                continue
            m = re.match(r'^([A-Za-z][\w-]*)\s*=\s*"([^"\\]*)"$', line)
            if section == "project" and m:
                keys[m.group(1)] = m.group(2)
    for k in ("name", "version"):
        if k not in keys:
            raise ValueError("pyproject.toml: [project] lacks " + k)
    return keys


def _epoch():
    t = int(os.environ.get("SOURCE_DATE_EPOCH", "315532800"))
    return max(t, 315532800)  # zip cannot hold times before 1980


def _metadata(p):
    lines = ["Metadata-Version: 2.1", "Name: " + p["name"],
             "Version: " + p["version"]]
    if "description" in p:
        lines.append("Summary: " + p["description"])
    if "requires-python" in p:
        lines.append("Requires-Python: " + p["requires-python"])
    return ("\n".join(lines) + "\n").encode("utf-8")


def _wheel_file():
    return ("Wheel-Version: 1.0\nGenerator: mfweights_build\n"
            "Root-Is-Purelib: true\nTag: " + TAG + "\n").encode("utf-8")


def _sources():
    """(archive name, path) of every file of the package, sorted."""
    out = []
    top = os.path.join(_root(), PACKAGE)
    for d, dirs, files in os.walk(top):
        dirs[:] = sorted(x for x in dirs if x != "__pycache__")
        for name in sorted(files):
            if name.endswith((".py", ".typed")):
                path = os.path.join(d, name)
                rel = os.path.relpath(path, _root()).replace(os.sep, "/")
                out.append((rel, path))
    return sorted(out)


def _distinfo(p):
    return "%s-%s.dist-info" % (p["name"].replace("-", "_"), p["version"])


def _write_wheel(wheel_directory, members):
    """members: (archive name, bytes); dist-info files are added here."""
    p = _project()
    di = _distinfo(p)
    members = list(members) + [(di + "/METADATA", _metadata(p)),
                               (di + "/WHEEL", _wheel_file())]
    record = io.StringIO()
    for name, data in members:
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest())
        record.write("%s,sha256=%s,%d\n" % (
            name, digest.rstrip(b"=").decode("ascii"), len(data)))
    record.write(di + "/RECORD,,\n")
    members.append((di + "/RECORD", record.getvalue().encode("utf-8")))
    base = "%s-%s-%s.whl" % (p["name"].replace("-", "_"), p["version"], TAG)
    date = time.gmtime(_epoch())[:6]
    with zipfile.ZipFile(os.path.join(wheel_directory, base), "w",
                         zipfile.ZIP_DEFLATED) as z:
        for name, data in members:
            info = zipfile.ZipInfo(name, date)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)
    return base


def _read(path):
    with open(path, "rb") as f:
        return f.read()


def get_requires_for_build_wheel(config_settings=None):
    return []


def get_requires_for_build_editable(config_settings=None):
    return []


def get_requires_for_build_sdist(config_settings=None):
    return []


def prepare_metadata_for_build_wheel(metadata_directory,
                                     config_settings=None):
    p = _project()
    di = _distinfo(p)
    os.makedirs(os.path.join(metadata_directory, di), exist_ok=True)
    for name, data in (("METADATA", _metadata(p)), ("WHEEL", _wheel_file())):
        with open(os.path.join(metadata_directory, di, name), "wb") as f:
            f.write(data)
    return di


prepare_metadata_for_build_editable = prepare_metadata_for_build_wheel


def build_wheel(wheel_directory, config_settings=None,
                metadata_directory=None):
    return _write_wheel(wheel_directory,
                        [(name, _read(path)) for name, path in _sources()])


def build_editable(wheel_directory, config_settings=None,
                   metadata_directory=None):
    # A .pth line puts this directory on sys.path: edits show at once.
    pth = (os.path.abspath(_root()) + "\n").encode("utf-8")
    return _write_wheel(wheel_directory, [("_%s_editable.pth" % PACKAGE,
                                           pth)])


def build_sdist(sdist_directory, config_settings=None):
    p = _project()
    top = "%s-%s" % (p["name"], p["version"])
    files = [("pyproject.toml", os.path.join(_root(), "pyproject.toml")),
             ("build_backend/mfweights_build.py", os.path.abspath(__file__))]
    files += _sources()
    members = [(name, _read(path)) for name, path in sorted(files)]
    members.append(("PKG-INFO", _metadata(p)))
    base = top + ".tar.gz"
    with open(os.path.join(sdist_directory, base), "wb") as raw, \
            gzip.GzipFile("", "wb", fileobj=raw, mtime=_epoch()) as gz, \
            tarfile.open(fileobj=gz, mode="w",
                         format=tarfile.PAX_FORMAT) as t:
        for name, data in sorted(members):
            info = tarfile.TarInfo(top + "/" + name)
            info.size = len(data)
            info.mtime = _epoch()
            info.mode = 0o644
            t.addfile(info, io.BytesIO(data))
    return base
