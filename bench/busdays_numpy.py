"""The engine's business days against NumPy's busday_offset, run by `cargo xtask bench`.

    python bench/busdays_numpy.py DIR

DIR holds what `cargo run --release -p portal-rules --example busdays -- generate DIR` and
`... -- run DIR LABEL` wrote (little-endian int32, dates as days since 1970-01-01):
  dates.bin       pairs (date, n): the 1,000,000 inputs, made only there
  holidays.bin    every observed holiday of the engine's standard calendar, 1989..=2101
  rust-LABEL.bin  Calendar::add_business_days(date, n) for each pair, one file per Rust build
  rust-LABEL.json the Rust build's time for its arithmetic loop (best of 5)

`add_business_days(from, n)` is the n-th business day strictly after `from` (from a weekend day or
holiday, counting starts at the next business day). NumPy's equivalent is
`busday_offset(from, n, roll='backward')` with the weekmask Mon..Fri and the same holidays: rolling
back to the previous business day and then stepping n business days forward lands on the same day.

Checks every date against every Rust build, prints both speeds and the ratio, and writes
DIR/busdays.json. Exit status 1 when any date disagrees.
"""

import json
import platform
import sys
import time
from pathlib import Path

import numpy as np

RUNS = 5
PRIMARY = "release"
# The first three inputs are worked examples with known answers.
EXAMPLES = [
    ("2026-03-07", 1, "2026-03-09", "Saturday + 1 -> Monday"),
    ("2026-02-10", 10, "2026-02-26", "Lincoln's Birthday and Presidents Day skipped"),
    ("2021-12-30", 1, "2022-01-03", "31 Dec 2021 is New Year's Day observed"),
]
SHOW = 10


def days(a):
    return np.asarray(a, dtype=np.int64).astype("datetime64[D]")


def ratio_words(rust_ms, numpy_ms):
    if rust_ms <= numpy_ms:
        return f"Rust is {numpy_ms / rust_ms:.1f}x faster"
    return f"NumPy is {rust_ms / numpy_ms:.1f}x faster"


def main():
    if len(sys.argv) != 2:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    folder = Path(sys.argv[1])
    pairs = np.fromfile(folder / "dates.bin", dtype="<i4").reshape(-1, 2)
    dates = days(pairs[:, 0])
    offsets = pairs[:, 1].astype(np.int64)
    holidays = days(np.fromfile(folder / "holidays.bin", dtype="<i4"))
    total = len(dates)

    # Built once, outside the timing.
    calendar = np.busdaycalendar(weekmask="1111100", holidays=holidays)
    numpy_runs = []
    answer = None
    for _ in range(RUNS):
        started = time.perf_counter()
        answer = np.busday_offset(dates, offsets, roll="backward", busdaycal=calendar)
        numpy_runs.append((time.perf_counter() - started) * 1000.0)
    numpy_ms = min(numpy_runs)

    problems = []
    for i, (start, n, want, why) in enumerate(EXAMPLES):
        if str(dates[i]) != start or offsets[i] != n:
            problems.append(f"input {i} is {dates[i]} + {offsets[i]}, expected the worked example {start} + {n}")
        elif str(answer[i]) != want:
            problems.append(f"NumPy: {start} + {n} gives {answer[i]}, expected {want} ({why})")

    builds = {}
    # The release build first, then the others by name.
    for path in sorted(folder.glob("rust-*.bin"), key=lambda p: (p.stem != f"rust-{PRIMARY}", p.stem)):
        label = path.stem[len("rust-"):]
        rust = days(np.fromfile(path, dtype="<i4"))
        timing = json.loads((folder / f"rust-{label}.json").read_text())
        if len(rust) != total:
            problems.append(f"{path.name} has {len(rust)} answers for {total} dates")
            continue
        for i, (start, n, want, why) in enumerate(EXAMPLES):
            if str(rust[i]) != want:
                problems.append(f"Rust ({label}): {start} + {n} gives {rust[i]}, expected {want} ({why})")
        differ = np.flatnonzero(rust != answer)
        shown = [
            {
                "date": str(dates[i]),
                # Day 0 (1970-01-01) was a Thursday.
                "weekday": ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][int((pairs[i, 0] + 3) % 7)],
                "n": int(offsets[i]),
                "rust": str(rust[i]),
                "numpy": str(answer[i]),
            }
            for i in differ[:SHOW]
        ]
        builds[label] = {
            "agree": int(total - len(differ)),
            "firstDisagreements": shown,
            "rustBestMs": timing["bestMs"],
            "rustRunsMs": timing["runsMs"],
        }

    if PRIMARY not in builds:
        problems.append(f"no rust-{PRIMARY}.bin in {folder}")

    print(f"  NumPy {np.__version__} busday_offset, best of {RUNS}: {numpy_ms:.1f} ms")
    for label, b in builds.items():
        print(f"  Rust ({label}) agrees with NumPy on {b['agree']} of {total} dates")
        for d in b["firstDisagreements"]:
            print(f"    {d['date']} ({d['weekday']}) + {d['n']}: Rust {d['rust']}, NumPy {d['numpy']}")
        print(f"  Rust ({label}): {b['rustBestMs']:.1f} ms   NumPy: {numpy_ms:.1f} ms   "
              f"{ratio_words(b['rustBestMs'], numpy_ms)}")
    for p in problems:
        print(f"  error: {p}")

    primary = builds.get(PRIMARY, {})
    result = {
        "dates": total,
        "holidays": int(len(holidays)),
        "numpyVersion": np.__version__,
        "python": platform.python_version(),
        "numpyCall": "np.busday_offset(dates, n, roll='backward', busdaycal=np.busdaycalendar(weekmask='1111100', holidays=H))",
        "numpyBestMs": numpy_ms,
        "numpyRunsMs": numpy_runs,
        "agree": primary.get("agree", 0),
        "rustBestMs": primary.get("rustBestMs"),
        "ratio": (numpy_ms / primary["rustBestMs"]) if primary else None,
        "ratioMeaning": "NumPy time / Rust time: above 1, Rust is faster",
        "builds": builds,
        "problems": problems,
    }
    (folder / "busdays.json").write_text(json.dumps(result, indent=2) + "\n")
    all_agree = all(b["agree"] == total for b in builds.values())
    return 0 if all_agree and not problems else 1


if __name__ == "__main__":
    sys.exit(main())
