-- wrk reporter: one JSON line with throughput, latency percentiles and failures.
-- With BENCH_RANDOM_PAGES=N every request asks for a random page 1..N (a cold cache).
local pages = tonumber(os.getenv("BENCH_RANDOM_PAGES") or "0")
if pages > 0 then
  request = function()
    return wrk.format(nil, wrk.path .. "&page=" .. math.random(1, pages))
  end
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'JSON {"requests": %d, "duration_us": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, ' ..
    '"bad_status": %d, "socket_errors": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), e.status, e.connect + e.read + e.write + e.timeout))
end
