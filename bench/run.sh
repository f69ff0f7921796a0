#!/usr/bin/env bash
# query_table for one row by primary key (random ids over 10,000 rows), with a user-bound anon key under an RLS
# policy and the audit on, at 1 and 8 concurrent clients; and pgbench (-M prepared) running the same SELECT at 1 and
# 8 clients on the same database, in the same run. Prints calls/s, p50, p99 and our rate as a fraction of pgbench's.
#   bench/run.sh [SECONDS] [WARMUP_CALLS]        (defaults: 10 s measured, 2000 warm-up calls discarded)
# Loopback only; bounded in time. Results also land in bench/results/.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-10}
warmup=${2:-2000}
rows=10000
port=${BENCH_PORT:-18181}
pgbin=${PG_BIN:-/usr/lib/postgresql/15/bin}
. "$root/scripts/find-jdk.sh"
java="$JAVA_HOME/bin/java"
data=$(mktemp -d /tmp/fluxbase-bench.XXXXXX)
out="$root/bench/results"
mkdir -p "$out"
log="$out/server.log"

cleanup() {
  [ -n "${server_pid:-}" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  rm -rf "$data"
}
trap cleanup EXIT

echo "bench: starting the server (data in $data) ..." >&2
FLUXBASE_DATA_DIR=$data FLUXBASE_MCP_RATE_LIMIT_PER_MIN=1000000 "$root/fluxbase" start --port "$port" >"$log" 2>&1 &
server_pid=$!
for _ in $(seq 1 120); do
  curl -fs "http://127.0.0.1:$port/mcp/health" >/dev/null 2>&1 && break
  kill -0 "$server_pid" 2>/dev/null || { echo "bench: server died; see $log" >&2; exit 1; }
  sleep 1
done
export FLUXBASE_DATA_DIR=$data
cli() { FLUXBASE_SKIP_BUILD=1 "$root/fluxbase" "$@"; }

user=11111111-1111-1111-1111-111111111111
cat >"$data/bench.sql" <<SQL
CREATE TABLE public.bench_items (id int PRIMARY KEY, owner uuid NOT NULL, title text NOT NULL, amount numeric);
INSERT INTO public.bench_items SELECT g, '$user', 'item ' || g, g * 1.5 FROM generate_series(1, $rows) g;
ALTER TABLE public.bench_items ENABLE ROW LEVEL SECURITY;
CREATE POLICY "Users see own data" ON public.bench_items FOR SELECT USING (auth.uid() = owner);
ANALYZE public.bench_items;
SQL
cli db apply --file "$data/bench.sql" >/dev/null
key=$(cli clientkeys create --name bench --type anon --scopes read:tables --user "$user" --rate-limit 1000000 -o json \
      | sed -n 's/.*"key" *: *"\([^"]*\)".*/\1/p')
dburl=$(cli db url -o json | sed -n 's/.*"url" *: *"\([^"]*\)".*/\1/p')

printf '\\set id random(1, %d)\nSELECT id, owner, title, amount FROM public.bench_items WHERE id = :id;\n' "$rows" \
  >"$data/select.sql"

pgbench() { # clients
  local threads=$(( $1 < 2 ? 1 : 2 ))
  "$pgbin/pgbench" -n -M prepared -f "$data/select.sql" -c "$1" -j "$threads" -T 3 "$dburl" >/dev/null 2>&1 # warm-up
  "$pgbin/pgbench" -n -M prepared -f "$data/select.sql" -c "$1" -j "$threads" -T "$seconds" -r "$dburl" 2>/dev/null \
    | awk -v c="$1" '/^tps = /{tps=$3} /latency average/{lat=$4} END{printf "{\"clients\":%d,\"tps\":%.0f,\"latency_avg_ms\":%.3f}\n", c, tps, lat}'
}

mcp() { # clients
  "$java" "$root/bench/McpLoad.java" "http://127.0.0.1:$port/mcp" "$key" "$1" "$warmup" "$seconds" "$rows"
}

echo "bench: pgbench at 1 and 8 clients ..." >&2
pg1=$(pgbench 1); pg8=$(pgbench 8)
echo "bench: query_table at 1 and 8 clients ..." >&2
m1=$(mcp 1); m8=$(mcp 8)

field() { echo "$1" | sed -n "s/.*\"$2\":\([0-9.]*\).*/\1/p"; }
report() { # label mcp pg
  local calls tps
  calls=$(field "$2" calls_per_s); tps=$(field "$3" tps)
  printf '%-22s %9s calls/s  p50 %7s ms  p99 %7s ms  errors %s | pgbench %7s tps | ratio %s\n' "$1" "$calls" \
    "$(field "$2" p50_ms)" "$(field "$2" p99_ms)" "$(field "$2" errors)" "$tps" \
    "$(awk -v a="$calls" -v b="$tps" 'BEGIN{printf "%.1f%%", 100*a/b}')"
}
{
  echo "query_table one row by primary key, anon key under RLS, audit on; ${seconds}s measured after ${warmup} warm-up calls"
  report "1 client" "$m1" "$pg1"
  report "8 clients" "$m8" "$pg8"
  echo "raw: mcp1=$m1 mcp8=$m8 pg1=$pg1 pg8=$pg8"
} | tee "$out/query_table.txt"
