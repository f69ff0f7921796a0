# Sourced by bench/run.sh (BENCH=floor) after its setup: what the database alone spends on the parts of a call, priced
# with pgbench at 8 clients on the bench's own cluster (the server, which runs it, sits idle meanwhile). The machine
# CPU per transaction counts PostgreSQL and pgbench together, as the bench's per-call figures count the load generator.
# shellcheck shell=bash
claims="{\"sub\":\"$user\",\"role\":\"authenticated\"}"
# query_table's transaction for a user-bound key as the server sends it: every statement prepared (planned once per
# connection) and all of them in one round trip (a pipeline)
{
  echo "\\set id random(1, $rows)"
  echo "\\startpipeline"
  echo "BEGIN READ ONLY;"
  echo "SELECT set_config('role', 'authenticated', true), set_config('request.jwt.claims', '$claims', true);"
  echo "SELECT row_to_json(_r)::text FROM public.bench_items AS _t CROSS JOIN LATERAL (SELECT _t.id, _t.owner,\
 _t.title, _t.amount) AS _r WHERE _t.id = :id LIMIT 101 OFFSET 0;"
  echo "RESET ALL;"
  echo "RESET ROLE;"
  echo "SELECT fluxbase_gate.reset_read_session();"
  echo "COMMIT;"
  echo "\\endpipeline"
} >"$data/floor-read.sql"
# a call record: a row of the command log's shape and size, in a copy of the log's table (same indexes), committed
# and flushed on its own, as the call record of a lone call is
"$pgbin/psql" -q -v ON_ERROR_STOP=1 "$dburl" >/dev/null <<'SQL'
CREATE TABLE public.floor_log (LIKE fluxbase.domain_event_entry INCLUDING INDEXES);
CREATE SEQUENCE public.floor_log_seq;
ALTER TABLE public.floor_log ALTER global_index SET DEFAULT nextval('public.floor_log_seq');
CREATE TABLE public.floor_bare (x int);
SQL
cat >"$data/floor-record.sql" <<'SQL'
INSERT INTO public.floor_log (aggregate_identifier, sequence_number, event_identifier, meta_data, payload, payload_type, time_stamp) VALUES (gen_random_uuid()::text, 0, gen_random_uuid()::text, convert_to(repeat('m', 120), 'UTF8'), convert_to(repeat('p', 700), 'UTF8'), 'io.fluxbase.mcp.kernel.audit.CallRecordedEvent', now()::text);
SQL
echo 'INSERT INTO public.floor_bare VALUES (1);' >"$data/floor-commit.sql"

floor_line() { # label script protocol
  local json tps
  json=$(pgbench "$2" 8 "$3")
  tps=$(field "$json" tps)
  [ "${tps:-0}" -gt 0 ] || { echo "bench: pgbench failed on $2:" >&2; cat "$data/pgbench.err" >&2; exit 1; }
  printf 'floor: %-64s %6s tx/s %5s us of machine CPU each\n' "$1" "$tps" "$(field "$json" cpu_us_per_tx)"
}
{
  echo "floor: pgbench alone, 8 clients, ${seconds}s each, on the bench's cluster (the server idle); $(nproc) cores"
  floor_line "the peer's read: one prepared SELECT" select.sql prepared
  floor_line "our read transaction: role, claims, SELECT, reset, in one trip" floor-read.sql prepared
  floor_line "a call record: one log row, committed and flushed" floor-record.sql prepared
  floor_line "a bare commit: a one-int row, committed and flushed" floor-commit.sql prepared
} | tee "$out/floor.txt"
