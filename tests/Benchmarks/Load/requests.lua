-- wrk script of the benchmark harness. Arguments (after --): a file of request paths, one per line;
-- the method (GET, HEAD or POST); a file holding the Authorization header value or "-"; the delay between a
-- connection's requests in ms (0: as fast as possible); the number of threads. Each thread walks the paths from its own offset,
-- so with enough paths no two requests of a run share one (cold cache misses). A POST sends the body
-- {"url":"https://bench.example/<path>"}, so every created link has its own target.
local thread_count = 0

function setup(thread)
  thread_count = thread_count + 1
  thread:set("thread_number", thread_count)
end

function init(args)
  paths = {}
  for line in io.lines(args[1]) do
    paths[#paths + 1] = line
  end
  method = args[2]
  authorization = nil
  if args[3] ~= "-" then
    local file = io.open(args[3], "r")
    authorization = file:read("*l")
    file:close()
  end
  pause = tonumber(args[4])
  local threads = tonumber(args[5])
  index = math.floor((thread_number - 1) * #paths / threads)
end

function request()
  index = index % #paths + 1
  local headers = {}
  if authorization then
    headers["Authorization"] = authorization
  end
  if method == "POST" then
    headers["Content-Type"] = "application/json"
    return wrk.format("POST", "/api/links", headers, '{"url":"https://bench.example/' .. paths[index] .. '"}')
  end
  return wrk.format(method, paths[index], headers)
end

function delay()
  return pause
end

function done(summary, latency, requests)
  io.write(string.format(
    'WRK_RESULT {"requests":%d,"durationMicroseconds":%d,"connectErrors":%d,"readErrors":%d,"writeErrors":%d,"statusErrors":%d,"timeouts":%d,' ..
    '"latencyMicroseconds":{"p50":%d,"p90":%d,"p99":%d,"p999":%d,"max":%d,"mean":%.1f}}\n',
    summary.requests, summary.duration, summary.errors.connect, summary.errors.read, summary.errors.write,
    summary.errors.status, summary.errors.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9), latency.max, latency.mean))
end
