-- wrk script of bench/pages.bench.ts: GET requests over a list of paths, one path a line in a file.
--   wrk -t2 -c50 -d10s -s bench/pages.lua <base> -- <paths file> [uniform|zipf] [zipf exponent]
-- uniform: every path equally likely; zipf: the path on line k with weight 1/k^s (the file lists the paths
-- in rank order, shuffled by the benchmark). Requests are formatted once in init(), so the per-request
-- work of wrk is a random number (and for Zipf a binary search). No response() callback: wrk counts
-- statuses outside 2xx/3xx itself (errors.status), and a Lua call per response would slow wrk down more
-- against nginx than against the app. done() prints one line "PAGESJSON {...}" for the benchmark.

local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("tid", counter)
end

local reqs = {}
local cum = nil
local n = 0

function init(args)
  local file, mode, s = args[1], args[2] or "uniform", tonumber(args[3] or "1")
  for line in io.lines(file) do
    if #line > 0 then
      n = n + 1
      reqs[n] = wrk.format("GET", line)
    end
  end
  if n == 0 then error("no paths in " .. tostring(file)) end
  if mode == "zipf" then
    cum = {}
    local total = 0
    for k = 1, n do
      total = total + 1 / (k ^ s)
      cum[k] = total
    end
    for k = 1, n do cum[k] = cum[k] / total end
  end
  math.randomseed(os.time() * 1000 + (tid or 0) * 7919)
end

function request()
  if n == 1 then return reqs[1] end
  if cum == nil then return reqs[math.random(n)] end
  local r = math.random()
  local lo, hi = 1, n
  while lo < hi do
    local mid = math.floor((lo + hi) / 2)
    if cum[mid] < r then lo = mid + 1 else hi = mid end
  end
  return reqs[lo]
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'PAGESJSON {"requests":%d,"duration_us":%d,"bytes":%d,"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},' ..
    '"latency_ms":{"p50":%.3f,"p90":%.3f,"p99":%.3f,"max":%.3f,"mean":%.3f}}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000, latency.mean / 1000))
end
