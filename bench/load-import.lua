-- wrk script of bench/load-import.bench.ts: mixed public traffic with writes. The bench writes the
-- per-run values (document ids, units, unit id, API token) into a small prelude before this file.
--   GET  /xxgk/documents/<random published id>                 documents
--   GET  /xxgk/catalog/<unit>?page=<n>                          lists
--   GET  /search?q=<common words>                               search
--   POST /ysqgk/apply (form, CSRF double-submit cookie)         applications (write)
--   POST /api/v1/documents (staff token)                        drafts (write)
-- Every request comes from a random client address (X-Forwarded-For; the app trusts the loopback proxy
-- only, TRUST_PROXY=true), as a crowd of visitors would, so the per-address limits do not apply to the
-- load generator as a whole. Counts of statuses and of request kinds are printed as JSON by done().

local WORDS = { "政务公开", "通知", "工作要点", "安全生产", "教育", "管理办法", "规划", "预算", "乡村振兴", "营商环境", "实施方案", "政府信息公开" }
local CSRF = "benchloadcsrftoken0123456789"
-- Globals (not local): done() reads them from each thread's state with thread:get; tid is set by setup().
kinds = { doc = 0, list = 0, search = 0, apply = 0, draft = 0 }
statuses = {}
seq = 0
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

local function xff()
  return string.format("10.%d.%d.%d", math.random(0, 255), math.random(0, 255), math.random(1, 254))
end

function request()
  seq = seq + 1
  local p = math.random()
  local h = { ["X-Forwarded-For"] = xff() }
  if p < 0.55 then
    kinds.doc = kinds.doc + 1
    return wrk.format("GET", "/xxgk/documents/" .. DOC_IDS[math.random(#DOC_IDS)], h)
  elseif p < 0.72 then
    kinds.list = kinds.list + 1
    return wrk.format("GET", "/xxgk/catalog/" .. UNITS[math.random(#UNITS)] .. "?page=" .. math.random(1, 3), h)
  elseif p < 0.90 then
    kinds.search = kinds.search + 1
    local q = WORDS[math.random(#WORDS)]
    if math.random() < 0.4 then q = q .. " " .. WORDS[math.random(#WORDS)] end
    return wrk.format("GET", "/search?q=" .. urlencode(q), h)
  elseif p < 0.96 then
    kinds.apply = kinds.apply + 1
    h["Content-Type"] = "application/x-www-form-urlencoded"
    h["Cookie"] = "gk_csrf=" .. CSRF
    local body = table.concat({
      "_csrf=" .. CSRF, "website=", "applicantType=natural",
      "applicant.name=" .. urlencode("压测申请人"), "applicant.idType=resident-id", "applicant.idNumber=11010519491231002X",
      "applicant.phone=13800001111", "applicant.email=", "applicant.address=",
      "unitId=" .. APPLY_UNIT_ID,
      "description=" .. urlencode(string.format("压测申请 %d-%d：申请公开 2024 年度部门预算编制说明", tid, seq)),
      "docRef=", "form=electronic", "delivery=online",
    }, "&")
    return wrk.format("POST", "/ysqgk/apply", h, body)
  else
    kinds.draft = kinds.draft + 1
    h["Content-Type"] = "application/json"
    h["Authorization"] = "Bearer " .. TOKEN
    local body = string.format('{"title":"压测草稿 %d-%d","column":"zd","writtenOn":"2026-03-02","body":"<p>压测正文</p>"}', tid, seq)
    return wrk.format("POST", "/api/v1/documents", h, body)
  end
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local total = {}
  local k = { doc = 0, list = 0, search = 0, apply = 0, draft = 0 }
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
  io.write(string.format('LOADJSON {"statuses":{%s},"kinds":{%s},"requests":%d,"duration_us":%d,"bytes":%d,' ..
    '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},' ..
    '"latency_ms":{"p50":%.2f,"p90":%.2f,"p99":%.2f,"max":%.2f,"mean":%.2f}}\n',
    table.concat(parts, ","), table.concat(kparts, ","), summary.requests, summary.duration, summary.bytes,
    e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000, latency.mean / 1000))
end
