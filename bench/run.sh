#!/usr/bin/env bash
# Two benchmarks against pgbench on the same database, in the same run, with a user-bound anon key under
# Supabase-style RLS policies (auth.uid() = owner):
#   query:  query_table for one row by primary key (random ids over 10,000 rows), audit on, at 1 and 8 concurrent
#           clients; pgbench (-M prepared) running the same SELECT at 1 and 8 clients.
#   insert: insert_record of one row per call into bench_writes (change events and call record on) at 8 concurrent
#           clients; pgbench (-M prepared) running the same single-row INSERT at 8 clients.
# Prints calls/s, p50, p99, errors and our rate as a fraction of pgbench's, and for both the whole machine's CPU
# time per call (or transaction) and how busy the machine was while measuring (from /proc/stat).
#   bench/run.sh [SECONDS] [WARMUP_CALLS]        (defaults: 10 s measured, 2000 warm-up calls discarded)
#   BENCH=query|insert|all   which benchmark(s) to run (default all)
#   BENCH_PORT=18181         the server's port (must be free)
#   BENCH_OUT=bench/results  where query_table.txt, insert_record.txt and server.log go
#   PG_BIN                   PostgreSQL's bin folder with pgbench (default /usr/lib/postgresql/15/bin)
#   FLUXBASE_SKIP_BUILD=1    start the jar already built, even if sources are newer (passed on to ./fluxbase)
# Exits 1 when any MCP call failed (the report is still printed and written). Loopback only; bounded in time.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-10}
warmup=${2:-2000}
rows=10000
port=${BENCH_PORT:-18181}
bench=${BENCH:-all}
case $bench in
  query|insert|all) ;;
  *) echo "bench: BENCH must be query, insert or all (got '$bench')" >&2; exit 2 ;;
esac
pgbin=${PG_BIN:-/usr/lib/postgresql/15/bin}
. "$root/scripts/find-jdk.sh"
java="$JAVA_HOME/bin/java"
out=${BENCH_OUT:-$root/bench/results}
mkdir -p "$out"
out=$(cd "$out" && pwd)
log="$out/server.log"
if curl -fs --max-time 2 "http://127.0.0.1:$port/mcp/health" >/dev/null 2>&1; then
  echo "bench: something already answers on port $port; set BENCH_PORT to a free port" >&2
  exit 1
fi
data=$(mktemp -d /tmp/fluxbase-bench.XXXXXX)

cleanup() {
  if [ -n "${server_pid:-}" ]; then # a stopped server's status (143) is no failure of the benchmark
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
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
curl -fs "http://127.0.0.1:$port/mcp/health" >/dev/null 2>&1 || { echo "bench: server not up after 120 s; see $log" >&2; exit 1; }
export FLUXBASE_DATA_DIR=$data
cli() { FLUXBASE_SKIP_BUILD=1 "$root/fluxbase" "$@"; }

user=11111111-1111-1111-1111-111111111111
cat >"$data/bench.sql" <<SQL
CREATE TABLE public.bench_items (id int PRIMARY KEY, owner uuid NOT NULL, title text NOT NULL, amount numeric);
INSERT INTO public.bench_items SELECT g, '$user', 'item ' || g, g * 1.5 FROM generate_series(1, $rows) g;
ALTER TABLE public.bench_items ENABLE ROW LEVEL SECURITY;
CREATE POLICY "Users see own data" ON public.bench_items FOR SELECT USING (auth.uid() = owner);
ANALYZE public.bench_items;
CREATE TABLE public.bench_writes (id bigserial PRIMARY KEY, owner uuid NOT NULL, title text NOT NULL, amount numeric,
  created_at timestamptz NOT NULL DEFAULT now());
ALTER TABLE public.bench_writes ENABLE ROW LEVEL SECURITY;
CREATE POLICY "Users insert own data" ON public.bench_writes FOR INSERT WITH CHECK (auth.uid() = owner);
CREATE POLICY "Users see own data" ON public.bench_writes FOR SELECT USING (auth.uid() = owner);
SQL
cli db apply --file "$data/bench.sql" >/dev/null
created=$(cli clientkeys create --name bench --type anon --scopes read:tables,write:tables --user "$user" \
        --rate-limit 1000000 -o json)
key=$(echo "$created" | sed -n 's/.*"key" *: *"\([^"]*\)".*/\1/p')
keyid=$(echo "$created" | sed -n 's/.*"id" *: *"\([^"]*\)".*/\1/p')
[ -n "$key" ] && [ -n "$keyid" ] || { echo "bench: could not create the client key" >&2; exit 1; }
dburl=$(cli db url -o json | sed -n 's/.*"url" *: *"\([^"]*\)".*/\1/p')
[ -n "$dburl" ] || { echo "bench: could not read the database URL" >&2; exit 1; }

printf '\\set id random(1, %d)\nSELECT id, owner, title, amount FROM public.bench_items WHERE id = :id;\n' "$rows" \
  >"$data/select.sql"
printf '\\set n random(1, 1000000)\nINSERT INTO public.bench_writes (owner, title, amount) VALUES (%s, %s, :n * 1.5);\n' \
  "'$user'" "'row ' || :n" >"$data/insert.sql"
# query_table's own transaction as PostgreSQL gets it: the key's role (authenticated, as the key is bound to a user)
# and claims, the SELECT and COMMIT, sent together (one round trip), so the report can say what share of a call is
# the database work RLS needs.
cat >"$data/select_as_key.sql" <<SQL
\\set id random(1, $rows)
\\startpipeline
BEGIN;
SELECT set_config('role', 'authenticated', true), set_config('request.jwt.claims',
  '{"sub":"$user","role":"authenticated","key_id":"$keyid","key_type":"anon"}', true);
SELECT id, owner, title, amount FROM public.bench_items WHERE id = :id;
COMMIT;
\\endpipeline
SQL

# The machine's CPU ticks (USER_HZ, 100 a second): "busy total", busy being all but idle and iowait.
machine_ticks() {
  awk '/^cpu /{t=0; for (i=2; i<=NF; i++) t+=$i; print t-$5-$6, t; exit}' /proc/stat 2>/dev/null || echo "0 0"
}

pgbench() { # script clients
  local threads=$(( $2 < 2 ? 1 : 2 )) before after
  "$pgbin/pgbench" -n -M prepared -f "$data/$1" -c "$2" -j "$threads" -T 3 "$dburl" >/dev/null 2>&1 # warm-up
  before=$(machine_ticks)
  "$pgbin/pgbench" -n -M prepared -f "$data/$1" -c "$2" -j "$threads" -T "$seconds" -r "$dburl" 2>"$data/pgbench.err" \
    >"$data/pgbench.out" || true
  after=$(machine_ticks)
  awk -v c="$2" -v before="$before" -v after="$after" '
    /^number of transactions actually processed: /{split($6, n, "/"); tx=n[1]}
    /^tps = /{tps=$3} /latency average/{lat=$4}
    END{split(before, b, " "); split(after, a, " "); busy=a[1]-b[1]; total=a[2]-b[2]
        cpu=(total > 0 && tx > 0) ? busy*10000/tx : -1; share=(total > 0) ? busy/total : -1
        printf "{\"clients\":%d,\"tps\":%.0f,\"latency_avg_ms\":%.3f,\"cpu_us_per_tx\":%.0f,\"cpu_busy\":%.2f}\n",
          c, tps, lat, cpu, share}' \
    "$data/pgbench.out"
}

mcp() { # clients [insert]
  local mode=()
  [ "${2:-}" = insert ] && mode=(insert "$user")
  "$java" "$root/bench/McpLoad.java" "http://127.0.0.1:$port/mcp" "$key" "$1" "$warmup" "$seconds" "$rows" \
    ${mode[@]+"${mode[@]}"} || { echo "bench: McpLoad failed (clients $1${2:+, $2})" >&2; exit 1; }
}

field() { echo "$1" | sed -n "s/.*\"$2\":\(-\{0,1\}[0-9.]*\).*/\1/p"; }
percent() { awk -v a="$1" -v b="$2" 'BEGIN{if (b > 0) printf "%.1f%%", 100*a/b; else printf "n/a"}'; } # a of b
report() { # label mcp pg
  local calls tps
  calls=$(field "$2" calls_per_s); tps=$(field "$3" tps)
  printf '%-22s %9s calls/s  p50 %7s ms  p99 %7s ms  errors %s | pgbench %7s tps | ratio %s\n' "$1" "$calls" \
    "$(field "$2" p50_ms)" "$(field "$2" p99_ms)" "$(field "$2" errors)" "$tps" \
    "$(percent "$calls" "$tps")"
  printf '%-22s machine CPU %6s us per call (busy %s) | pgbench %5s us per transaction (busy %s)\n' "" \
    "$(field "$2" cpu_us_per_call)" "$(field "$2" cpu_busy)" "$(field "$3" cpu_us_per_tx)" "$(field "$3" cpu_busy)"
}
warn_pgbench() { # statement pg
  [ "$(field "$2" tps)" != 0 ] && return
  echo "bench: pgbench $1 reached 0 tps; the end of what it said:" >&2
  tail -n 5 "$data/pgbench.err" >&2
}
failed=0
warn_errors() { # tool mcp
  local errors
  errors=$(field "$2" errors)
  if [ "${errors:-0}" != 0 ]; then
    failed=1
    echo "bench: $1 answered $errors errors out of $(field "$2" calls) calls (the first is printed above)" >&2
  fi
}

if [ "$bench" != insert ]; then
  echo "bench: pgbench SELECT at 1 and 8 clients ..." >&2
  pg1=$(pgbench select.sql 1); warn_pgbench SELECT "$pg1"
  pg8=$(pgbench select.sql 8); warn_pgbench SELECT "$pg8"
  echo "bench: pgbench running query_table's transaction (role, claims, SELECT, COMMIT) at 8 clients ..." >&2
  pgk8=$(pgbench select_as_key.sql 8); warn_pgbench "query_table's transaction" "$pgk8"
  echo "bench: query_table at 1 and 8 clients ..." >&2
  m1=$(mcp 1); m8=$(mcp 8)
  warn_errors query_table "$m1"; warn_errors query_table "$m8"
  {
    echo "query_table one row by primary key, anon key under RLS, audit on; ${seconds}s measured after ${warmup} warm-up calls"
    report "1 client" "$m1" "$pg1"
    report "8 clients" "$m8" "$pg8"
    printf '%-22s pgbench running query_table'"'"'s own transaction (role, claims, SELECT, COMMIT): %s tps, %s us' \
      "" "$(field "$pgk8" tps)" "$(field "$pgk8" cpu_us_per_tx)"
    printf ' per\n%-22s transaction (busy %s); our calls/s are %s of its rate\n' "" "$(field "$pgk8" cpu_busy)" \
      "$(percent "$(field "$m8" calls_per_s)" "$(field "$pgk8" tps)")"
    echo "raw: mcp1=$m1 mcp8=$m8 pg1=$pg1 pg8=$pg8 pgk8=$pgk8"
  } | tee "$out/query_table.txt"
fi

if [ "$bench" != query ]; then
  echo "bench: pgbench INSERT at 8 clients ..." >&2
  pgi8=$(pgbench insert.sql 8)
  warn_pgbench INSERT "$pgi8"
  echo "bench: insert_record at 8 clients ..." >&2
  mi8=$(mcp 8 insert)
  warn_errors insert_record "$mi8"
  [ "$bench" = all ] && echo
  {
    echo "insert_record one row, anon key under RLS, change events and call record on; ${seconds}s measured after ${warmup} warm-up calls"
    report "8 clients" "$mi8" "$pgi8"
    echo "raw: mcp8=$mi8 pg8=$pgi8"
  } | tee "$out/insert_record.txt"
fi
# The numbers above are printed either way; a run with failed calls exits 1 so it is not mistaken for a clean one.
exit "$failed"
