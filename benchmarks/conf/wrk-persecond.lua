-- wrk script for benchmarks/reload: counts responses per wall-clock second (and non-2xx ones), so that a dip
-- during reloads shows. The per-response callback costs wrk CPU, the same for every server. At the end it prints
-- the RESULT line of conf/wrk.lua and a SERIES line: "SERIES epoch:count:bad,epoch:count:bad,...".

local threads = {}

setup = function(thread)
   table.insert(threads, thread)
end

init = function(args)
   counts = {}
   bad = {}
end

response = function(status, headers, body)
   local second = os.time()
   counts[second] = (counts[second] or 0) + 1
   if status < 200 or status > 299 then
      bad[second] = (bad[second] or 0) + 1
   end
end

done = function(summary, latency, requests)
   local e = summary.errors
   io.write(string.format(
      "RESULT requests=%d duration_us=%d bytes=%d p50_us=%.0f p99_us=%.0f max_us=%.0f"
         .. " connect_errors=%d read_errors=%d write_errors=%d status_errors=%d timeouts=%d\n",
      summary.requests, summary.duration, summary.bytes, latency:percentile(50), latency:percentile(99),
      latency.max, e.connect, e.read, e.write, e.status, e.timeout))
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
