-- wrk script: POSTs pre-generated requests in turn, so every request is distinct (unique message_uuid, its own
-- signed token). BENCH_REQUESTS names a file with one request per line: "<Authorization value>\t<body>" (empty
-- Authorization: none sent). Thread i of BENCH_THREADS takes lines i, i+T, ... so no two threads send the same one.
-- A request counts as acknowledged when it answers 200 and, for a Lambda invoke (the RIE always answers 200), its
-- proxy response says "statusCode":200. When BENCH_ACKED is set, thread i appends the message_uuid of every
-- acknowledged answer to BENCH_ACKED.i, so lost writes can be counted exactly (acknowledged but not stored).
-- done() prints one line "BENCH {json}" with the acknowledged count, other answers, whether a thread ran out of
-- requests and had to repeat one (then some answers are duplicates), and the latency percentiles.
local threads = {}
local next_id = 0

function setup(thread)
    thread:set("id", next_id)
    next_id = next_id + 1
    table.insert(threads, thread)
end

function init(args)
    local count = tonumber(os.getenv("BENCH_THREADS") or "1")
    requests_pool = {}
    local i = 0
    for line in io.lines(os.getenv("BENCH_REQUESTS")) do
        if i % count == id then
            local tab = line:find("\t", 1, true)
            local headers = { ["Content-Type"] = "application/json" }
            local auth = line:sub(1, tab - 1)
            if auth ~= "" then headers["Authorization"] = auth end
            requests_pool[#requests_pool + 1] = wrk.format("POST", nil, headers, line:sub(tab + 1))
        end
        i = i + 1
    end
    local acked_path = os.getenv("BENCH_ACKED")
    if acked_path then
        acked = io.open(acked_path .. "." .. id, "w")
        acked:setvbuf("no") -- wrk exits without closing Lua states: nothing may wait in a buffer
    end
    sent = 0
    ok = 0
    other = 0
    repeated = 0
end

function request()
    sent = sent + 1
    if sent > #requests_pool then repeated = 1 end
    return requests_pool[(sent - 1) % #requests_pool + 1]
end

local UUID = "message_uuid[^0-9a-f]*([0-9a-f]+%-[0-9a-f]+%-[0-9a-f]+%-[0-9a-f]+%-[0-9a-f]+)"

function response(status, headers, body)
    local code = body and body:match('"statusCode"%s*:%s*(%d+)')
    if status == 200 and (code == nil or code == "200") then
        ok = ok + 1
        if acked then
            local message_uuid = body:match(UUID)
            if message_uuid then acked:write(message_uuid, "\n") end
        end
    else
        other = other + 1
    end
end

function done(summary, latency, requests)
    local ok_total, other_total, repeated_any = 0, 0, 0
    for _, thread in ipairs(threads) do
        ok_total = ok_total + thread:get("ok")
        other_total = other_total + thread:get("other")
        repeated_any = math.max(repeated_any, thread:get("repeated"))
    end
    local e = summary.errors
    io.write(string.format(
        'BENCH {"requests":%d,"duration_us":%d,"ok":%d,"other":%d,"repeated":%d,"errors":%d,' ..
        '"timeouts":%d,"p50_us":%d,"p99_us":%d}\n',
        summary.requests, summary.duration, ok_total, other_total, repeated_any,
        e.connect + e.read + e.write + e.timeout, e.timeout,
        latency:percentile(50), latency:percentile(99)))
end
