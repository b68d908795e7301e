-- wrk script: one JSON line with throughput, latency percentiles and failures.
-- With BENCH_PATHS=file every request asks for the next path of that file (one per line,
-- written by bench/api_reads.py from a seeded generator); each wrk thread starts at its own
-- place in the list, so no two threads ask for the same sequence.
local paths = {}
local file = os.getenv("BENCH_PATHS")
if file and file ~= "" then
  for line in io.lines(file) do
    if line ~= "" then paths[#paths + 1] = line end
  end
end

local threads = 0
function setup(thread)
  thread:set("thread_number", threads)
  threads = threads + 1
end

local position = 0
function init(args)
  if #paths > 0 then
    -- thread_number is set by setup() before init() runs in the thread.
    position = (thread_number * 7919) % #paths
  end
end

if #paths > 0 then
  request = function()
    position = position % #paths + 1
    return wrk.format(nil, paths[position])
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
