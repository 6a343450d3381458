-- wrk script for benchmarks/reload: conf/wrk.lua (its arguments and its RESULT line) plus a count of responses
-- per wall-clock second (and non-2xx ones), so that a dip during reloads shows. The per-response callback costs
-- wrk CPU, the same for every server. At the end, after the RESULT line, a SERIES line:
-- "SERIES epoch:count:bad,epoch:count:bad,...".

dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "wrk.lua")

local threads = {}
local wrk_init, wrk_done = init, done

setup = function(thread)
   table.insert(threads, thread)
end

init = function(args)
   counts = {}
   bad = {}
   wrk_init(args)
end

response = function(status, headers, body)
   local second = os.time()
   counts[second] = (counts[second] or 0) + 1
   if status < 200 or status > 299 then
      bad[second] = (bad[second] or 0) + 1
   end
end

done = function(summary, latency, requests)
   wrk_done(summary, latency, requests)
   local total, failed = {}, {}
   for _, thread in ipairs(threads) do
      for second, n in pairs(thread:get("counts")) do
         total[second] = (total[second] or 0) + n
      end
      for second, n in pairs(thread:get("bad")) do
         failed[second] = (failed[second] or 0) + n
      end
   end
   local seconds = {}
   for second in pairs(total) do
      table.insert(seconds, second)
   end
   table.sort(seconds)
   local parts = {}
   for _, second in ipairs(seconds) do
      table.insert(parts, string.format("%d:%d:%d", second, total[second], failed[second] or 0))
   end
   io.write("SERIES " .. table.concat(parts, ",") .. "\n")
end
