#!/usr/bin/env python3
"""mkarc.py: hostile zip and tar archives for the mfweights tests.

    mkarc.py KIND OUT MEMBER.png

Each archive holds MEMBER.png (a good mask, as "ok.png") and one fault:

  dotdot     a member named "../evil.png" (the mask's bytes)
  absolute   a member named "/tmp/evil.png"
  symlink    a tar with a symbolic link member "link.png" -> /etc/passwd
  hardlink   a tar with a hard link member "hard.png" -> ok.png
  bomb       a zip member "bomb.png" of 64 MiB of zeros (about 64 KiB)
  liar       a zip whose "bomb.png" (32 MiB) claims 1 KiB in both headers
  big        a tar member "big.png" of 20 MiB (over the member limit)
  tarlie     a tar whose "ok.png" header claims 1,000,000 bytes
  trunc      a zip cut in the middle of its second member
  encrypted  a zip whose "secret.png" has the traditional encryption flag
  sorted / reversed
             MEMBER.png under 1,100 names (m0000.png ...), stored in name
             order or in reverse order (the walk-order windows)

Python's zipfile and tarfile write the archives; the faults are patched
into the bytes where the libraries refuse to write them.
"""
import io
import struct
import sys
import tarfile
import zipfile


def tar_add(tf, name, data, **kw):
    ti = tarfile.TarInfo(name)
    ti.size = len(data)
    for k, v in kw.items():
        setattr(ti, k, v)
    tf.addfile(ti, io.BytesIO(data) if data else None)


def zip_bytes(members, compress=zipfile.ZIP_DEFLATED):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compress) as z:
        for name, data in members:
            z.writestr(zipfile.ZipInfo(name), data, compress_type=compress)
    return bytearray(buf.getvalue())


def main():
    kind, out, png = sys.argv[1], sys.argv[2], open(sys.argv[3], "rb").read()
    if kind in ("dotdot", "absolute"):
        bad = "../evil.png" if kind == "dotdot" else "/tmp/evil.png"
        buf = io.BytesIO()
        with tarfile.open(fileobj=buf, mode="w", format=tarfile.USTAR_FORMAT) as tf:
            tar_add(tf, "ok.png", png)
            tar_add(tf, bad, png)
        data = buf.getvalue()
    elif kind in ("symlink", "hardlink"):
        buf = io.BytesIO()
        with tarfile.open(fileobj=buf, mode="w", format=tarfile.USTAR_FORMAT) as tf:
            tar_add(tf, "ok.png", png)
            if kind == "symlink":
                tar_add(tf, "link.png", b"", type=tarfile.SYMTYPE,
                        linkname="/etc/passwd")
            else:
                tar_add(tf, "hard.png", b"", type=tarfile.LNKTYPE,
                        linkname="ok.png")
        data = buf.getvalue()
    elif kind == "bomb":
        data = zip_bytes([("ok.png", png), ("bomb.png", bytes(64 << 20))])
    elif kind == "liar":
        data = zip_bytes([("ok.png", png), ("bomb.png", bytes(32 << 20))])
        real = struct.pack("<I", 32 << 20)
        # Every uncompressed-size field (local and central) says 1 KiB.
        for sig, off in ((b"PK\3\4", 22), (b"PK\1\2", 24)):
            i = data.find(sig)
            while i >= 0:
                if data[i + off:i + off + 4] == real:
                    data[i + off:i + off + 4] = struct.pack("<I", 1024)
                i = data.find(sig, i + 4)
    elif kind == "big":
        buf = io.BytesIO()
        with tarfile.open(fileobj=buf, mode="w") as tf:
            tar_add(tf, "ok.png", png)
            tar_add(tf, "big.png", png + bytes((20 << 20) - len(png)))
        data = buf.getvalue()
    elif kind == "tarlie":
        buf = io.BytesIO()
        with tarfile.open(fileobj=buf, mode="w", format=tarfile.USTAR_FORMAT) as tf:
            tar_add(tf, "ok.png", png)
        data = bytearray(buf.getvalue())
        data[124:136] = b"%011o\0" % 1000000
        data[148:156] = b"        "
        data[148:156] = b"%06o\0 " % sum(data[:512])
    elif kind == "trunc":
        data = zip_bytes([("ok.png", png), ("two.png", png * 4)])
        second = data.find(b"PK\3\4", 4)
        data = data[:second + 60]
    elif kind == "encrypted":
        data = zip_bytes([("ok.png", png), ("secret.png", png)],
                         zipfile.ZIP_STORED)
        # The traditional encryption bit (general purpose flag bit 0) in
        # the second member's local and central headers.
        for sig, off in ((b"PK\3\4", 6), (b"PK\1\2", 8)):
            i = data.find(sig)
            i = data.find(sig, i + 4)
            data[i + off] |= 1
    elif kind in ("sorted", "reversed"):
        names = ["m%04d.png" % i for i in range(1100)]
        if kind == "reversed":
            names.reverse()
        data = zip_bytes([(n, png) for n in names], zipfile.ZIP_STORED)
    else:
        sys.exit("mkarc.py: unknown kind " + kind)
    with open(out, "wb") as f:
        f.write(data)


if __name__ == "__main__":
    main()
