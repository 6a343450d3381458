-- wrk script for benchmarks/run, benchmarks/tls and benchmarks/http. Its arguments (wrk ... URL -- ARGS), any
-- of them together:
--   N > 1             pipeline: each write carries N requests and wrk counts each response; the latency wrk
--                     records is then the time for the whole batch of N;
--   close             send "Connection: close", so that every request takes a new connection;
--   gzip              send "Accept-Encoding: gzip";
--   range=SIZE:LEN    ask each request for LEN bytes from a random offset of a SIZE-byte file (Range: bytes=a-b).
-- At the end it prints one machine-readable RESULT line (latencies in microseconds).

init = function(args)
   local depth, size, length = 1, nil, nil
   for _, word in ipairs(args) do
      if word == "close" then
         wrk.headers["Connection"] = "close"
      elseif word == "gzip" then
         wrk.headers["Accept-Encoding"] = "gzip"
      elseif word:match("^range=%d+:%d+$") then
         size, length = word:match("^range=(%d+):(%d+)$")
         size, length = tonumber(size), tonumber(length)
      else
         depth = tonumber(word)
            or error("wrk.lua: unknown argument '" .. word .. "' (a pipeline depth, close, gzip or range=SIZE:LEN)")
      end
   end
   if size then
      -- Each thread draws its own offsets; the same seed everywhere, so every server is asked the same ranges.
      math.randomseed(1)
      local headers = {}
      for name, value in pairs(wrk.headers) do
         headers[name] = value
      end
      request = function()
         local first = math.random(0, size - length)
         headers["Range"] = "bytes=" .. first .. "-" .. (first + length - 1)
         return wrk.format(nil, nil, headers)
      end
   elseif depth > 1 then
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
