"""The benchmark's targets, judged from its measurements, and the printed table.

Targets are ratios to the floor (/robots.txt through the same stack in the
same run) because absolute figures move from machine to machine; latencies
are absolute because they are what a patient waits.
"""

# name: (scenario, figure, comparison, target)
TARGETS = {
    "search rps % of floor": ("search", "rps_pct_of_floor", ">=", 5.0),
    "search p95 ms": ("search", "p95_ms", "<=", 100.0),
    "profile rps % of floor": ("profile", "rps_pct_of_floor", ">=", 10.0),
    "profile p95 ms": ("profile", "p95_ms", "<=", 60.0),
    "API rps % of floor": ("api", "rps_pct_of_floor", ">=", 5.0),
    "API p95 ms": ("api", "p95_ms", "<=", 100.0),
    "cold rps % of floor": ("cold", "rps_pct_of_floor", ">=", 3.0),
    "single user p95 ms": ("single_user", "p95_ms", "<=", 30.0),
}
MAX_QUERY_MS = 10.0
MAX_QUERIES_PER_PAGE = 6
MAX_GROWTH = 1.25


def with_floor_ratios(scenarios: dict, floor: dict) -> dict:
    """Add each scenario's rps as a percentage of the floor's."""
    for result in scenarios.values():
        result["rps_pct_of_floor"] = round(100 * result["rps"] / max(floor["rps"], 0.001), 2)
    return scenarios


def growth(cold_large, cold_small) -> float | None:
    """Cost per request (1 / rps) of the cold mix at the large size over the small one.

    Each side is one wrk result or several: the sizes run alternately (large,
    small, small, large), so a machine that speeds up or slows down during the
    run weighs on both sides alike, and each side's cost is its runs' mean.
    """
    large = [cold_large] if isinstance(cold_large, dict) else list(cold_large or [])
    small = [cold_small] if isinstance(cold_small, dict) else list(cold_small or [])
    if not large or not small or not all(r["rps"] for r in large + small):
        return None

    def cost(runs):
        return sum(1 / r["rps"] for r in runs) / len(runs)

    return round(cost(large) / cost(small), 2)


def judge(results: dict) -> dict:
    """Every target with its measured value and whether it was met (None: not measured)."""
    scenarios = results["scenarios"]
    checks = {}

    def check(name, value, comparison, target):
        met = (
            None if value is None else (value >= target if comparison == ">=" else value <= target)
        )
        checks[name] = {"value": value, "target": f"{comparison} {target:g}", "met": met}

    for name, (scenario, figure, comparison, target) in TARGETS.items():
        check(name, scenarios.get(scenario, {}).get(figure), comparison, target)
    slowest = max((q["execution_ms"] for q in results.get("explain", [])), default=None)
    check("slowest search query ms (EXPLAIN ANALYZE)", slowest, "<=", MAX_QUERY_MS)
    for page in ("search", "profile"):
        counted = results.get("queries", {}).get(page)
        check(
            f"queries per {page} page (max)",
            counted["max"] if counted else None,
            "<=",
            MAX_QUERIES_PER_PAGE,
        )
    check("growth (cold cost 100k / 10k)", results.get("growth"), "<=", MAX_GROWTH)
    errors = sum(s["non_2xx"] + s["socket_errors"] for s in scenarios.values())
    check("non-2xx and socket errors", errors, "<=", 0)
    return checks


def table(results: dict) -> str:
    lines = [
        f"{'scenario':14} {'URLs':>6} {'drawn':>6} {'conns':>5} {'rps':>8} {'% floor':>8} {'p50 ms':>8} "
        f"{'p95 ms':>8} {'p99 ms':>8} {'non-2xx':>7} {'hit ratio':>9} {'queries':>7}"
    ]
    for name, r in results["scenarios"].items():
        hit = "-" if r.get("cache_hit_ratio") is None else f"{r['cache_hit_ratio']:.1%}"
        queries = r.get("queries_per_request")
        lines.append(
            f"{name:14} {r['generated_urls']:>6} {r['distinct_urls']:>6} {r['connections']:>5} {r['rps']:>8} "
            f"{r.get('rps_pct_of_floor', '-'):>8} {r['p50_ms']:>8} {r['p95_ms']:>8} "
            f"{r['p99_ms']:>8} {r['non_2xx'] + r['socket_errors']:>7} {hit:>9} "
            f"{'-' if queries is None else queries:>7}"
        )
    lines.append("")
    for name, c in results["targets"].items():
        mark = {True: "met", False: "MISSED", None: "not measured"}[c["met"]]
        lines.append(f"{name:44} {str(c['value']):>10}  target {c['target']:<8} {mark}")
    return "\n".join(lines)
