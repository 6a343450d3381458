-- wrk script for benchmarks/run. Its arguments (wrk ... URL -- ARGS):
--   N > 1   pipeline: each write carries N requests and wrk counts each response; the latency wrk records is
--           then the time for the whole batch of N;
--   close   send "Connection: close", so that every request takes a new connection.
-- At the end it prints one machine-readable RESULT line (latencies in microseconds).

init = function(args)
   local depth = 1
   for _, word in ipairs(args) do
      if word == "close" then
         wrk.headers["Connection"] = "close"
      else
         depth = tonumber(word) or error("wrk.lua: unknown argument '" .. word .. "' (a pipeline depth or close)")
      end
   end
   if depth > 1 then
      local batch = {}
      for i = 1, depth do
         batch[i] = wrk.format(nil, wrk.path)
      end
      local payload = table.concat(batch)
      request = function()
         return payload
      end
   end
end

done = function(summary, latency, requests)
   local e = summary.errors
   io.write(string.format(
      "RESULT requests=%d duration_us=%d bytes=%d p50_us=%.0f p99_us=%.0f max_us=%.0f"
         .. " connect_errors=%d read_errors=%d write_errors=%d status_errors=%d timeouts=%d\n",
      summary.requests, summary.duration, summary.bytes, latency:percentile(50), latency:percentile(99),
      latency.max, e.connect, e.read, e.write, e.status, e.timeout))
end
