-- wrk script of the burst scenarios. It defines response(), which costs wrk throughput, so the other
-- scenarios keep requests.lua. Arguments (after --):
--   1. what to send: "get" (the paths in turn), "create-link" (POST /api/links, a new target each time) or
--      "register" (POST /api/auth/register, a new email each time);
--   2. a file of request paths, one per line, or "-";
--   3. a file holding the Authorization header value, or "-";
--   4. a Lua pattern every 302's Location must match, or "-";
--   5. a tag that keeps this run's emails and targets apart from any other run's.
-- Each thread counts the statuses it was answered, the 302s whose Location did not match, and the 503s
-- whose body says the database was out of connections (Api/Problems/DatabaseBusyHandler.cs; the other
-- 503s are the load shedding's); done() adds the threads' counts up (each thread has its own Lua state:
-- setup() keeps a reference to it).
local threads = {}

function setup(thread)
  threads[#threads + 1] = thread
  thread:set("thread_number", #threads)
end

function init(args)
  kind = args[1]
  paths = {}
  if args[2] ~= "-" then
    for line in io.lines(args[2]) do
      paths[#paths + 1] = line
    end
  end
  authorization = nil
  if args[3] ~= "-" then
    local file = io.open(args[3], "r")
    authorization = file:read("*l")
    file:close()
  end
  location_pattern = nil
  if args[4] ~= "-" then
    location_pattern = args[4]
  end
  tag = args[5]
  index = thread_number
  sent = 0
  counts = {}
  wrong_locations = 0
  database_busy = 0
end

function request()
  sent = sent + 1
  local headers = {}
  if authorization then
    headers["Authorization"] = authorization
  end
  if kind == "register" then
    headers["Content-Type"] = "application/json"
    return wrk.format("POST", "/api/auth/register", headers, string.format(
      '{"email":"burst-%s-%d-%d@example.com","password":"burst password 123"}', tag, thread_number, sent))
  end
  if kind == "create-link" then
    headers["Content-Type"] = "application/json"
    return wrk.format("POST", "/api/links", headers, string.format(
      '{"url":"https://bench.example/burst/%s/%d/%d"}', tag, thread_number, sent))
  end
  index = index % #paths + 1
  return wrk.format("GET", paths[index], headers)
end

function response(status, headers, body)
  local key = tostring(status)
  counts[key] = (counts[key] or 0) + 1
  if status == 302 and location_pattern then
    local location = headers["Location"] or headers["location"]
    if not location or not string.find(location, location_pattern) then
      wrong_locations = wrong_locations + 1
    end
  end
  if status == 503 and body and string.find(body, "The database is busy", 1, true) then
    database_busy = database_busy + 1
  end
end

function done(summary, latency, requests)
  local totals = {}
  local wrong = 0
  local busy = 0
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("counts")) do
      totals[status] = (totals[status] or 0) + count
    end
    wrong = wrong + thread:get("wrong_locations")
    busy = busy + thread:get("database_busy")
  end
  local statuses = {}
  for status, count in pairs(totals) do
    statuses[#statuses + 1] = string.format('"%s":%d', status, count)
  end
  io.write(string.format(
    'WRK_RESULT {"requests":%d,"durationMicroseconds":%d,"connectErrors":%d,"readErrors":%d,"writeErrors":%d,"statusErrors":%d,"timeouts":%d,' ..
    '"latencyMicroseconds":{"p50":%d,"p90":%d,"p99":%d,"p999":%d,"max":%d,"mean":%.1f},"statusCounts":{%s},"wrongLocations":%d,"databaseBusy":%d}\n',
    summary.requests, summary.duration, summary.errors.connect, summary.errors.read, summary.errors.write,
    summary.errors.status, summary.errors.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9), latency.max, latency.mean,
    table.concat(statuses, ","), wrong, busy))
end
