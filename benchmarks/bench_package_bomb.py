"""Benchmark of refusing a zip bomb: a 1 MB archive whose events.csv unpacks to 1 GiB.

The loader must refuse it from the declared size, before unpacking: time and peak memory of
the refusal are printed next to a floor measured in the same run, loading the same package
intact (signature, checksums and every value checked). Floor and refusal alternate
(benchmarks/harness.py), one row in the ``make bench`` table; target: refusing the bomb takes
no longer than loading the intact package (1×).

    .venv/bin/python benchmarks/bench_package_bomb.py [--gib 1] [--repeat 3]
"""

from __future__ import annotations

import argparse
import hashlib
import tempfile
import tracemalloc
import zipfile
from pathlib import Path

import pandas as pd
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from harness import interleave, record

from kimtools.package import (
    COLUMNS,
    ConferencePackage,
    PackageError,
    load_package,
    render_files,
    write_files,
)


def intact(folder: Path) -> Path:
    tables = {name: pd.DataFrame(columns=list(columns)) for name, columns in COLUMNS.items()}
    tables["events"] = pd.DataFrame([{
        "case": "F-ABCDEFGH", "event": f"E{i:02d}", "day": i, "phase": "monitoring",
        "kind": "phone", "field": "work", "institution": "Jobcenter", "note": "Rückruf"}
        for i in range(1, 60)])
    key = Ed25519PrivateKey.from_private_bytes(hashlib.sha256(b"bench").digest())
    return write_files(render_files(ConferencePackage(manifest={"approval": None}, **tables),
                                    key), folder / "paket")


def bomb(good: Path, target: Path, gib: int) -> Path:
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for member in sorted(good.iterdir()):
            if member.name != "events.csv":
                archive.writestr(member.name, member.read_bytes())
                continue
            with archive.open("events.csv", "w", force_zip64=True) as handle:
                chunk = bytes(1 << 20)
                for _ in range(1024 * gib):
                    handle.write(chunk)
    return target


def refuse(path: Path) -> None:
    try:
        load_package(path)
    except PackageError:
        return
    raise SystemExit("Zip-Bombe wurde NICHT abgelehnt")


def peak(call) -> int:
    tracemalloc.start()
    try:
        call()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gib", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        good = intact(Path(tmp))
        target = bomb(good, Path(tmp) / "bombe.zip", args.gib)
        comparison = interleave(f"Zip-Bombe ({args.gib} GiB entpackt) ablehnen",
                                "intaktes Paket laden", lambda: load_package(good),
                                lambda: refuse(target), 1.0, rounds=args.repeat)
        print(f"Zip-Bombe: {target.stat().st_size / 1e6:.1f} MB Archiv, {args.gib} GiB "
              "entpackt")
        refused_peak = peak(lambda: refuse(target))
        print(f"  Ablehnung: Spitze {refused_peak / 1e6:.2f} MB (Python-Speicher); intaktes "
              f"Paket laden: Spitze {peak(lambda: load_package(good)) / 1e6:.2f} MB")
        record(comparison)


if __name__ == "__main__":
    main()
