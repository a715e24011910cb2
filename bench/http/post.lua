-- post.lua — wrk script: POST /api/v1/transfers, one transfer per request, each with its own id
-- and Idempotency-Key (thread number + counter), 0.01 from approp to sink.
local counter = 0
local thread_id = 0
local threads = {}
function setup(thread)
  thread:set("tid", #threads + 1)
  table.insert(threads, thread)
end
function init(args)
  thread_id = tid
  prefix = os.getenv("BENCH_PREFIX") or "b"
end
function request()
  counter = counter + 1
  local id = string.format("%s-%d-%d", prefix, thread_id, counter)
  local body = '{"id":"' .. id .. '","debit":"approp","credit":"sink","amount_fen":1}'
  wrk.headers["Idempotency-Key"] = id
  wrk.headers["Content-Type"] = "application/json"
  return wrk.format("POST", "/api/v1/transfers", nil, body)
end
