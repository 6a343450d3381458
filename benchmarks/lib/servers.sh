# shellcheck shell=bash disable=SC2034,SC2153 # shares variables with benchmarks/run and the other libs
# The three servers: configs from benchmarks/conf/*.in, start, readiness check, stop.
# Each runs in its own session (setsid), so stopping it signals exactly its own process group.

declare -A PORT=([pollux]=18080 [httpd]=18081 [nginx]=18082)
declare -A PID=()
declare -A SERVER_VERSION=()
declare -A START_CMD=()
RUNNING=()          # servers started and answering, in start order
POLLUX_NOTE=""      # why Pollux was skipped, if it was
START_FAILURE=""    # why the last start_server failed

# Fills a template's @NAME@ placeholders; the remaining arguments are extra NAME=VALUE pairs.
render() {
  local template=$1 out=$2 pair script=""
  shift 2
  for pair in "WORK=$WORK" "DOCROOT=$WORK/docroot" "REPO=$REPO_DIR" "$@"; do
    script+="s|@${pair%%=*}@|${pair#*=}|g;"
  done
  sed -e "$script" "$template" >"$out"
}

# When root, httpd refuses to serve as root and nginx would pick nobody: both run their workers as this user.
worker_user() {
  if id www-data >/dev/null 2>&1; then echo www-data; else echo nobody; fi
}

configure_httpd() {
  local user_lines=""
  if ((EUID == 0)); then
    local u; u=$(worker_user)
    user_lines="User $u\\nGroup $(id -gn "$u")"
  fi
  mkdir -p "$WORK/httpd/run"
  render "$BENCH_DIR/conf/httpd.conf.in" "$WORK/httpd.conf" "PORT=${PORT[httpd]}" "USER=$user_lines" \
    "MODULES=/usr/lib/apache2/modules"
  START_CMD[httpd]="apache2 -f $WORK/httpd.conf -D FOREGROUND"
}

configure_nginx() {
  local user_line=""
  if ((EUID == 0)); then
    local u; u=$(worker_user)
    user_line="user $u $(id -gn "$u");"
  fi
  mkdir -p "$WORK/nginx"
  render "$BENCH_DIR/conf/nginx.conf.in" "$WORK/nginx.conf" "PORT=${PORT[nginx]}" "USER=$user_line"
  START_CMD[nginx]="nginx -p $WORK/nginx/ -c $WORK/nginx.conf -e $WORK/logs/nginx-error.log"
}

configure_pollux() {
  render "$BENCH_DIR/conf/pollux.conf.in" "$WORK/pollux.conf" "PORT=${PORT[pollux]}"
  START_CMD[pollux]="$REPO_DIR/bin/pollux -f $WORK/pollux.conf"
}

# Builds Pollux when its jars are missing or older than a source file or POM, with POLLUX_BUILD_CMD
# (benchmarks/mpm/run sets an offline one). Returns 1 (and sets POLLUX_NOTE) when Pollux cannot run.
build_pollux() {
  local build_cmd=${POLLUX_BUILD_CMD:-mvn -B -q -DskipTests package}
  if [[ ! -x $REPO_DIR/bin/pollux ]]; then
    POLLUX_NOTE="bin/pollux does not exist yet"
    return 1
  fi
  local jar
  jar=$(find "$REPO_DIR/event-mpm/target" -maxdepth 1 -name 'pollux-event-mpm-*.jar' 2>/dev/null | head -1)
  # Up to date: the jar and its dependencies (target/lib, which bin/pollux runs with) exist, nothing is newer.
  if [[ -n $jar && -d $REPO_DIR/event-mpm/target/lib ]] && [[ -z $(find "$REPO_DIR"/pom.xml \
      "$REPO_DIR"/{core,event-mpm,status} \( -path '*/src/main/*' -o -name pom.xml \) -newer "$jar" -print -quit \
      2>/dev/null) ]]; then
    return 0
  fi
  say "building Pollux: $build_cmd (log: $WORK/logs/build.log)"
  # shellcheck disable=SC2086 # the command is a list of words by design
  if ! (cd "$REPO_DIR" && $build_cmd) >"$WORK/logs/build.log" 2>&1; then
    tail -n 20 "$WORK/logs/build.log" >&2
    POLLUX_NOTE="the build failed ($build_cmd; log in ${WORK#"$REPO_DIR"/}/logs/build.log)"
    return 1
  fi
}

# Starts one server and waits until it serves every file of the docroot with the right size.
# Returns 1 if it did not come up (the caller decides whether that is fatal).
start_server() {
  local name=$1 wait_s=$2 port=${PORT[$1]}
  port_busy "$port" && die "port $port (for $name) is already in use; is an earlier run still going?"
  say "starting $name on 127.0.0.1:$port: ${START_CMD[$name]}"
  # shellcheck disable=SC2086 # the command is a list of words by design
  (cd "$REPO_DIR" && exec setsid ${START_CMD[$name]}) >"$WORK/logs/$name.out" 2>&1 </dev/null &
  PID[$name]=$!
  START_FAILURE=""
  if ! wait_for_url "http://127.0.0.1:$port/612.html" "$wait_s" "${PID[$name]}"; then
    START_FAILURE="it did not answer on 127.0.0.1:$port within ${wait_s} s"
    kill -0 "${PID[$name]}" 2>/dev/null || START_FAILURE="it exited at start"
  elif ! check_files "$name"; then
    START_FAILURE="it did not serve the docroot's files correctly"
  fi
  if [[ -n $START_FAILURE ]]; then
    say "$name: $START_FAILURE; last lines of benchmarks/work/logs/$name.out:"
    tail -n 15 "$WORK/logs/$name.out" >&2
    stop_server "$name"
    return 1
  fi
  RUNNING+=("$name")
  SERVER_VERSION[$name]=$(server_version "$name")
  say "$name is up (pid ${PID[$name]}): ${SERVER_VERSION[$name]}"
}

# Every file answers 200 with its exact size, and / answers with index.html.
check_files() {
  local port=${PORT[$1]} file size got
  for file in 612.html:612 10k.bin:10240 1m.bin:1048576 :$(stat -c %s "$WORK/docroot/index.html"); do
    size=${file#*:}
    got=$(curl -s -o /dev/null -m 5 -w '%{http_code} %{size_download}' "http://127.0.0.1:$port/${file%%:*}")
    if [[ $got != "200 $size" ]]; then
      say "$1: GET /${file%%:*} gave '$got', expected '200 $size'"
      return 1
    fi
  done
}

server_version() {
  case $1 in
    httpd) apache2 -v | head -1 | sed 's/^Server version: //' ;;
    nginx) nginx -v 2>&1 | sed 's/^nginx version: //' ;;
    pollux)
      local header commit
      header=$(curl -s -o /dev/null -m 5 -D - "http://127.0.0.1:${PORT[pollux]}/" | tr -d '\r' |
        awk -F': ' 'tolower($1) == "server" { print $2 }')
      commit=$(git -C "$REPO_DIR" rev-parse --short HEAD 2>/dev/null || echo "no commit")
      [[ -n $(git -C "$REPO_DIR" status --porcelain -- core event-mpm status 2>/dev/null) ]] && commit+="+changes"
      echo "${header:-Pollux (no Server header)} (git $commit)" ;;
  esac
}

# SIGTERM to the server's process group, SIGKILL after 15 s.
stop_server() {
  local name=$1 pid=${PID[$1]:-} i
  [[ -n $pid ]] || return 0
  unset "PID[$name]"
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 150; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    say "$name did not stop within 15 s of SIGTERM; killing it"
    kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
  say "stopped $name"
}

# The configuration file of every running server, as markdown sections of a results file.
report_configs() {
  local name
  for name in "${RUNNING[@]}"; do
    printf '\n%sbenchmarks/work/%s.conf%s:\n\n```\n' '`' "$name" '`'
    cat "$WORK/$name.conf"
    echo '```'
  done
}

stop_all_servers() {
  local name
  for name in "${!PID[@]}"; do
    stop_server "$name"
  done
}
