#!/usr/bin/env bash
# BENCH=chain of bench/run.sh (which runs this script): what the command log's hash chain costs.
#   call path: query_table calls/s at 8 clients (McpLoad, one row by primary key as in BENCH=read) on a fresh server
#              with audit.chain on, then off, ROUNDS times alternately (same run, same machine state); the chain
#              runs on its own tracking processor, so this shows whether it takes anything from the calls.
#   verify:    VERIFY_RECORDS (default 1,000,000) call records put into the log with one SQL insert (copies of a real
#              CallRecordedEvent with fresh ids), the time the chain takes to catch up, then the time of
#              'fluxbase logs verify' over the whole chain.
# Loopback only; bounded in time.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-10}
warmup=${2:-3000}
rounds=${ROUNDS:-2}
records=${VERIFY_RECORDS:-1000000}
port=${BENCH_PORT:-18181}
pgbin=${PG_BIN:-/usr/lib/postgresql/15/bin}
rows=10000
. "$root/scripts/find-jdk.sh"
. "$root/bench/await-server.sh"
java="$JAVA_HOME/bin/java"
out=${BENCH_OUT:-$root/bench/results}
mkdir -p "$out"
out=$(cd "$out" && pwd)
if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
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
cli() { FLUXBASE_DATA_DIR=$data FLUXBASE_SKIP_BUILD=1 "$root/fluxbase" "$@"; }
sql() { "$pgbin/psql" -X -A -t -q "$dburl" -c "$1"; }

start_server() { # on|off
  data=$(mktemp -d /tmp/fluxbase-bench-chain.XXXXXX)
  echo "bench: starting the server with audit.chain $1 (data in $data) ..." >&2
  FLUXBASE_DATA_DIR=$data FLUXBASE_MCP_RATE_LIMIT_PER_MIN=1000000 FLUXBASE_AUDIT_CHAIN=$1 FLUXBASE_SKIP_BUILD=1 \
    "$root/fluxbase" start --port "$port" >"$out/server-chain-$1.log" 2>&1 &
  server_pid=$!
  await_server "$port" "$server_pid" "$out/server-chain-$1.log"
  printf '%s\n' "CREATE TABLE public.bench_items (id int PRIMARY KEY, owner uuid NOT NULL, title text NOT NULL,
      amount numeric);
    INSERT INTO public.bench_items SELECT g, '$user', 'item ' || g, g * 1.5 FROM generate_series(1, $rows) g;
    ALTER TABLE public.bench_items ENABLE ROW LEVEL SECURITY;
    CREATE POLICY \"Users see own data\" ON public.bench_items FOR SELECT USING (auth.uid() = owner);
    ANALYZE public.bench_items;" >"$data/schema.sql"
  cli db apply --file "$data/schema.sql" >/dev/null
  key=$(cli clientkeys create --name bench --type anon --scopes read:tables --user "$user" --rate-limit 1000000 \
        -o json | sed -n 's/.*"key" *: *"\([^"]*\)".*/\1/p')
  [ -n "$key" ] || { echo "bench: could not create the client key" >&2; exit 1; }
  dburl=$(cli db url -o json | sed -n 's/.*"url" *: *"\([^"]*\)".*/\1/p')
}

median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{v[NR]=$1} END{if (NR == 0) print "n/a";
  else if (NR % 2) print v[(NR+1)/2]; else printf "%.1f\n", (v[NR/2]+v[NR/2+1])/2}'; }
declare -A results
for round in $(seq 1 "$rounds"); do
  for chain in on off; do
    start_server "$chain"
    echo "bench: round $round of $rounds, audit.chain $chain: query_table at 8 clients for ${seconds}s ..." >&2
    line=$("$java" "$root/bench/McpLoad.java" "http://127.0.0.1:$port/mcp" "$key" 8 "$warmup" "$seconds" "$rows")
    results[calls-$chain]+=" $(echo "$line" | sed -n 's/.*"calls_per_s":\([0-9.]*\).*/\1/p')"
    results[p50-$chain]+=" $(echo "$line" | sed -n 's/.*"p50_ms":\([0-9.]*\).*/\1/p')"
    if [ "$chain" = on ]; then
      for _ in $(seq 1 120); do
        [ "$(sql "SELECT (SELECT count(*) FROM fluxbase.domain_event_entry) - (SELECT count(*) FROM fluxbase.log_chain)")" \
          -le 0 ] && break
        sleep 1
      done
      results[lag-on]+=" $(sql "SELECT (SELECT count(*) FROM fluxbase.domain_event_entry) - (SELECT count(*) FROM fluxbase.log_chain)")"
    fi
    stop_server
  done
done

start_server on
echo "bench: putting $records call records into the log with SQL ..." >&2
sql "INSERT INTO fluxbase.domain_event_entry (aggregate_identifier, sequence_number, type, event_identifier, meta_data,
       payload, payload_revision, payload_type, time_stamp)
     SELECT gen_random_uuid()::text, 0, NULL, gen_random_uuid()::text, e.meta_data, e.payload, e.payload_revision,
       e.payload_type, e.time_stamp
     FROM (SELECT * FROM fluxbase.domain_event_entry WHERE payload_type LIKE '%CallRecordedEvent' LIMIT 1) e,
       generate_series(1, $records)"
total=$(sql "SELECT count(*) FROM fluxbase.domain_event_entry")
echo "bench: waiting for the chain to reach $total records ..." >&2
start=$(date +%s.%N)
for _ in $(seq 1 3600); do
  [ "$(sql "SELECT count(*) FROM fluxbase.log_chain")" -ge "$total" ] && break
  sleep 1
done
catchup=$(echo "$(date +%s.%N) - $start" | bc)
chained=$(sql "SELECT count(*) FROM fluxbase.log_chain")
start=$(date +%s.%N)
cli logs verify >"$out/verify-chain.txt" 2>/dev/null || echo "bench: verify failed: $(cat "$out/verify-chain.txt")" >&2
verify=$(echo "$(date +%s.%N) - $start" | bc)
stop_server

{
  echo "chain: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
  printf 'query_table at 8 clients, medians of %s round(s): audit.chain on %8s calls/s p50 %6s ms | off %8s calls/s p50 %6s ms | records left unchained 120 s after the load (on): %s\n' \
    "$rounds" "$(echo "${results[calls-on]}" | median)" "$(echo "${results[p50-on]}" | median)" \
    "$(echo "${results[calls-off]}" | median)" "$(echo "${results[p50-off]}" | median)" "${results[lag-on]}"
  printf 'chain catch-up: %s records chained in %.1f s | logs verify over %s records: %.1f s (%s)\n' \
    "$chained" "$catchup" "$chained" "$verify" "$(head -c 300 "$out/verify-chain.txt")"
  echo "raw:"
  for name in "${!results[@]}"; do echo "  $name${results[$name]}"; done | sort
} | tee "$out/report-chain.txt"
