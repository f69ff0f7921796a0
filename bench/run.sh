#!/usr/bin/env bash
# Ours against the peer a user would pick instead, Google's MCP Toolbox for Databases 1.12.0, on the same PostgreSQL,
# the same tables and the same load generator, with pgbench as the database's own limit, all in one run:
#   read:   one row by a random primary key over 10,000 rows, at 1 and 8 clients. Ours: query_table with a
#           user-bound anon key under an auth.uid() policy, audit and rate limits on. The peer: a postgres-sql tool,
#           SELECT ... WHERE id = $1. pgbench (-M prepared): the same SELECT.
#   insert: one row per call at 8 clients. Ours: insert_record (change event and call record committed with it). The
#           peer: a postgres-sql tool, INSERT ... RETURNING. pgbench: the same INSERT.
#   warm:   seconds from `fluxbase start` until ours first answers 90% of its steady read rate at 8 clients: the
#           project set up, the server stopped and started again, as on every start after the first. Beside it the
#           peer's line from its own start, the same way: the load generator is a fresh JVM in both, so the peer's
#           line shows how much of the climb is the generator's own.
#   storage: upload_file of new 4 KiB and 256 KiB files and download_file of them (one of 32), at 1 and 8 clients,
#           with MiB/s, beside query_table in the same round (the peer has no file storage: no peer line).
#   functions: invoke_function of a function that returns its input and of one that reads one row through ctx.db,
#           at 1 and 8 clients, beside query_table in the same round (the peer has no functions: no peer line);
#           and cold start: a new function deployed each round, the time of its first call and of its second (over
#           POST /functions/v1/NAME with curl, the same run as invoke_function).
# ROUNDS rounds alternate which of the two goes first (these machines drift by tens of percent); the report gives
# each figure's median, ours/peer, and per call the machine's CPU and its split into the server (ours or the peer),
# PostgreSQL and the load generator.
#   bench/run.sh [SECONDS] [WARMUP_CALLS]        (defaults: 10 s measured, 5000 warm-up calls discarded)
#   BENCH=read|insert|storage|functions|jobs|chain|all  which benchmark(s) (default all; jobs and chain only when
#           named: they run bench/jobs.sh, jobs/s and submit-to-start latency at jobs.workers 1 and 2, with no peer;
#           and bench/chain.sh, query_table calls/s with audit.chain on and off, chain catch-up and logs verify on
#           1,000,000 records (VERIFY_RECORDS))      ROUNDS=3
#   BENCH=floor  no MCP calls: after the same setup, pgbench alone (the server idle) prices the database's part of a
#           call at 8 clients: the peer's SELECT, our read transaction, a call record's insert and commit, and a bare
#           commit, each with its machine CPU per transaction; then that call record in a log of LOG_ROWS records
#           (default 2,000,000; 0: not run) with random ids and with time-ordered ones
#   BENCH=vectors  bench/vectors.sh only: vector_search recall@10, latency beside query_table, backfill rows/s, memory
#   FILE_WARMUP=200  warm-up calls of each storage line (a file call moves far more bytes than a read)
#   BENCH_PORT=18181  our port     PEER_PORT=18182  the peer's port (both must be free)
#   BENCH_OUT=bench/results  where report.txt, server.log and peer.log go
#   PG_BIN  PostgreSQL's bin folder with pgbench (default /usr/lib/postgresql/15/bin)
#   FLUXBASE_SKIP_BUILD=1  start the jar already built (passed on to ./fluxbase)
# The peer is installed from the npm registry into .tools/toolbox on first use. Exits 1 when any call of either
# server failed (the report is still printed and written). Loopback only; bounded in time.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-10}
warmup=${2:-5000}
file_warmup=${FILE_WARMUP:-200}
rounds=${ROUNDS:-3}
rows=10000
port=${BENCH_PORT:-18181}
peer_port=${PEER_PORT:-18182}
bench=${BENCH:-all}
case $bench in
  read|insert|storage|functions|floor|all) ;;
  jobs) exec bash "$root/bench/jobs.sh" "$@" ;;
  vectors) exec bash "$root/bench/vectors.sh" "$@" ;;
  chain) exec bash "$root/bench/chain.sh" "$@" ;;
  *) echo "bench: BENCH must be read, insert, storage, functions, floor, jobs, vectors, chain or all (got '$bench')" >&2
     exit 2 ;;
esac
pgbin=${PG_BIN:-/usr/lib/postgresql/15/bin}
. "$root/scripts/find-jdk.sh"
. "$root/bench/await-server.sh"
java="$JAVA_HOME/bin/java"
out=${BENCH_OUT:-$root/bench/results}
mkdir -p "$out"
out=$(cd "$out" && pwd)
for p in "$port" "$peer_port"; do
  if curl -fs --max-time 2 "http://127.0.0.1:$p/" >/dev/null 2>&1 || (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
    echo "bench: something already listens on port $p; set BENCH_PORT or PEER_PORT to a free port" >&2
    exit 1
  fi
done
data=$(mktemp -d /tmp/fluxbase-bench.XXXXXX)

cleanup() { # a stopped server's status (143) is no failure of the benchmark
  for pid in ${peer_pid:-} ${server_pid:-}; do
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$data"
}
trap cleanup EXIT

# ---- the peer, installed like the test tools: pinned, into an ignored folder ----
toolbox_dir=$root/.tools/toolbox
toolbox=$toolbox_dir/node_modules/@toolbox-sdk/server-linux-x64/bin/toolbox
if [ ! -x "$toolbox" ]; then
  echo "bench: installing MCP Toolbox for Databases 1.12.0 from npm into $toolbox_dir ..." >&2
  npm install --silent --no-audit --no-fund --prefix "$toolbox_dir" @toolbox-sdk/server-linux-x64@1.12.0 >&2
fi

# ---- our server, from its start ----
# Building the jar and training the JVM's ahead-of-time cache happen once per build, before the clock starts: the
# warm-up figure is the time a user waits on every start.
"$root/fluxbase" --version >/dev/null
start_server() { # the same settings on the first start and on the restart
  # results up to 1 MiB, so a 256 KiB file comes back in one download_file call (a third of the cap)
  FLUXBASE_DATA_DIR=$data FLUXBASE_MCP_RATE_LIMIT_PER_MIN=1000000 FLUXBASE_MCP_MAX_RESULT_BYTES=1048576 \
    "$root/fluxbase" start --port "$port" \
    >>"$out/server.log" 2>&1 &
  server_pid=$!
  await_server "$port" "$server_pid" "$out/server.log"
}
started=$(date +%s.%N)
echo "bench: starting the server (data in $data) ..." >&2
: >"$out/server.log"
start_server
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
CREATE POLICY "Users own their bench files" ON storage.objects FOR ALL
  USING (bucket_id = 'bench-files' AND owner = auth.uid()) WITH CHECK (bucket_id = 'bench-files' AND owner = auth.uid());
SQL
cli db apply --file "$data/bench.sql" >/dev/null
cli storage buckets create bench-files >/dev/null
echo 'export default async (req) => req.body;' >"$data/bench-echo.js"
cat >"$data/bench-read.js" <<'JS'
export default async (req, ctx) => {
  const { data, error } = await ctx.db.from('bench_items').select('id,title').eq('id', req.body.id);
  if (error) throw new Error(error.message);
  return data[0];
};
JS
cli functions deploy bench-echo --file "$data/bench-echo.js" >/dev/null
cli functions deploy bench-read --file "$data/bench-read.js" >/dev/null
created=$(cli clientkeys create --name bench --type anon \
        --scopes read:tables,write:tables,read:storage,write:storage,execute:functions \
        --user "$user" \
        --rate-limit 1000000 -o json)
key=$(echo "$created" | sed -n 's/.*"key" *: *"\([^"]*\)".*/\1/p')
[ -n "$key" ] || { echo "bench: could not create the client key" >&2; exit 1; }
database_url() { cli db url -o json | sed -n 's/.*"url" *: *"\([^"]*\)".*/\1/p'; }
dburl=$(database_url)
[ -n "$dburl" ] || { echo "bench: could not read the database URL" >&2; exit 1; }
postmaster=$(head -n 1 "$data/postgres/postmaster.pid")

mcp_load() { # url key clients mode [owner]  (environment passes through)
  "$java" "$root/bench/McpLoad.java" "$1" "$2" "$3" "$warmup" "$seconds" "$rows" "${@:4}"
}

# How soon a fresh server is warm: calls per second at 8 clients from the first call, no warm-up.
warm_json=""
if [ "$bench" = read ] || [ "$bench" = all ]; then
  # What a user waits for on every start: the project is set up, the server is stopped and started again (a new JVM,
  # the database already initialised), and the clock runs from that start. The first start, with initdb, the
  # migrations and the setup above, is reported beside it.
  first_start=$(awk -v a="$started" -v b="$(date +%s.%N)" 'BEGIN{printf "%.1f", b-a}')
  echo "bench: restarting the server, then ours from cold, 8 clients, 40 s ..." >&2
  kill "$server_pid" && wait "$server_pid" || true
  started=$(date +%s.%N)
  start_server
  warm_start=$(date +%s.%N)
  warm_json=$(MCP_LOAD_TIMELINE_S=40 mcp_load "http://127.0.0.1:$port/mcp" "$key" 8 query)
  # the embedded PostgreSQL listens on a new port after the restart
  dburl=$(database_url)
  postmaster=$(head -n 1 "$data/postgres/postmaster.pid")
fi

printf '\\set id random(1, %d)\nSELECT id, owner, title, amount FROM public.bench_items WHERE id = :id;\n' "$rows" \
  >"$data/select.sql"
printf '\\set n random(1, 1000000)\nINSERT INTO public.bench_writes (owner, title, amount) VALUES (%s, %s, :n * 1.5);\n' \
  "'$user'" "'row ' || :n" >"$data/insert.sql"

busy_jiffies() { awk '/^cpu /{print $2+$3+$4+$7+$8+$9}' /proc/stat; }
pgbench() { # script clients [protocol] -> {"tps":..,"cpu_us_per_tx":..} (machine CPU of the measured run, pgbench's own too)
  local threads=$(( $2 < 2 ? 1 : 2 )) protocol=${3:-prepared} before after
  "$pgbin/pgbench" -n -M "$protocol" -f "$data/$1" -c "$2" -j "$threads" -T 3 "$dburl" >/dev/null 2>&1 # warm-up
  before=$(busy_jiffies)
  "$pgbin/pgbench" -n -M "$protocol" -f "$data/$1" -c "$2" -j "$threads" -T "$seconds" "$dburl" 2>"$data/pgbench.err" \
    >"$data/pgbench.out" || true
  after=$(busy_jiffies)
  awk -v j="$((after - before))" -v s="$seconds" -v hz="$(getconf CLK_TCK)" '/^tps = /{tps=$3}
    END{printf "{\"tps\":%.0f,\"cpu_us_per_tx\":%.0f}\n", tps, (tps > 0 ? j * 1e6 / hz / (tps * s) : -1)}' "$data/pgbench.out"
}
field() { echo "$1" | sed -n "s/.*\"$2\":\(-\{0,1\}[0-9.]*\).*/\1/p"; }

if [ "$bench" = floor ]; then
  . "$root/bench/floor.sh"
  exit 0
fi

# ---- the peer on the same database, as the database's owner (it has no roles, policies or audit of its own) ----
db_user=$(echo "$dburl" | sed -n 's#^postgresql://\([^:@]*\).*#\1#p')
db_pass=$(echo "$dburl" | sed -n 's#^postgresql://[^:@]*:\([^@]*\)@.*#\1#p' | sed 's/%40/@/g; s/%3A/:/g; s/%2F/\//g')
db_host=$(echo "$dburl" | sed -n 's#.*@\([^:/]*\):\([0-9]*\)/\(.*\)$#\1#p')
db_port=$(echo "$dburl" | sed -n 's#.*@\([^:/]*\):\([0-9]*\)/\(.*\)$#\2#p')
db_name=$(echo "$dburl" | sed -n 's#.*@\([^:/]*\):\([0-9]*\)/\(.*\)$#\3#p')
cat >"$data/tools.yaml" <<YAML
sources:
  bench-pg:
    kind: postgres
    host: $db_host
    port: $db_port
    database: $db_name
    user: $db_user
    password: $db_pass
tools:
  bench_read:
    kind: postgres-sql
    source: bench-pg
    description: One bench item by id.
    statement: SELECT id, owner, title, amount FROM public.bench_items WHERE id = \$1
    parameters:
      - name: id
        type: integer
        description: the item's id
  bench_insert:
    kind: postgres-sql
    source: bench-pg
    description: Insert one bench row.
    statement: INSERT INTO public.bench_writes (owner, title, amount) VALUES (\$1::uuid, \$2, \$3) RETURNING id
    parameters:
      - name: owner
        type: string
        description: the owner's user id
      - name: title
        type: string
        description: the title
      - name: amount
        type: float
        description: the amount
YAML
echo "bench: starting the peer ..." >&2
"$toolbox" --config "$data/tools.yaml" --port "$peer_port" --address 127.0.0.1 --disable-version-check \
  --disable-reload --log-level WARN >"$out/peer.log" 2>&1 &
peer_pid=$!
for _ in $(seq 1 60); do
  (exec 3<>"/dev/tcp/127.0.0.1/$peer_port") 2>/dev/null && break
  kill -0 "$peer_pid" 2>/dev/null || { echo "bench: the peer died; see $out/peer.log" >&2; exit 1; }
  sleep 0.5
done
# The peer from its start too, with a fresh load generator as ours had: a control for the generator's own warm-up.
peer_warm_json=""
peer_warm_seconds=20
if [ "$bench" = read ] || [ "$bench" = all ]; then
  echo "bench: the peer from its start, 8 clients, $peer_warm_seconds s ..." >&2
  # a control only: if it fails, the report leaves its line out and the bench goes on
  peer_warm_json=$(MCP_LOAD_TIMELINE_S=$peer_warm_seconds mcp_load "http://127.0.0.1:$peer_port/mcp" - 8 peer-query) \
    || peer_warm_json=""
fi

ours() { # clients mode [owner]
  MCP_LOAD_SERVER_PID=$server_pid MCP_LOAD_POSTMASTER_PID=$postmaster \
    mcp_load "http://127.0.0.1:$port/mcp" "$key" "$@" || echo '{"errors":-1}'
}
peer() { # clients mode [owner]
  MCP_LOAD_SERVER_PID=$peer_pid MCP_LOAD_POSTMASTER_PID=$postmaster \
    mcp_load "http://127.0.0.1:$peer_port/mcp" - "$@" || echo '{"errors":-1}'
}

median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{v[NR]=$1} END{if (NR == 0) print "n/a";
  else if (NR % 2) print v[(NR+1)/2]; else printf "%.3f\n", (v[NR/2]+v[NR/2+1])/2}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{if (b > 0) printf "%.2f", a/b; else printf "n/a"}'; }

# results[name] = the JSON lines of every round, one per line
declare -A results
measure() { # name command...
  local json
  json=$("${@:2}")
  results[$1]+="$json"$'\n'
  errors=$(field "$json" errors)
  if [ "${errors:-0}" != 0 ]; then
    failed=1
    echo "bench: $1 answered ${errors} errors (the first is printed above)" >&2
  fi
}
# A function never seen before (its own source, so no parse is shared): the first call after its deploy, then the next.
cold_start() { # round
  local name="bench-cold-$1" first second
  echo "export default async (req) => ({ round: $1, got: req.body });" >"$data/$name.js"
  cli functions deploy "$name" --file "$data/$name.js" >/dev/null
  call_ms() {
    curl -s -o /dev/null -w '%{time_total}' -X POST -H "X-Client-Key: $key" -H 'Content-Type: application/json' \
      -d '{"id":1}' "http://127.0.0.1:$port/functions/v1/$name" | awk '{printf "%.1f", $1 * 1000}'
  }
  first=$(call_ms)
  second=$(call_ms)
  results[ours-fn-cold]+="{\"first_ms\":$first,\"second_ms\":$second}"$'\n'
}
failed=0
for round in $(seq 1 "$rounds"); do
  if [ $((round % 2)) = 1 ]; then order="ours peer"; else order="peer ours"; fi
  echo "bench: round $round of $rounds ($order first) ..." >&2
  if [ "$bench" = read ] || [ "$bench" = all ]; then
    measure pg-read-1 pgbench select.sql 1
    measure pg-read-8 pgbench select.sql 8
    for who in $order; do measure "$who-read-1" "$who" 1 "$([ "$who" = ours ] && echo query || echo peer-query)"; done
    for who in $order; do measure "$who-read-8" "$who" 8 "$([ "$who" = ours ] && echo query || echo peer-query)"; done
  fi
  if [ "$bench" = insert ] || [ "$bench" = all ]; then
    measure pg-insert-8 pgbench insert.sql 8
    for who in $order; do
      measure "$who-insert-8" "$who" 8 "$([ "$who" = ours ] && echo insert || echo peer-insert)" "$user"
    done
  fi
  if [ "$bench" = functions ] || [ "$bench" = all ]; then
    cold_start "$round"
    for c in 1 8; do
      measure "ours-query-$c" ours "$c" query
      warmup=$file_warmup measure "ours-fn-echo-$c" ours "$c" function bench-echo
      warmup=$file_warmup measure "ours-fn-read-$c" ours "$c" function bench-read
    done
  fi
  if [ "$bench" = storage ] || [ "$bench" = all ]; then
    for c in 1 8; do
      measure "ours-query-$c" ours "$c" query
      for size in 4096 262144; do
        warmup=$file_warmup measure "ours-upload-$size-$c" ours "$c" upload "$size"
        warmup=$file_warmup rows=32 measure "ours-download-$size-$c" ours "$c" download "$size"
      done
    done
  fi
done

med() { # name field
  local name=$1 f=$2 line values=""
  while IFS= read -r line; do
    [ -n "$line" ] && values+=" $(field "$line" "$f")"
  done <<<"${results[$name]:-}"
  echo "$values" | median
}
line() { # label what
  local o="ours-$2" p="peer-$2" g="pg-$2"
  printf '%-18s ours %6s calls/s p50 %6s ms | peer %6s calls/s p50 %6s ms | pgbench %6s tps | ours/peer %s (p50 %s)\n' \
    "$1" "$(med "$o" calls_per_s)" "$(med "$o" p50_ms)" "$(med "$p" calls_per_s)" "$(med "$p" p50_ms)" \
    "$(med "$g" tps)" "$(ratio "$(med "$o" calls_per_s)" "$(med "$p" calls_per_s)")" \
    "$(ratio "$(med "$o" p50_ms)" "$(med "$p" p50_ms)")"
  for who in ours peer; do
    printf '%-18s   %-4s CPU per call %5s us: server %5s, PostgreSQL %5s, load generator %4s (machine busy %s)\n' \
      "" "$who" "$(med "$who-$2" cpu_us_per_call)" "$(med "$who-$2" server_us_per_call)" \
      "$(med "$who-$2" postgres_us_per_call)" "$(med "$who-$2" loader_us_per_call)" "$(med "$who-$2" cpu_busy)"
  done
}

file_line() { # label name bytes clients
  local calls
  calls=$(med "$2" calls_per_s)
  printf '%-26s ours %6s calls/s p50 %7s ms %8s MiB/s | query_table at %s: %6s calls/s | CPU per call %s us\n' \
    "$1" "$calls" "$(med "$2" p50_ms)" "$(awk -v c="$calls" -v b="$3" 'BEGIN{if (b == 0) printf "-"; else if (c+0 > 0) printf "%.1f", c*b/1048576; else printf "n/a"}')" \
    "$4" "$(med "ours-query-$4" calls_per_s)" "$(med "$2" cpu_us_per_call)"
}

# The first second of a per-second timeline at or above 90% of a steady rate, or -1.
reached_at() { # steady timeline
  awk -v steady="$1" -v t="$2" 'BEGIN{n=split(t, per, ","); for (i=1; i<=n; i++) if (per[i] >= 0.9 * steady) {
    print i; exit } print -1}'
}
timeline_of() { echo "$1" | sed -n 's/.*"timeline":\[\([0-9,]*\)\].*/\1/p'; }
warm_report() {
  [ -n "$warm_json" ] || return 0
  local steady timeline reached
  steady=$(med ours-read-8 calls_per_s)
  timeline=$(timeline_of "$warm_json")
  reached=$(reached_at "$steady" "$timeline")
  awk -v started="$started" -v warm="$warm_start" -v steady="$steady" -v t="$timeline" -v first="$first_start" \
    -v reached="$reached" 'BEGIN{
    setup=warm-started
    if (reached < 0) printf "warm: ours did not reach 90%% of its steady %s calls/s at 8 clients in %d s after a restart (per second: %s)\n", steady, split(t, per, ","), t
    else printf "warm: ours reached 90%% of its steady %s calls/s at 8 clients %.1f s after `fluxbase start` of the set-up project (%.1f s until /mcp/health answered, then %d s of load; per second: %s)\n", steady, setup+reached, setup, reached, t
    printf "warm: its first start (initdb, migrations) and the setup before it (tables, bucket, functions, key) took %s s\n", first}'
  [ -n "$peer_warm_json" ] || return 0
  steady=$(med peer-read-8 calls_per_s)
  timeline=$(timeline_of "$peer_warm_json")
  reached=$(reached_at "$steady" "$timeline")
  if [ "$reached" -lt 0 ]; then
    echo "warm: the peer did not reach 90% of its steady $steady calls/s at 8 clients in $peer_warm_seconds s from its start (per second: $timeline)"
  else
    echo "warm: the peer reached 90% of its steady $steady calls/s at 8 clients within $reached s of load from its start, with a load generator as fresh as ours had (per second: $timeline)"
  fi
}

{
  echo "ours: Fluxbase (user-bound anon key, RLS, audit, rate limits); peer: MCP Toolbox for Databases 1.12.0 (owner login,"
  echo "no RLS, no audit); same PostgreSQL, same load generator; medians of $rounds rounds, ${seconds}s measured after"
  echo "${warmup} warm-up calls; $(nproc) cores: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
  if [ "$bench" = read ] || [ "$bench" = all ]; then line "read, 1 client" read-1; line "read, 8 clients" read-8; fi
  if [ "$bench" = insert ] || [ "$bench" = all ]; then line "insert, 8 clients" insert-8; fi
  if [ "$bench" = functions ] || [ "$bench" = all ]; then
    for c in 1 8; do
      file_line "function echo, $c client(s)" "ours-fn-echo-$c" 0 "$c"
      file_line "function ctx.db read, $c client(s)" "ours-fn-read-$c" 0 "$c"
    done
    printf 'function cold start: first call after a deploy %s ms, the second call %s ms (curl, new connection each)\n' \
      "$(med ours-fn-cold first_ms)" "$(med ours-fn-cold second_ms)"
  fi
  if [ "$bench" = storage ] || [ "$bench" = all ]; then
    for c in 1 8; do
      for size in 4096 262144; do
        file_line "upload $((size / 1024)) KiB, $c client(s)" "ours-upload-$size-$c" "$size" "$c"
        file_line "download $((size / 1024)) KiB, $c client(s)" "ours-download-$size-$c" "$size" "$c"
      done
    done
  fi
  warm_report
  echo "raw:"
  for name in "${!results[@]}"; do printf '%s\n' "${results[$name]}" | sed "/^$/d; s/^/  $name /"; done | sort
} | tee "$out/report.txt"
# The numbers above are printed either way; a run with failed calls exits 1 so it is not mistaken for a clean one.
exit "$failed"
