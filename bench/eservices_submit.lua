-- wrk script for bench/eservices_submit.sh: POSTs fault reports to the trusted-integration
-- submission API, each with its own requestId (the API's idempotency key), as one citizen.
-- Environment: SUBMIT_PATH, SUBMIT_TOKEN.
local path = os.getenv("SUBMIT_PATH")
local token = os.getenv("SUBMIT_TOKEN")
local threads = 0
local counter = 0

function setup(thread)
  thread:set("tid", threads)
  threads = threads + 1
end

function init(args)
  math.randomseed(os.time() + (tid or 0))
  run = math.random(1, 1000000000)
end

function request()
  counter = counter + 1
  local body = string.format(
    '{"requestId":"bench-%d-%d-%d","personnummer":"19121212-1212","version":1,' ..
    '"answers":{"fault-type":"pothole","description":"Ett djupt hål i vägen vid busshållplatsen",' ..
    '"address":"Storgatan %d, Eksjö"}}', run, tid or 0, counter, counter % 200 + 1)
  return wrk.format("POST", path, {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. token,
  }, body)
end
