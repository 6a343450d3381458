# shellcheck shell=bash disable=SC2034,SC2153 # shares variables with benchmarks/run and the other libs
# The scenarios. Each measured run appends one "key=value ..." line to $RAW; report.py takes medians.
# Set by benchmarks/run: DURATION, WARMUP (seconds), RAW, COMMANDS (file of the exact commands run).

declare -A SCENARIO_TEXT=(
  [small]="612 B file, wrk -t1 -c64, keep-alive"
  [10k]="10 KiB file, wrk -t1 -c64, keep-alive"
  [large]="1 MiB file, wrk -t1 -c16, keep-alive (sendfile)"
  [pipelined]="612 B file, wrk -t1 -c16, 16 requests pipelined per write (no p99: see README)"
  [close]="612 B file, wrk -t1 -c64, Connection: close (a new connection per request)"
  [crowd]="wrk -t1 -c64 on 612 B: alone, beside 5,000 keep-alive clients sending a request every 3 s, alone again"
  [idle]="~19,000 keep-alive connections, each sending one request every 4 s; server memory per connection"
)

CLIENT_PIDS=()      # load clients running in the background, for the exit trap
SOURCE_SEQ=0        # each client run connects from fresh 127.0.N.x addresses (no port reuse across runs)

# wrk's arguments for a scenario, URL included; the script's arguments go after "--" (see conf/wrk.lua). Not
# -H 'Connection: close': wrk drops a header without a space after its colon, and these words are split on spaces.
# $2 is the server's port: its cleartext one, or for benchmarks/tls's wrk scenarios (tls-*, handshakes) its TLS one.
# benchmarks/http's scenarios follow handshakes; BIG_FILE_BYTES is its big.bin's size.
wrk_args() {
  local url=http://127.0.0.1:$2 tls=https://127.0.0.1:$2
  case $1 in
    small | crowd) echo "-t1 -c64 $url/612.html" ;;
    10k) echo "-t1 -c64 $url/10k.bin" ;;
    large) echo "-t1 -c16 $url/1m.bin" ;;
    pipelined) echo "-t1 -c16 $url/612.html -- 16" ;;
    close) echo "-t1 -c64 $url/612.html -- close" ;;
    tls-small) echo "-t1 -c64 $tls/612.html" ;;
    tls-large) echo "-t1 -c16 $tls/1m.bin" ;;
    handshakes) echo "-t1 -c64 $tls/612.html -- close" ;;
    small-gzip | small-gzip-off) echo "-t1 -c64 $url/612.html -- gzip" ;;
    gzip) echo "-t1 -c16 $url/text.css -- gzip" ;;
    gzip-static) echo "-t1 -c64 $url/static.css -- gzip" ;;
    range) echo "-t1 -c16 $url/big.bin -- range=$BIG_FILE_BYTES:65536" ;;
    close-log | close-lookups) echo "-t1 -c64 $url/612.html -- close" ;;
  esac
}

# Runs wrk for $2 seconds with the scenario's arguments ($1), its output kept in file $3; prints its RESULT line,
# with the connections accepted meanwhile and wrk's CPU (user + system over its wall-clock time, % of one core).
# WRK_SCRIPT replaces conf/wrk.lua (benchmarks/mpm/run: conf/wrk-noprobe.lua).
wrk_run() {
  local seconds=$2 log=$3 args
  read -ra args <<<"$1"
  local cmd=(wrk -d"${seconds}s" --timeout 5s -s "${WRK_SCRIPT:-$BENCH_DIR/conf/wrk.lua}" "${args[@]}")
  echo "${cmd[*]}" >>"$COMMANDS"
  # bash's time prints in the locale's number format: C keeps awk able to read it.
  local before after times LC_ALL=C TIMEFORMAT='%R %U %S'
  before=$(tcp_accepted)
  times=$({ time "${cmd[@]}" >"$log" 2>&1; } 2>&1) || true
  after=$(tcp_accepted)
  echo "$(grep '^RESULT' "$log" || echo "RESULT failed=1") accepted=$((after - before))" \
    "client_cpu_pct=$(awk 'END { if ($1 > 0) printf "%.0f", 100 * ($2 + $3) / $1 }' <<<"$times")"
}

# TCP connections accepted on this whole machine so far (PassiveOpens in /proc/net/snmp). Over a wrk run of
# scenarios 1-5 that is the connections the server accepted from wrk; during the crowd's hammer it counts the
# crowd's connects as well.
tcp_accepted() {
  awk '$1 == "Tcp:" { if (!col) { for (i = 2; i <= NF; i++) if ($i == "PassiveOpens") col = i } else print $col }' \
    /proc/net/snmp
}

# The raw line's rps, p99_ms, errors, connections accepted per request and wrk's CPU, from wrk_run's output.
wrk_fields() {
  local line=$1 requests duration
  requests=$(field "$line" requests) duration=$(field "$line" duration_us)
  [[ -n $requests && $duration -gt 0 ]] ||
    { echo "rps= p99_ms= errors= conns_per_req= client_cpu_pct="; return; }
  awk -v r="$requests" -v d="$duration" -v p="$(field "$line" p99_us)" -v e="$(wrk_errors "$line")" \
    -v a="$(field "$line" accepted)" -v c="$(field "$line" client_cpu_pct)" \
    'BEGIN { printf "rps=%.1f p99_ms=%.3f errors=%d conns_per_req=%s client_cpu_pct=%s", r / (d / 1e6), p / 1000,
             e, (r > 0 ? sprintf("%.2f", a / r) : ""), c }'
}

wrk_errors() {
  local key sum=0 v
  for key in connect_errors read_errors write_errors status_errors timeouts; do
    v=$(field "$1" "$key")
    sum=$((sum + ${v:-0}))
  done
  echo "$sum"
}

# Once per server before round 1: the small, 10k and close loads for $1 seconds each, so a JIT-compiled server
# is measured compiled, its accept and close path included (the short warm-up before each run is not enough for
# that: Pollux's first 3 s of close ran at 13 k connections a second, the next at 20 k); the C servers lose
# nothing by it.
warm_up_servers() {
  local server scenario
  for server in "${RUNNING[@]}"; do
    for scenario in small 10k close; do
      wrk_run "$(wrk_args "$scenario" "${PORT[$server]}")" "$1" "$WORK/logs/warmup.out" >/dev/null
    done
  done
}

# Scenarios 1-5 (and benchmarks/tls's wrk scenarios, whose TLS port is $4): a warm-up run, then the measured run.
run_wrk_scenario() {
  local scenario=$1 server=$2 round=$3 port=${4:-${PORT[$2]}} args line fields conns
  args=$(wrk_args "$scenario" "$port")
  wrk_run "$args" "$WARMUP" "$WORK/logs/warmup.out" >/dev/null
  line=$(wrk_run "$args" "$DURATION" "$WORK/logs/wrk-$scenario-$server-$round.out")
  fields=$(wrk_fields "$line")
  # wrk corrects its latencies for coordinated omission assuming one request per round trip per connection;
  # with 16 pipelined requests that correction is wrong (it reports 0 or absurd values), so no p99 is kept.
  [[ $scenario == pipelined ]] && fields="${fields/p99_ms=* errors=/p99_ms= errors=}"
  echo "scenario=$scenario server=$server round=$round $fields" >>"$RAW"
  say "  $scenario / $server: $fields"
  conns=$(field "$fields" conns_per_req)
  if [[ $scenario == close* || $scenario == handshakes ]] && awk -v c="$conns" 'BEGIN { exit !(c != "" && c < 0.9) }'; then
    say "  WARNING: $scenario / $server accepted fewer connections than it answered requests: keep-alive was used"
  fi
}

# Starts one load client in the background, output to file $1; its pid is added to CLIENT_PIDS.
start_client() {
  local out=$1
  shift
  echo "java -cp benchmarks/work/classes dev.pollux.bench.load.KeepAliveClients $*" >>"$COMMANDS"
  load_client "$@" >"$out" 2>&1 &
  CLIENT_PIDS+=($!)
}

# Waits until each of the files has a READY line; fails after $1 seconds or as soon as a client has died.
wait_ready() {
  local deadline=$((SECONDS + $1)) file pid ready
  shift
  while ((SECONDS < deadline)); do
    ready=0
    for file in "$@"; do grep -q '^READY' "$file" && ready=$((ready + 1)); done
    ((ready == $#)) && return 0
    for pid in "${CLIENT_PIDS[@]}"; do kill -0 "$pid" 2>/dev/null || return 1; done
    sleep 0.2
  done
  return 1
}

# Waits for the background clients, killing any still running after $1 seconds.
wait_clients() {
  local deadline=$((SECONDS + $1)) pid
  for pid in "${CLIENT_PIDS[@]}"; do
    while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.2; done
    kill -0 "$pid" 2>/dev/null && { say "  client $pid overran; killing it"; kill "$pid" 2>/dev/null; }
    wait "$pid" 2>/dev/null || true
  done
  CLIENT_PIDS=()
}

# Sets SOURCES to $1 comma-separated local addresses that no earlier client run of this harness used, so no
# run finds ephemeral ports still held. (A function setting a variable: $(...) would lose the counter.)
next_sources() {
  local i list=()
  for ((i = 0; i < $1; i++)); do
    SOURCE_SEQ=$((SOURCE_SEQ + 1))
    list+=("127.0.$((SOURCE_SEQ / 200 % 250 + 1)).$((SOURCE_SEQ % 200 + 10))")
  done
  SOURCES=$(IFS=,; echo "${list[*]}")
}

# Scenario 6: the hammer (wrk, as in "small") alone, then while 5,000 slow keep-alive clients come and go, then
# alone again once they have gone; the three runs back to back, and the crowd's run compared with the mean of the
# two around it, so neither drift nor one unlucky run alone decides the ratio. No warm-up of its own: each server
# had the run's initial warm-up and, in a full run, every round of scenarios 1-5 before this.
run_crowd() {
  local server=$1 round=$2 port=${PORT[$1]} out=$WORK/logs/crowd-$1-$2.out hammer=$WORK/logs/hammer-$1-$2.out
  local alone after
  alone=$(wrk_run "$(wrk_args crowd "$port")" "$DURATION" "$WORK/logs/wrk-alone-$server-$round.out")
  next_sources 2
  start_client "$out" --label crowd --target "127.0.0.1:$port" --connections "$CROWD_CONNECTIONS" \
    --interval-ms 3000 --duration-s $((DURATION + 4)) --ramp-timeout-s 30 --sources "$SOURCES"
  if ! wait_ready 90 "$out"; then
    say "  crowd / $server: the crowd did not get ready; see $out"
    wait_clients 5
    echo "scenario=crowd server=$server round=$round rps= p99_ms=" >>"$RAW"
    return
  fi
  sleep 1
  wrk_run "$(wrk_args crowd "$port")" "$DURATION" "$WORK/logs/wrk-crowd-$server-$round.out" >"$hammer" &
  CLIENT_PIDS+=($!)
  sleep $((DURATION / 2))
  local rss threads procs crowd_line
  read -r rss threads procs <<<"$(server_stats "${PID[$server]}")"
  wait_clients $((DURATION + 30))
  sleep 1
  after=$(wrk_run "$(wrk_args crowd "$port")" "$DURATION" "$WORK/logs/wrk-after-$server-$round.out")
  [[ -n $(field "$(wrk_fields "$after")" rps) ]] ||
    say "  crowd / $server: the run alone after the crowd failed; this round compares with the run before only"
  crowd_line=$(grep '^RESULT' "$out" || true)
  echo "scenario=crowd server=$server round=$round $(wrk_fields "$(cat "$hammer")")" \
    "alone_rps=$(field "$(wrk_fields "$alone")" rps) after_rps=$(field "$(wrk_fields "$after")" rps)" \
    "crowd_p99_ms=$(field "$crowd_line" p99_ms) crowd_closed=$(field "$crowd_line" server_closed)" \
    "crowd_failed=$(field "$crowd_line" failed) crowd_connect_failed=$(field "$crowd_line" connect_failed)" \
    "crowd_alive=$(field "$crowd_line" alive) crowd_rps=$(field "$crowd_line" rps)" \
    "crowd_client_cpu_s=$(field "$crowd_line" client_cpu_s)" \
    "rss_kb=$rss threads=$threads procs=$procs" >>"$RAW"
  say "  crowd / $server: $(tail -1 "$RAW" | cut -d' ' -f4-)"
}

# Scenario 7: as many keep-alive connections as the descriptor limit allows, opened by several clients.
run_idle() {
  local server=$1 round=$2 port=${PORT[$1]} clients=4 i outs=() base rss threads procs
  local total=$((FD_LIMIT - 1000 < 19000 ? FD_LIMIT - 1000 : 19000))
  sleep 2
  read -r base _ _ <<<"$(server_stats "${PID[$server]}")"
  for ((i = 1; i <= clients; i++)); do
    outs+=("$WORK/logs/idle-$server-$round-$i.out")
    next_sources 2
    start_client "${outs[-1]}" --label "idle-$i" --target "127.0.0.1:$port" --connections $((total / clients)) \
      --interval-ms 4000 --duration-s "$IDLE_HOLD" --ramp-timeout-s 30 --connect-concurrency 128 \
      --sources "$SOURCES"
  done
  wait_ready 120 "${outs[@]}" || say "  idle / $server: not every client got ready"
  sleep $((IDLE_HOLD / 2))
  read -r rss threads procs <<<"$(server_stats "${PID[$server]}")"
  wait_clients $((IDLE_HOLD + 30))
  cat "${outs[@]}" | grep '^RESULT' | awk -v s="$server" -v r="$round" -v t="$total" -v b="$base" -v m="$rss" \
    -v th="$threads" -v p="$procs" '
    { for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] += kv[2] } }
    END {
      printf "scenario=idle server=%s round=%s target=%d opened=%d alive=%d idle_closed=%d idle_failed=%d", s, r, t,
        v["opened"], v["alive"], v["server_closed"], v["failed"] + v["connect_failed"]
      printf " rss_before_kb=%d rss_kb=%d threads=%d procs=%d", b, m, th, p
      if (v["alive"] > 0) printf " kib_per_conn=%.2f", (m - b) / v["alive"]
      printf "\n"
    }' >>"$RAW"
  say "  idle / $server: $(tail -1 "$RAW" | cut -d' ' -f4-)"
}
