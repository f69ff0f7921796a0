#!/usr/bin/env bash
# BENCH=jobs of bench/run.sh (which runs this script): background jobs on one server, at jobs.workers 1 and then 2,
# each on a fresh server and data directory:
#   throughput: N no-op jobs (N = 40 x SECONDS) submitted with submit_job, all due at one run_at after the last is in,
#               then jobs/s = N / (the last job's end - the first job's start), from the job status read model.
#   latency:    50 no-op jobs submitted one at a time, 200 ms apart, to idle workers; submit-to-start p50 and p99
#               = started_at - submitted_at of the read model (JobSubmitted to JobStarted, as the events say).
# ROUNDS rounds per worker count; the report gives medians. Loopback only; bounded in time.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/bench/await-server.sh"
seconds=${1:-10}
rounds=${ROUNDS:-3}
port=${BENCH_PORT:-18181}
pgbin=${PG_BIN:-/usr/lib/postgresql/15/bin}
jobs=$((seconds * 40))
latency_jobs=50
out=${BENCH_OUT:-$root/bench/results}
mkdir -p "$out"
out=$(cd "$out" && pwd)
if curl -fs --max-time 2 "http://127.0.0.1:$port/" >/dev/null 2>&1 || (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
  echo "bench: something already listens on port $port; set BENCH_PORT to a free port" >&2
  exit 1
fi
user=11111111-1111-1111-1111-111111111111
data=""
server_pid=""
stop_server() { # a stopped server's status (143) is no failure of the benchmark
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  server_pid=""
  [ -z "$data" ] || rm -rf "$data"
  data=""
}
trap stop_server EXIT

start_server() { # workers
  data=$(mktemp -d /tmp/fluxbase-bench-jobs.XXXXXX)
  echo "bench: starting the server with jobs.workers $1 (data in $data) ..." >&2
  # one key queues every job of a round at once: past its default share of the queue (jobs.max_queued_per_key)
  FLUXBASE_DATA_DIR=$data FLUXBASE_MCP_RATE_LIMIT_PER_MIN=1000000 FLUXBASE_JOBS_WORKERS=$1 \
    FLUXBASE_JOBS_MAX_QUEUED_PER_KEY=1000000 "$root/fluxbase" start --port "$port" >"$out/server-jobs-$1.log" 2>&1 &
  server_pid=$!
  await_server "$port" "$server_pid" "$out/server-jobs-$1.log"
  grep -q "started with $1 workers" "$out/server-jobs-$1.log" \
    || { echo "bench: the server did not start $1 job workers; see $out/server-jobs-$1.log" >&2; exit 1; }
  echo 'export default async () => null;' >"$data/noop.js"
  cli functions deploy bench-noop --job --file "$data/noop.js" >/dev/null
  cli functions deploy bench-noop-lat --job --file "$data/noop.js" >/dev/null
  key=$(cli clientkeys create --name bench-jobs --type anon --scopes execute:jobs --user "$user" \
        --rate-limit 1000000 -o json | sed -n 's/.*"key" *: *"\([^"]*\)".*/\1/p')
  [ -n "$key" ] || { echo "bench: could not create the client key" >&2; exit 1; }
  dburl=$(cli db url -o json | sed -n 's/.*"url" *: *"\([^"]*\)".*/\1/p')
  session=$(curl -s -D - -o /dev/null -H 'Content-Type: application/json' -H 'Accept: application/json, text/event-stream' \
    -H "X-Client-Key: $key" -d '{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25",
    "capabilities":{},"clientInfo":{"name":"bench-jobs","version":"1"}}}' "http://127.0.0.1:$port/mcp" \
    | tr -d '\r' | sed -n 's/^[Mm]cp-[Ss]ession-[Ii]d: *//p')
  [ -n "$session" ] || { echo "bench: could not open an MCP session" >&2; exit 1; }
  mcp '{"jsonrpc":"2.0","method":"notifications/initialized"}' >/dev/null
}
cli() { FLUXBASE_DATA_DIR=$data FLUXBASE_SKIP_BUILD=1 "$root/fluxbase" "$@"; }
mcp() { # body -> answer
  curl -s -H 'Content-Type: application/json' -H 'Accept: application/json, text/event-stream' \
    -H "X-Client-Key: $key" -H "Mcp-Session-Id: $session" -d "$1" "http://127.0.0.1:$port/mcp"
}
submit() { # name run_at|- -> fails unless queued
  local at=""
  [ "$2" = - ] || at=",\"run_at\":\"$2\""
  mcp "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"submit_job\",\"arguments\":
      {\"name\":\"$1\"$at}}}" | grep -q 'queued' || { echo "bench: a submission of $1 was not queued" >&2; return 1; }
}
export -f submit mcp
sql() { "$pgbin/psql" -X -A -t -q "$dburl" -c "$1"; }
await_done() { # name count
  for _ in $(seq 1 600); do
    [ "$(sql "SELECT count(*) FROM fluxbase.job_status WHERE name = '$1' AND status = 'succeeded'")" -ge "$2" ] && return 0
    sleep 0.5
  done
  echo "bench: $1: not all $2 jobs succeeded within 300 s" >&2
  sql "SELECT status, count(*) FROM fluxbase.job_status WHERE name = '$1' GROUP BY status" >&2
  exit 1
}

median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{v[NR]=$1} END{if (NR == 0) print "n/a";
  else if (NR % 2) print v[(NR+1)/2]; else printf "%.1f\n", (v[NR/2]+v[NR/2+1])/2}'; }
declare -A results
for workers in 1 2; do
  start_server "$workers"
  for round in $(seq 1 "$rounds"); do
    echo "bench: jobs.workers $workers, round $round of $rounds: $jobs no-op jobs ..." >&2
    # due together, once all are in (submission runs at some tens a second here, 4 at a time)
    run_at=$(date -u -d "+$((5 + jobs / 10)) seconds" +%Y-%m-%dT%H:%M:%SZ)
    seq 1 "$jobs" | xargs -P 4 -I{} bash -c "key=$key session=$session port=$port submit bench-noop $run_at"
    [ "$(sql "SELECT count(*) FROM fluxbase.job_status WHERE name = 'bench-noop' AND run_at = '$run_at'
        AND started_at IS NOT NULL")" = 0 ] || echo "bench: warning: jobs started before all were submitted" >&2
    await_done bench-noop $(( (round) * jobs ))
    results[rate-$workers]+=" $(sql "SELECT round($jobs / extract(epoch FROM max(finished_at) - min(started_at)), 1)
        FROM fluxbase.job_status WHERE name = 'bench-noop' AND run_at = '$run_at'")"
    echo "bench: jobs.workers $workers, round $round: $latency_jobs jobs one at a time ..." >&2
    for _ in $(seq 1 "$latency_jobs"); do submit bench-noop-lat -; sleep 0.2; done
    await_done bench-noop-lat $((round * latency_jobs))
    lat=$(sql "SELECT round(percentile_cont(0.5) WITHIN GROUP (ORDER BY ms)::numeric, 1) || ' '
        || round(percentile_cont(0.99) WITHIN GROUP (ORDER BY ms)::numeric, 1) FROM (SELECT
        extract(epoch FROM started_at - submitted_at) * 1000 AS ms FROM fluxbase.job_status
        WHERE name = 'bench-noop-lat' ORDER BY submitted_at DESC LIMIT $latency_jobs) last")
    results[p50-$workers]+=" ${lat% *}"
    results[p99-$workers]+=" ${lat#* }"
  done
  stop_server
done

{
  echo "jobs: a no-op job (export default async () => null) on one server; medians of $rounds round(s); $(nproc) cores:"
  echo "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
  for workers in 1 2; do
    printf 'jobs.workers %s: %6s jobs/s (%s jobs due together) | submit-to-start p50 %6s ms p99 %6s ms (%s jobs, 200 ms apart)\n' \
      "$workers" "$(echo "${results[rate-$workers]}" | median)" "$jobs" "$(echo "${results[p50-$workers]}" | median)" \
      "$(echo "${results[p99-$workers]}" | median)" "$latency_jobs"
  done
  echo "raw:"
  for name in "${!results[@]}"; do echo "  $name${results[$name]}"; done | sort
} | tee "$out/report-jobs.txt"
