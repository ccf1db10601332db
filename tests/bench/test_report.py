"""Reading wrk's figures and judging them against the targets."""

import json

from bench import report, wrk


def wrk_output(**overrides) -> str:
    data = {"requests": 1200, "duration_us": 12_000_000, "p50": 20_000, "p95": 80_000,
            "p99": 120_000, "max": 300_000, "socket_errors": 0, "non_2xx": 0,
            "hits": 300, "misses": 900}  # fmt: skip
    data.update(overrides)
    return "Running 12s test\n  2 threads\nJSON" + json.dumps(data) + "\n"


def test_wrk_figures_become_rps_milliseconds_and_the_hit_ratio():
    parsed = wrk.parse(wrk_output())
    assert parsed["rps"] == 100.0
    assert (parsed["p50_ms"], parsed["p95_ms"], parsed["p99_ms"]) == (20.0, 80.0, 120.0)
    assert parsed["cache_hit_ratio"] == 0.25


def test_without_cache_headers_the_hit_ratio_is_not_a_number():
    assert wrk.parse(wrk_output(hits=0, misses=0))["cache_hit_ratio"] is None


def test_the_lua_script_reads_the_sequence_file_and_counts_cache_headers(tmp_path):
    script = wrk.lua_script(tmp_path / "paths.txt", seed=3)
    assert str(tmp_path / "paths.txt") in script
    assert "X-Page-Cache" in script and "math.random(#paths)" in script


def scenario(rps, p95, **extra):
    return {"rps": rps, "p50_ms": p95 / 2, "p95_ms": p95, "p99_ms": p95 * 1.5,
            "non_2xx": 0, "socket_errors": 0, "connections": 8, "distinct_urls": 10,
            "generated_urls": 10, **extra}  # fmt: skip


def results(**scenarios):
    floor = scenario(2000, 5)
    return {
        "scenarios": report.with_floor_ratios(scenarios, floor),
        "explain": [{"execution_ms": 4.0}, {"execution_ms": 12.5}],
        "queries": {"search": {"mean": 6, "max": 6}, "profile": {"mean": 7, "max": 7}},
        "growth": report.growth(scenarios.get("cold"), scenario(150, 40)),
    }


def test_rps_is_judged_as_a_share_of_the_floor():
    checks = report.judge(results(search=scenario(120, 90), profile=scenario(150, 70)))
    assert checks["search rps % of floor"] == {"value": 6.0, "target": ">= 5", "met": True}
    assert checks["search p95 ms"]["met"] is True
    assert checks["profile rps % of floor"]["met"] is False  # 7.5 % of the floor
    assert checks["profile p95 ms"]["met"] is False


def test_slow_queries_too_many_queries_and_growth_are_misses():
    checks = report.judge(results(cold=scenario(100, 200)))
    assert checks["slowest search query ms (EXPLAIN ANALYZE)"]["value"] == 12.5
    assert checks["slowest search query ms (EXPLAIN ANALYZE)"]["met"] is False
    assert checks["queries per search page (max)"]["met"] is True
    assert checks["queries per profile page (max)"]["met"] is False
    assert checks["growth (cold cost 100k / 10k)"] == {
        "value": 1.5,
        "target": "<= 1.25",
        "met": False,
    }


def test_a_scenario_not_run_is_not_measured_rather_than_met():
    checks = report.judge(results())
    assert checks["API p95 ms"]["met"] is None
    assert checks["growth (cold cost 100k / 10k)"]["met"] is None


def test_errors_fail_the_error_target():
    broken = scenario(100, 50, non_2xx=3)
    assert report.judge(results(search=broken))["non-2xx and socket errors"]["met"] is False


def test_the_table_lists_every_scenario_and_target():
    data = results(search=scenario(120, 90, cache_hit_ratio=0.4, queries_per_request=6))
    data["targets"] = report.judge(data)
    text = report.table(data)
    assert "search" in text and "40.0%" in text and "MISSED" in text and "not measured" in text


def test_growth_compares_the_mean_cost_of_alternating_runs():
    # Large, small, small, large: the machine sped up half-way through the run.
    large = [scenario(50, 100), scenario(100, 50)]
    small = [scenario(60, 90), scenario(90, 60)]
    # Mean seconds per request: (1/50 + 1/100) / 2 = 0.015; (1/60 + 1/90) / 2 = 0.0139.
    assert report.growth(large, small) == 1.08
    assert report.growth(large[0], small[0]) == 1.2
    assert report.growth([], small) is None
    assert report.growth(large, [scenario(0, 0)]) is None
