"""Exact p-median over the 292 mainland municipalities, and accessibility for 292 of them.

    .venv/bin/python -m bench.bench_offices_placement [--seeds 5] [--repeats 200] [--json FILE]

Demand points and candidates are the 292 mainland municipalities of
`services/areas/areas/demo/municipalities_mainland.csv`, weighted by its population. That
file has no coordinates (the reference data has them for the ten Kymppi members only), so
each run places the municipalities at seeded uniformly random points in Finland's latitude
and longitude box (60-69.5 N, 21-31 E): the figures measure the solver on an instance of the
target's size, not on Finland's real geography. Distances are the service's own estimates
(`offices.rules.distances.estimate_leg`: great-circle x 1.3, to 0.1 km).

Measured:
- `solve_p_median` with k = 45, one solve per seed (the matrix, the greedy start and every
  HiGHS run; target: proven optimal in <= 5 s);
- accessibility: `Legs` estimating the 292 x 45 pairs from coordinates and
  `nearest_places` over them (the computation behind `POST /v1/accessibility`, without the
  database read of recorded pairs and the calls to the areas service), p50 / p95 over
  `--repeats` runs (target: <= 50 ms).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import platform
import random
import statistics
import time
from pathlib import Path
from typing import Any

from offices.rules.accessibility import nearest_places
from offices.rules.distances import estimate_leg
from offices.rules.placement import PlacementStatus, greedy_p_median, network_value, solve_p_median
from offices.service.distances import EstimateTerms, Legs

MAINLAND = (
    Path(__file__).resolve().parents[1] / "services/areas/areas/demo/municipalities_mainland.csv"
)
K = 45
PLACEMENT_TARGET_S = 5.0
ACCESSIBILITY_TARGET_MS = 50.0


def population() -> dict[str, float]:
    with MAINLAND.open(encoding="utf-8") as file:
        return {row["code"]: float(row["population"]) for row in csv.DictReader(file)}


def coordinates(codes: list[str], seed: int) -> dict[str, tuple[float, float]]:
    rng = random.Random(seed)
    return {code: (rng.uniform(60.0, 69.5), rng.uniform(21.0, 31.0)) for code in codes}


def placement(seed: int, weights: dict[str, float]) -> dict[str, Any]:
    points = coordinates(sorted(weights), seed)

    def distance(a: str, b: str) -> float:
        return 0.0 if a == b else estimate_leg(points[a], points[b]).km

    began = time.perf_counter()
    result = solve_p_median(weights, sorted(weights), K, distance)
    seconds = time.perf_counter() - began
    greedy = network_value(
        weights, greedy_p_median(weights, sorted(weights), K, distance), distance
    )
    return {
        "seed": seed,
        "seconds": round(seconds, 3),
        "status": str(result.status),
        "gap": result.gap,
        "objective_value": round(result.objective_value, 1),
        "greedy_value": round(greedy, 1),
        "greedy_excess_pct": round(100 * (greedy / result.objective_value - 1), 2),
        "met": result.status is PlacementStatus.optimal and seconds <= PLACEMENT_TARGET_S,
    }


def accessibility(weights: dict[str, float], repeats: int) -> dict[str, Any]:
    codes = sorted(weights)
    points = coordinates(codes, 0)
    places = random.Random(1).sample(codes, K)
    times = []
    for _ in range(repeats + 10):
        began = time.perf_counter()
        legs = Legs({}, points, EstimateTerms())
        lengths = legs.lengths(codes, places, minutes=False)
        nearest_places(codes, places, legs.leg, lengths, population=weights)
        times.append((time.perf_counter() - began) * 1000)
    measured = sorted(times[10:])
    return {
        "municipalities": len(codes),
        "places": len(places),
        "p50_ms": round(statistics.median(measured), 2),
        "p95_ms": round(measured[int(0.95 * (len(measured) - 1))], 2),
        "met": statistics.median(measured) <= ACCESSIBILITY_TARGET_MS,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--repeats", type=int, default=200)
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()
    weights = population()
    results: dict[str, Any] = {
        "placement": [placement(seed, weights) for seed in range(args.seeds)],
        "accessibility": accessibility(weights, args.repeats),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "targets": {"placement_s": PLACEMENT_TARGET_S, "accessibility_ms": ACCESSIBILITY_TARGET_MS},
    }
    text = json.dumps(results, indent=2)
    print(text)
    if args.json:
        args.json.write_text(text + "\n")


if __name__ == "__main__":
    main()
