"""Records numpy's float64 sin, cos and scalar x**2 (what Gymnasium calls) for GlibcTrigIT.

    python3 record_trig.py OUT.bin [COUNT]   # COUNT random arguments (default 10,000,000)
    python3 record_trig.py --golden OUT.txt   # the small committed file: hex floats x sin cos
    python3 record_trig.py --pow-golden OUT.txt   # 40 + 40 squares where pow/powf is not x*x

The binary file is little-endian: the magic b"LKTRIG02", a JSON header line (platform, glibc and
numpy versions, count), then COUNT records of four float64 (x, np.sin(x), np.cos(x), x**2 as a
scalar computes it: glibc's pow(x, 2.0), not numpy's array square). The
arguments cover what the classic-control environments see: angles within a few pi (Acrobot's
wrapped angles and their sums, rk4 stages), Pendulum's unwrapped angle (|th| up to ~100), tiny
values, the boundaries between glibc's code paths, and a tail up to 1e8.
"""
import json
import platform
import struct
import sys

import numpy as np

SEED = 20261129
# glibc's path boundaries (|x|): 2^-26, 0.855469, 2.426265, 105414350, and the Taylor cut 0.126
BOUNDARIES = [2.0**-27, 2.0**-26, 0.126, 0.85546875, 0.855469, 2.426265, 2.42626953125, 105414350.0]


def arguments(count):
    rng = np.random.default_rng(SEED)
    parts = [
        rng.uniform(-np.pi, np.pi, count * 3 // 10),
        rng.uniform(-4 * np.pi, 4 * np.pi, count * 3 // 10),
        rng.uniform(-110.0, 110.0, count * 2 // 10),
        np.sign(rng.uniform(-1, 1, count // 20)) * 10.0 ** rng.uniform(-12, 0, count // 20),
        rng.uniform(-1e8, 1e8, count // 40),
    ]
    edges = []
    for b in BOUNDARIES:
        v = np.float64(b)
        for _ in range(200):
            edges += [v, -v]
            v = np.nextafter(v, np.inf)
        v = np.float64(b)
        for _ in range(200):
            v = np.nextafter(v, 0)
            edges += [v, -v]
    # multiples of pi/2 and of 1/128 (table points), where cancellation and rounding are hardest
    k = np.arange(-400, 401, dtype=np.float64)
    edges += list(k * (np.pi / 2)) + list(k / 128)
    parts.append(np.array(edges, dtype=np.float64))
    x = np.concatenate(parts)
    rest = count - len(x)
    if rest > 0:
        x = np.concatenate([x, rng.uniform(-2 * np.pi, 2 * np.pi, rest)])
    return x[:count] if rest < 0 else x


def header(count):
    return {
        "python": platform.python_version(),
        "numpy": np.__version__,
        "libc": " ".join(platform.libc_ver()),
        "machine": platform.machine(),
        "count": int(count),
    }


def record_pow_golden(path):
    import math
    rng = np.random.default_rng(11)
    x = rng.uniform(-30, 30, 400000)
    d = [v for v in x if math.pow(v, 2.0) != v * v][:40]
    u = rng.uniform(-2, 2, 400000).astype(np.float32)
    f = [v for v in u if v**2 != v * v][:40]
    with open(path, "w") as out:
        out.write("# x**2 where glibc pow/powf (numpy %s scalars, %s) differs from x*x\n"
                  % (np.__version__, " ".join(platform.libc_ver())))
        out.write("# record_trig.py --pow-golden; lines: d|f x pow(x,2) as hex\n")
        for v in d:
            out.write(f"d {float(v).hex()} {math.pow(v, 2.0).hex()}\n")
        for v in f:
            out.write(f"f {float(v).hex()} {float(v**2).hex()}\n")


def main(argv):
    if argv[1] == "--pow-golden":
        record_pow_golden(argv[2])
        return
    if argv[1] == "--golden":
        x = arguments(200_000)[::1000]
        with open(argv[2], "w") as out:
            out.write("# " + json.dumps(header(len(x))) + "\n# x np.sin(x) np.cos(x) as hex floats\n")
            for v in x:
                out.write(f"{float(v).hex()} {float(np.sin(v)).hex()} {float(np.cos(v)).hex()}\n")
        return
    count = int(argv[2]) if len(argv) > 2 else 10_000_000
    x = arguments(count)
    import math
    table = np.empty((len(x), 4), dtype="<f8")
    table[:, 0] = x
    table[:, 1] = np.sin(x)
    table[:, 2] = np.cos(x)
    table[:, 3] = [math.pow(v, 2.0) for v in x.tolist()]
    # numpy's array loop and the scalar call Gymnasium makes must be the same function.
    probe = x[:: max(1, len(x) // 20000)]
    assert all(np.sin(np.float64(v)) == s for v, s in zip(probe, np.sin(probe)))
    assert all(np.float64(v) ** 2 == math.pow(v, 2.0) for v in probe)
    tmp = argv[1] + ".tmp"
    with open(tmp, "wb") as out:
        out.write(b"LKTRIG02")
        out.write((json.dumps(header(len(x))) + "\n").encode())
        out.write(table.tobytes())
    import os
    os.replace(tmp, argv[1])


if __name__ == "__main__":
    main(sys.argv)
