-- wrk script of bench/power-lists.bench.ts: the public 权责清单. The bench writes a prelude before this file:
-- KIND ('mix' or one kind), ITEM_IDS, UNIT_IDS, PAGES (pages of the whole list), WORDS.
--   list  GET /qzqd?page=<1..PAGES>                 the current list, any page
--   type  GET /qzqd?type=<power type>&page=<1..3>   a type filter
--   unit  GET /qzqd?unit=<unit id>                  a unit filter
--   word  GET /qzqd?q=<words>                       a search
--   item  GET /qzqd/<id>                            an item with its public history
-- Mix: 35 % list, 15 % type, 10 % unit, 10 % word, 30 % item. Statuses and kinds are printed as JSON by done().
local TYPES = { "行政许可", "行政处罚", "行政强制", "行政征收", "行政给付", "行政检查", "行政确认", "行政奖励", "行政裁决", "其他" }
kinds = { list = 0, type = 0, unit = 0, word = 0, item = 0 }
statuses = {}
tid = 0

local threads = {}
local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("tid", counter)
  table.insert(threads, thread)
end

function init(args)
  math.randomseed(tid * 7919 + 17)
end

local function urlencode(s)
  return (s:gsub("[^%w%-_%.~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

local function pick()
  if KIND ~= "mix" then return KIND end
  local p = math.random()
  if p < 0.35 then return "list" elseif p < 0.50 then return "type" elseif p < 0.60 then return "unit" elseif p < 0.70 then return "word" else return "item" end
end

function request()
  local k = pick()
  kinds[k] = kinds[k] + 1
  if k == "list" then
    return wrk.format("GET", "/qzqd?page=" .. math.random(1, PAGES))
  elseif k == "type" then
    return wrk.format("GET", "/qzqd?type=" .. urlencode(TYPES[math.random(#TYPES)]) .. "&page=" .. math.random(1, 3))
  elseif k == "unit" then
    return wrk.format("GET", "/qzqd?unit=" .. UNIT_IDS[math.random(#UNIT_IDS)])
  elseif k == "word" then
    return wrk.format("GET", "/qzqd?q=" .. urlencode(WORDS[math.random(#WORDS)]))
  else
    return wrk.format("GET", "/qzqd/" .. ITEM_IDS[math.random(#ITEM_IDS)])
  end
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local total = {}
  local k = { list = 0, type = 0, unit = 0, word = 0, item = 0 }
  for _, t in ipairs(threads) do
    local s = t:get("statuses")
    for code, n in pairs(s) do total[code] = (total[code] or 0) + n end
    local tk = t:get("kinds")
    for name, n in pairs(tk) do k[name] = k[name] + n end
  end
  local parts = {}
  for code, n in pairs(total) do table.insert(parts, string.format('"%d":%d', code, n)) end
  local kparts = {}
  for name, n in pairs(k) do table.insert(kparts, string.format('"%s":%d', name, n)) end
  local e = summary.errors
  io.write(string.format('LOADJSON {"statuses":{%s},"kinds":{%s},"requests":%d,"duration_us":%d,' ..
    '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},' ..
    '"latency_ms":{"p50":%.2f,"p90":%.2f,"p99":%.2f,"max":%.2f,"mean":%.2f}}\n',
    table.concat(parts, ","), table.concat(kparts, ","), summary.requests, summary.duration,
    e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000, latency.mean / 1000))
end
