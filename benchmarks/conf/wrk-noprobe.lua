-- conf/wrk.lua (same arguments, same RESULT line) without wrk's test connection. Before its run wrk connects
-- once to the server with a blocking connect() (wrk.resolve, in wrk's own wrk.lua) and starts its clock only
-- after that connect returns; when the server's listen backlog is full (benchmarks/mpm/run: prefork and worker
-- under a keep-alive crowd) the kernel drops the SYN and retries it after 1, 2, 4 ... s, so wrk's run began up to
-- 7 s late in smoke runs, after the crowd it was meant to run beside had gone. Without the test, wrk's clock
-- starts at once and its connects wait, non-blocking, within the run.
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(here .. "wrk.lua")

function wrk.resolve(host, service)
   wrk.addrs = wrk.lookup(host, service)
end
