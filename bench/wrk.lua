-- wrk script for scripts/bench-http.sh: cycles through the paths given after `--`, and prints one
-- machine-readable RESULT line (requests, seconds, p50 ms, p99 ms, max ms, non-2xx/3xx, socket errors).
local paths = {}
local n = 0

init = function(args)
  for i, a in ipairs(args) do paths[i] = a end
  if #paths == 0 then paths[1] = "/" end
end

request = function()
  n = n + 1
  return wrk.format("GET", paths[(n % #paths) + 1])
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %d %.3f %.3f %.3f %.3f %d %d\n",
    summary.requests, summary.duration / 1e6,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    e.status, e.connect + e.read + e.write + e.timeout))
end
