# shellcheck shell=bash disable=SC2034 # variables set here are used by benchmarks/run and the other libs
# Shared helpers of benchmarks/run: messages, tools, the docroot, the Java load client, process statistics.
# Sourced by benchmarks/run, which sets BENCH_DIR, REPO_DIR and WORK.

say() { printf '[bench %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
die() { say "error: $*"; exit 1; }

# Tools the harness runs, as "command:Debian package". Every scenario of benchmarks/run, pipelining included, is
# measured with wrk (DESIGN.md: "same client (wrk)"); benchmarks/tls adds h2load (nghttp2-client) for HTTP/2.
TOOLS=(wrk:wrk apache2:apache2 nginx:nginx curl:curl python3:python3 javac:openjdk-17-jdk-headless ps:procps
       ss:iproute2)

# Installs missing tools with apt-get when root; otherwise names them and stops.
require_tools() {
  local missing=() tool
  for tool in "${TOOLS[@]}"; do
    command -v "${tool%%:*}" >/dev/null 2>&1 || missing+=("${tool#*:}")
  done
  ((${#missing[@]} == 0)) && return 0
  if ((EUID != 0)); then
    die "missing tools; install them first: sudo apt-get install -y ${missing[*]}"
  fi
  say "installing ${missing[*]} with apt-get"
  # A temporary policy-rc.d keeps the packages from starting their system services (nginx and apache2 on
  # port 80): this harness runs its own instances and must not leave others running.
  local policy=/usr/sbin/policy-rc.d own_policy=0
  if [[ ! -e $policy ]]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod 755 "$policy" && own_policy=1
  fi
  local rc=0
  { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}"; } >&2 || rc=$?
  ((own_policy)) && rm -f "$policy"
  ((rc == 0)) || die "apt-get install ${missing[*]} failed"
}

# Servers and clients inherit the raised limit; the idle scenario needs ~19,000 descriptors per process.
raise_fd_limit() {
  ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
  FD_LIMIT=$(ulimit -n)
}

# One docroot for all three servers. Files are rewritten only when their size is wrong.
make_docroot() {
  local root=$WORK/docroot
  mkdir -p "$root"
  if [[ $(stat -c %s "$root/612.html" 2>/dev/null) != 612 ]]; then
    python3 - "$root/612.html" <<'PY'
import sys
head = ("<!DOCTYPE html>\n<html>\n<head>\n<title>Welcome</title>\n</head>\n<body>\n"
        "<h1>Welcome</h1>\n<p>A 612-byte page, the size of nginx's classic welcome page, "
        "served by each server in the side-by-side benchmark.</p>\n")
tail = "</body>\n</html>\n"
pad = 612 - len(head) - len(tail) - len("<!--  -->\n")
page = head + "<!-- " + "." * pad + " -->\n" + tail
assert len(page.encode()) == 612
open(sys.argv[1], "w").write(page)
PY
  fi
  [[ $(stat -c %s "$root/10k.bin" 2>/dev/null) == 10240 ]] || head -c 10240 /dev/urandom >"$root/10k.bin"
  [[ $(stat -c %s "$root/1m.bin" 2>/dev/null) == 1048576 ]] || head -c 1048576 /dev/urandom >"$root/1m.bin"
  [[ -s $root/index.html ]] || printf '<!DOCTYPE html>\n<title>Pollux benchmark</title>\n<p>benchmark docroot</p>\n' \
    >"$root/index.html"
  # The httpd and nginx workers run as www-data when the harness is root: everything must be world-readable.
  chmod 755 "$root" && chmod 644 "$root"/*
  printf 'text/html\thtml\ntext/css\tcss\napplication/octet-stream\tbin\n' >"$WORK/mime.types"
}

# Compiles the JDK-only load client alone, so it works while the server modules do not build.
compile_load_client() {
  local src=$BENCH_DIR/src/main/java/dev/pollux/bench/load
  CLIENT_CLASSES=$WORK/classes
  rm -rf "$CLIENT_CLASSES"
  javac -d "$CLIENT_CLASSES" "$src"/*.java || die "the load client in $src does not compile"
}

# Runs the load client; arguments are its options (see KeepAliveClients).
load_client() {
  java -Xss256k -Xms64m -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp "$CLIENT_CLASSES" dev.pollux.bench.load.KeepAliveClients "$@"
}

# The pid and every descendant of it.
process_tree() {
  ps -e -o pid=,ppid= | awk -v root="$1" '
    { kids[$2] = kids[$2] " " $1 }
    END {
      queue[1] = root; n = 1
      for (i = 1; i <= n; i++) {
        print queue[i]
        c = split(kids[queue[i]], list, " ")
        for (j = 1; j <= c; j++) queue[++n] = list[j]
      }
    }'
}

# "RSS_KB THREADS PROCESSES" summed over a server's process tree (httpd and nginx: parent and children).
server_stats() {
  local pid rss=0 threads=0 procs=0 r t
  for pid in $(process_tree "$1"); do
    read -r r t < <(awk '/^VmRSS:/ { r = $2 } /^Threads:/ { t = $2 } END { print r + 0, t + 0 }' \
      "/proc/$pid/status" 2>/dev/null) || continue
    ((t > 0)) || continue
    rss=$((rss + r)) threads=$((threads + t)) procs=$((procs + 1))
  done
  echo "$rss $threads $procs"
}

# Waits until a URL answers 200, for at most $2 seconds, giving up early if process $3 has exited.
wait_for_url() {
  local url=$1 deadline=$((SECONDS + $2)) pid=$3
  while ((SECONDS < deadline)); do
    [[ $(curl -s -o /dev/null -m 2 -w '%{http_code}' "$url") == 200 ]] && return 0
    kill -0 "$pid" 2>/dev/null || return 1
    sleep 0.2
  done
  return 1
}

# The running servers, rotated left by $1 places, so each round starts with a different server.
rotated() {
  local n=${#RUNNING[@]} i
  for ((i = 0; i < n; i++)); do echo "${RUNNING[(i + $1) % n]}"; done
}

# The machine, for a results file's header: cores, CPU model, memory, kernel, distribution.
machine() {
  local cpu mem
  cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
  mem=$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
  echo "$(nproc) cores ($cpu), $mem, Linux $(uname -r), $(sed -n 's/^PRETTY_NAME="\(.*\)"/\1/p' /etc/os-release)"
}

# True if something listens on 127.0.0.1:$1 already.
port_busy() {
  ss -Htln "sport = :$1" | grep -q .
}

# The value of key $2 in a "KEY=VALUE ..." line $1.
field() {
  local pair
  for pair in $1; do
    [[ $pair == "$2="* ]] && { echo "${pair#*=}"; return 0; }
  done
  echo ""
}

# The machine's TCP counter $1 (Tcp: in /proc/net/snmp, else TcpExt: in /proc/net/netstat); the harness is alone
# on loopback, so the counts are its own. AttemptFails: connects refused (the SYN answered by a reset: the
# listener is closed). EstabResets: connections reset while established (on loopback both ends of one can
# count). Resets sent by a close: TCPAbortOnClose (closed with received data unread), TCPAbortOnData (data
# arrived after the close), TCPAbortOnLinger (closed with SO_LINGER 0).
tcp_counter() {
  awk -v name="$1" '
    $1 == "Tcp:" || $1 == "TcpExt:" {
      if (!(($1, "hdr") in seen)) { seen[$1, "hdr"] = 1; for (i = 2; i <= NF; i++) col[$1, $i] = i }
      else if (($1, name) in col) { print $col[$1, name]; exit }
    }' /proc/net/snmp /proc/net/netstat
}
