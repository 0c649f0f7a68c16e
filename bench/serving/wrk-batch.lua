-- wrk script: BATCH=1 -> GET one entity, else POST BATCH entities x FEATURES features.
-- RATE (total requests/s) and CONNECTIONS set: each connection waits CONNECTIONS/RATE s between requests, a paced
-- (fixed offered rate) load while the server keeps up; without RATE the load saturates.
local entities = tonumber(os.getenv("ENTITIES") or "1000000")
local batch = tonumber(os.getenv("BATCH") or "1")
local features = tonumber(os.getenv("FEATURES") or "50")
local refs = {}
for f = 0, features - 1 do refs[#refs + 1] = '"bench:f' .. f .. '"' end
local refList = table.concat(refs, ",")
local rate = tonumber(os.getenv("RATE") or "0")
local connections = tonumber(os.getenv("CONNECTIONS") or "1")
math.randomseed(os.time())

if rate > 0 then
  delay = function() return math.floor(1000 * connections / rate) end
end

request = function()
  if batch == 1 then
    return wrk.format("GET", "/features/bench/c" .. math.random(0, entities - 1))
  end
  local ids = {}
  for i = 1, batch do ids[i] = '"c' .. math.random(0, entities - 1) .. '"' end
  local body = '{"entities":{"customer_id":[' .. table.concat(ids, ",") .. ']},"features":[' .. refList .. ']}'
  return wrk.format("POST", "/features/online", {["Content-Type"] = "application/json"}, body)
end

done = function(summary, latency, requests)
  io.write(string.format("batch=%d %s rps=%.0f p50=%.2f ms p99=%.2f ms p99.9=%.2f ms errors=%d requests=%d\n",
    batch, rate > 0 and ("offered=" .. rate) or "saturation", summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, latency:percentile(99.9) / 1000,
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout, summary.requests))
end
