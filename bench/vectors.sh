#!/usr/bin/env bash
# BENCH=vectors of bench/run.sh (which runs this script): vector_search on the portable path (in-process MiniLM
# model, the server's in-memory HNSW graph), on a fresh server and data directory:
#   rows:     VECTOR_ROWS (default 100000) generated sentences in bench_docs, all owned by the bench key's user
#             behind an RLS policy (auth.uid() = owner), plus bench_items (10,000 rows) for query_table;
#   backfill: 'fluxbase vectors enable --wait' (it follows the vector_backfill job to its end) of the first
#             BACKFILL_ROWS (default: all) rows with the model, in rows/s; when BACKFILL_ROWS < VECTOR_ROWS the rest get the embeddings of already embedded rows copied
#             by SQL (the model at this speed would take too long), so search still runs over VECTOR_ROWS vectors;
#   graph:    how long after the last vector was written the server's HNSW graph held every row ('vectors status'
#             says search: hnsw; until then searches are exact); FLUXBASE_VECTORS_APPROXIMATE_FROM=1000000 (passed to
#             the server) keeps the exact scan instead, to compare;
#   recall:   recall@10 of vector_search (the graph) against an exact top 10 computed in SQL over the stored
#             embeddings, for RECALL_QUERIES (default 10) queries that are the text of stored rows;
#   latency:  vector_search and query_table p50/p99 and calls/s at 1 and 8 clients (McpLoad.java), same run;
#   memory:   the server's RSS with the index and the model loaded.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/scripts/find-jdk.sh"
. "$root/bench/await-server.sh"
java="$JAVA_HOME/bin/java"
seconds=${1:-10}
rows=${VECTOR_ROWS:-100000}
backfill=${BACKFILL_ROWS:-$rows}
queries=${RECALL_QUERIES:-10}
port=${BENCH_PORT:-18181}
pgbin=${PG_BIN:-/usr/lib/postgresql/15/bin}
out=${BENCH_OUT:-$root/bench/results}
mkdir -p "$out"
out=$(cd "$out" && pwd)
if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
  echo "bench: something already listens on port $port; set BENCH_PORT to a free port" >&2
  exit 1
fi
user=11111111-1111-1111-1111-111111111111
data=$(mktemp -d /tmp/fluxbase-bench-vectors.XXXXXX)
server_pid=""
stop_server() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$data"
}
trap stop_server EXIT
cli() { FLUXBASE_DATA_DIR=$data FLUXBASE_SKIP_BUILD=1 "$root/fluxbase" "$@"; }

echo "bench: starting the server (data in $data) ..." >&2
FLUXBASE_DATA_DIR=$data FLUXBASE_MCP_RATE_LIMIT_PER_MIN=1000000 FLUXBASE_SKIP_BUILD=1 "$root/fluxbase" start --port "$port" \
  >"$out/server-vectors.log" 2>&1 &
server_pid=$!
await_server "$port" "$server_pid" "$out/server-vectors.log" 180
java_pid=$(pgrep -P "$server_pid" java || echo "$server_pid")
dburl=$(cli db url -o json | sed -n 's/.*"url" *: *"\([^"]*\)".*/\1/p')
sql() { "$pgbin/psql" -X -A -t -q "$dburl" -c "$1"; }
rss_mb() { awk '/VmRSS/ {printf "%d", $2 / 1024}' "/proc/$java_pid/status"; }

echo "bench: generating $rows rows ..." >&2
sql "
CREATE TABLE public.bench_docs (id int PRIMARY KEY, owner uuid NOT NULL, body text NOT NULL);
ALTER TABLE public.bench_docs ENABLE ROW LEVEL SECURITY;
CREATE POLICY own ON public.bench_docs FOR SELECT USING (auth.uid() = owner);
GRANT SELECT ON public.bench_docs TO anon, authenticated;
CREATE TABLE public.bench_items (id int PRIMARY KEY, owner uuid NOT NULL, title text, amount numeric);
ALTER TABLE public.bench_items ENABLE ROW LEVEL SECURITY;
CREATE POLICY own ON public.bench_items FOR SELECT USING (auth.uid() = owner);
GRANT SELECT ON public.bench_items TO anon, authenticated;
INSERT INTO public.bench_items SELECT n, '$user', 'item ' || n, n * 1.5 FROM generate_series(1, 10000) n;
SELECT setseed(0.42);
INSERT INTO public.bench_docs SELECT n, '$user',
  (ARRAY['The','A','My','Our','Their','One'])[1 + (random() * 5)::int] || ' ' ||
  (ARRAY['quick','lazy','old','young','bright','quiet','noisy','tiny','huge','clever'])[1 + (random() * 9)::int] || ' ' ||
  (ARRAY['cat','dog','sparrow','salmon','truck','violin','chef','storm','banker','striker','climber','programmer',
         'nurse','train','rose','sailor'])[1 + (random() * 15)::int] || ' ' ||
  (ARRAY['sleeps','runs','flies','swims','drives','plays','cooks','rains','counts','scores','climbs','codes',
         'heals','travels','blooms','sails'])[1 + (random() * 15)::int] || ' ' ||
  (ARRAY['near the lake','in the city','under the bridge','at noon','on the hill','by the sea','in winter',
         'after dinner','before sunrise','in the garden','at the station','in the office'])[1 + (random() * 11)::int]
FROM generate_series(1, $rows) n;" >/dev/null
key=$(cli clientkeys create --name bench-vectors --type anon --scopes read:vectors,read:tables --user "$user" \
      --rate-limit 1000000 -o json | sed -n 's/.*"key" *: *"\([^"]*\)".*/\1/p')
[ -n "$key" ] || { echo "bench: could not create the client key" >&2; exit 1; }
rss_before=$(rss_mb)

# the backfill: the model embeds $backfill rows; the rest are hidden from it until then by a temporary copy
if [ "$backfill" -lt "$rows" ]; then
  sql "CREATE TABLE public.bench_docs_rest AS SELECT * FROM public.bench_docs WHERE id > $backfill;
       DELETE FROM public.bench_docs WHERE id > $backfill;" >/dev/null
fi
echo "bench: backfill of $backfill rows with the in-process model ..." >&2
start=$(date +%s.%N)
cli vectors enable --table bench_docs --column body --wait -o json >/dev/null 2>"$out/backfill-progress.txt"
end=$(date +%s.%N)
backfill_s=$(echo "$end - $start" | bc -l)
backfill_rate=$(echo "$backfill / $backfill_s" | bc -l)
if [ "$backfill" -lt "$rows" ]; then
  echo "bench: copying embeddings for the other $((rows - backfill)) rows ..." >&2
  # the rows go back without the trigger seeing them (session_replication_role); each gets the embedding of row
  # (id mod backfill) + 1, so the index holds VECTOR_ROWS vectors (many of them equal)
  sql "SET session_replication_role = replica;
       INSERT INTO public.bench_docs SELECT * FROM public.bench_docs_rest; DROP TABLE public.bench_docs_rest;
       INSERT INTO fluxbase.vector_embeddings (table_name, row_key, text_digest, embedding)
       SELECT 'public.bench_docs', d.id::text, NULL, e.embedding
       FROM public.bench_docs d JOIN fluxbase.vector_embeddings e ON e.table_name = 'public.bench_docs'
         AND e.row_key = ((d.id % $backfill) + 1)::text
       WHERE d.id > $backfill;" >/dev/null
fi
embedded=$(sql "SELECT count(*) FROM fluxbase.vector_embeddings WHERE table_name = 'public.bench_docs' AND embedding IS NOT NULL")

# recall@10: vector_search (through MCP) against an exact top 10 in SQL over the stored embeddings
session=$(curl -s -D - -o /dev/null -H 'Content-Type: application/json' -H 'Accept: application/json, text/event-stream' \
  -H "X-Client-Key: $key" -d '{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25",
  "capabilities":{},"clientInfo":{"name":"bench-vectors","version":"1"}}}' "http://127.0.0.1:$port/mcp" \
  | tr -d '\r' | sed -n 's/^[Mm]cp-[Ss]ession-[Ii]d: *//p')
curl -s -H 'Content-Type: application/json' -H 'Accept: application/json, text/event-stream' -H "X-Client-Key: $key" \
  -H "Mcp-Session-Id: $session" -d '{"jsonrpc":"2.0","method":"notifications/initialized"}' \
  "http://127.0.0.1:$port/mcp" >/dev/null
search() { # query select match_count -> the ids found
  curl -s -H 'Content-Type: application/json' -H 'Accept: application/json, text/event-stream' \
    -H "X-Client-Key: $key" -H "Mcp-Session-Id: $session" -d "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",
    \"params\":{\"name\":\"vector_search\",\"arguments\":{\"table\":\"bench_docs\",\"query\":\"$1\",\"select\":\"id\",
    \"match_count\":$2}}}" "http://127.0.0.1:$port/mcp" | grep -o '\\"id\\":[0-9]*' | grep -o '[0-9]*$' | paste -sd, -
}
# the index has every vector once the last row written is found (it follows the writes in order); that row has the
# embedding of row (rows mod backfill) + 1, so that row's text finds it
echo "bench: waiting for the server's index to hold all $embedded vectors ..." >&2
probe=$rows
[ "$backfill" -lt "$rows" ] && probe=$((rows % backfill + 1))
last_text=$(sql "SELECT body FROM public.bench_docs WHERE id = $probe")
load_start=$(date +%s.%N)
for _ in $(seq 1 600); do
  case ",$(search "$last_text" 100)," in *",$rows,"*) break ;; esac
  sleep 0.5
done
load_s=$(echo "$(date +%s.%N) - $load_start" | bc -l)
# FLUXBASE_VECTORS_APPROXIMATE_FROM above VECTOR_ROWS keeps the table on the exact scan, for comparison
if [ "${FLUXBASE_VECTORS_APPROXIMATE_FROM:-10000}" -le "$rows" ]; then
  echo "bench: waiting for the HNSW graph to hold every row ..." >&2
  for _ in $(seq 1 1200); do
    cli vectors status bench_docs -o json | grep -q '"search" *: *"hnsw"' && break
    sleep 0.5
  done
fi
graph_s=$(echo "$(date +%s.%N) - $load_start" | bc -l)
search_path=$(cli vectors status bench_docs -o json | sed -n 's/.*"search" *: *"\([a-z]*\)".*/\1/p')
rss_after=$(rss_mb)
echo "bench: recall@10 over $queries queries (exact top 10 in SQL takes a while) ..." >&2
hits=0
for i in $(seq 1 "$queries"); do
  id=$(( (i * 7919) % backfill + 1 ))
  text=$(sql "SELECT body FROM public.bench_docs WHERE id = $id")
  found=$(search "$text" 10)
  # a found row counts when its exact similarity reaches the exact 10th's: generated rows often share a text, and
  # rows tied with the 10th are as near as it is
  common=$(sql "WITH q AS (SELECT embedding AS e FROM fluxbase.vector_embeddings
                           WHERE table_name = 'public.bench_docs' AND row_key = '$id'),
                s AS (SELECT v.row_key, (SELECT sum(a::float8 * b) FROM unnest(v.embedding, q.e) AS t(a, b)) AS sim
                      FROM fluxbase.vector_embeddings v, q
                      WHERE v.table_name = 'public.bench_docs' AND v.embedding IS NOT NULL),
                kth AS (SELECT sim FROM s ORDER BY sim DESC OFFSET 9 LIMIT 1)
                SELECT count(*) FROM s, kth WHERE s.row_key = ANY(string_to_array('$found', ','))
                  AND s.sim >= kth.sim - 1e-5")
  hits=$((hits + common))
  echo "query $i (row $id): $common of 10 in the exact top 10" >&2
done
recall=$(echo "$hits / ($queries * 10)" | bc -l)

load() { # mode clients
  "$java" "$root/bench/McpLoad.java" "http://127.0.0.1:$port/mcp" "$key" "$2" 200 "$seconds" 10000 "$1"
}
echo "bench: latency ..." >&2
v1=$(load vector 1); q1=$(load query 1); v8=$(load vector 8); q8=$(load query 8)
field() { echo "$1" | sed -n "s/.*\"$2\":\([0-9.]*\).*/\1/p"; }
report="$out/report-vectors.txt"
{
  echo "BENCH=vectors  $(date -u +%FT%TZ)  rows=$rows  model-embedded=$backfill  seconds=$seconds"
  printf 'backfill (in-process MiniLM, %s rows): %.1f s, %.1f rows/s\n' "$backfill" "$backfill_s" "$backfill_rate"
  [ "$backfill" -lt "$rows" ] && printf '  extrapolated to %s rows: %.0f s\n' "$rows" "$(echo "$rows / $backfill_rate" | bc -l)"
  echo "embeddings held: $embedded (the index had the copied ones $(printf '%.1f' "$load_s") s after they were written)"
  if [ "$search_path" = hnsw ]; then
    echo "search: hnsw (the HNSW graph held every row $(printf '%.1f' "$graph_s") s after they were written)"
  else
    echo "search: $search_path"
  fi
  printf 'recall@10 (vector_search vs exact SQL top 10, %s queries): %.3f\n' "$queries" "$recall"
  echo "server RSS: ${rss_before} MB before enabling, ${rss_after} MB with the model and $embedded vectors loaded"
  printf '%-26s %10s %10s %10s\n' "" calls/s p50_ms p99_ms
  for row in "vector_search 1 client:$v1" "query_table 1 client:$q1" "vector_search 8 clients:$v8" \
             "query_table 8 clients:$q8"; do
    name=${row%%:*}; json=${row#*:}
    printf '%-26s %10s %10s %10s\n' "$name" "$(field "$json" calls_per_s)" "$(field "$json" p50_ms)" \
      "$(field "$json" p99_ms)"
  done
} | tee "$report"
