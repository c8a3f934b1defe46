-- wrk script for bench/eservices_submit.sh: POSTs fault reports to the trusted-integration
-- submission API, each with its own requestId (the API's idempotency key), as one citizen.
-- Environment: SUBMIT_TARGETS, space-separated "<kommunkod>=<bearer token>" pairs (one API
-- client per municipality). Each request goes to the next municipality in turn (round robin,
-- each thread starting elsewhere), so with several targets the municipalities' receipt
-- counters and audit chains are used side by side; with one target every request queues on
-- the same rows.
local targets = {}
for code, token in string.gmatch(os.getenv("SUBMIT_TARGETS") or "", "(%d%d%d%d)=([^%s]+)") do
  targets[#targets + 1] = {
    path = "/api/v1/municipalities/" .. code .. "/eservices/felanmalan-gata-park/submissions",
    token = token,
  }
end
local threads = 0
local counter = 0

function setup(thread)
  thread:set("tid", threads)
  threads = threads + 1
end

function init(args)
  if #targets == 0 then error("SUBMIT_TARGETS is empty") end
  math.randomseed(os.time() + (tid or 0))
  run = math.random(1, 1000000000)
end

function request()
  counter = counter + 1
  local target = targets[(counter + (tid or 0)) % #targets + 1]
  local body = string.format(
    '{"requestId":"bench-%d-%d-%d","personnummer":"19121212-1212","version":1,' ..
    '"answers":{"fault-type":"pothole","description":"Ett djupt hål i vägen vid busshållplatsen",' ..
    '"address":"Storgatan %d"}}', run, tid or 0, counter, counter % 200 + 1)
  return wrk.format("POST", target.path, {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. target.token,
  }, body)
end
