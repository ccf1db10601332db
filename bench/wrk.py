"""Driving wrk over a URL sequence and reading what it measured.

Each wrk thread loads the pre-drawn request sequence (a Zipf-like draw, so
popular URLs appear often in it) and picks from it at random with its own
seed. The script counts non-2xx answers and the X-Page-Cache header
(hit / miss) of every response, and prints one JSON line at the end.
"""

import json
import subprocess
from pathlib import Path

LUA = r"""
local threads = {}
setup = function(thread)
  table.insert(threads, thread)
  thread:set("id", #threads)
end
init = function(args)
  paths = {}
  for line in io.lines("%(paths)s") do paths[#paths + 1] = line end
  math.randomseed(%(seed)d + id * 7919)
  hits, misses, non2xx = 0, 0, 0
end
request = function()
  return wrk.format("GET", paths[math.random(#paths)])
end
response = function(status, headers, body)
  if status < 200 or status > 299 then non2xx = non2xx + 1 end
  local cached = headers["X-Page-Cache"] or headers["x-page-cache"]
  if cached == "hit" then hits = hits + 1 elseif cached == "miss" then misses = misses + 1 end
end
done = function(summary, latency, requests)
  local h, m, n = 0, 0, 0
  for _, t in ipairs(threads) do
    h = h + t:get("hits"); m = m + t:get("misses"); n = n + t:get("non2xx")
  end
  local errors = summary.errors
  io.write(string.format(
    "JSON{\"requests\":%%d,\"duration_us\":%%d,\"p50\":%%d,\"p95\":%%d,\"p99\":%%d," ..
    "\"max\":%%d,\"socket_errors\":%%d,\"non_2xx\":%%d,\"hits\":%%d,\"misses\":%%d}\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.max,
    errors.connect + errors.read + errors.write + errors.timeout, n, h, m))
end
"""


def lua_script(paths_file: Path, seed: int) -> str:
    return LUA % {"paths": paths_file, "seed": seed}


def parse(stdout: str) -> dict:
    """Turn the script's JSON line into milliseconds, rps and the observed hit ratio."""
    line = next(line for line in stdout.splitlines() if line.startswith("JSON{"))
    data = json.loads(line[4:])
    seconds = max(data["duration_us"], 1) / 1e6
    looked_up = data["hits"] + data["misses"]
    return {
        "requests": data["requests"],
        "rps": round(data["requests"] / seconds, 1),
        "p50_ms": round(data["p50"] / 1000, 2),
        "p95_ms": round(data["p95"] / 1000, 2),
        "p99_ms": round(data["p99"] / 1000, 2),
        "max_ms": round(data["max"] / 1000, 2),
        "non_2xx": data["non_2xx"],
        "socket_errors": data["socket_errors"],
        # Of the answers that went through the page cache; None when none did (cache off).
        "cache_hit_ratio": round(data["hits"] / looked_up, 3) if looked_up else None,
    }


def run(
    name: str,
    sequence: list[str],
    *,
    url: str,
    workdir: Path,
    duration: int,
    connections: int,
    seed: int,
    generated: int | None = None,
) -> dict:
    """Drive `sequence` against `url` for `duration` seconds; return the parsed figures."""
    paths_file = workdir / f"{name}.txt"
    paths_file.write_text("\n".join(sequence) + "\n")
    script = workdir / f"{name}.lua"
    script.write_text(lua_script(paths_file, seed))
    threads = min(2, connections)
    out = subprocess.run(
        # A 10 s timeout: a slow answer is measured as slow, not dropped as an error.
        ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--timeout", "10s",
         "-s", str(script), url],
        capture_output=True, text=True, check=True, timeout=duration + 60,
    )  # fmt: skip
    result = parse(out.stdout)
    # distinct_urls: how many different URLs the drawn sequence holds (the Zipf
    # tail of the generated ones may never be drawn).
    result.update(
        connections=connections,
        distinct_urls=len(set(sequence)),
        generated_urls=generated or len(set(sequence)),
    )
    return result
