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
log_copy_sql() { # name -> a copy of the log's table: same columns and indexes, and, like the log, no capture triggers
  cat <<SQL
CREATE TABLE public.$1 (LIKE fluxbase.domain_event_entry INCLUDING INDEXES);
CREATE SEQUENCE public.${1}_seq;
ALTER TABLE public.$1 ALTER global_index SET DEFAULT nextval('public.${1}_seq');
DROP TRIGGER IF EXISTS fluxbase_capture_insert ON public.$1;
DROP TRIGGER IF EXISTS fluxbase_capture_update ON public.$1;
DROP TRIGGER IF EXISTS fluxbase_capture_delete ON public.$1;
SQL
}
{ log_copy_sql floor_log; echo "CREATE TABLE public.floor_bare (x int);"; } \
  | "$pgbin/psql" -q -v ON_ERROR_STOP=1 "$dburl" >/dev/null
# The log's ids as the server makes them: a version 7 UUID (the time in milliseconds, then random bits); until this
# stop's time-ordered ids, a random one (version 4). Both are made from the same random text, so they cost about the
# same to make; both are plain expressions (a function call would cost more than the insert).
id_sql() { # ordered millis_expression -> an id
  if [ "$1" = true ]; then
    echo "(SELECT substr(t, 1, 8) || '-' || substr(t, 9, 4) || '-7' || substr(r, 1, 3) || '-8' || substr(r, 4, 3)\
 || '-' || substr(r, 7, 12) FROM (SELECT lpad(to_hex($2), 12, '0') AS t, md5(random()::text) AS r) AS p)"
  else
    echo "md5(random()::text)::uuid::text"
  fi
}
now_millis="(extract(epoch FROM clock_timestamp()) * 1000)::bigint"
record_sql() { # table ordered -> one call record's insert, committed and flushed on its own
  echo "INSERT INTO $1 (aggregate_identifier, sequence_number, event_identifier, meta_data, payload, payload_type,\
 time_stamp) SELECT id, 0, id, convert_to(repeat('m', 120), 'UTF8'), convert_to(repeat('p', 700), 'UTF8'),\
 'io.fluxbase.mcp.kernel.audit.CallRecordedEvent', now()::text FROM (SELECT $(id_sql "$2" "$now_millis") AS id) AS x;"
}
record_sql public.floor_log true >"$data/floor-record.sql"
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

# The same call record in a log that has grown past the database's memory (LOG_ROWS records already in it, default
# 2,000,000; 0 leaves this out), once with random ids and once with time-ordered ones: the log's two unique indexes
# on them then take a page that may not be in memory, or the last page, which is.
log_rows=${LOG_ROWS:-2000000}
if [ "$log_rows" -gt 0 ]; then
  for kind in random ordered; do
    ordered=$([ $kind = ordered ] && echo true || echo false)
    echo "floor: filling a log of $log_rows records with $kind ids ..." >&2
    { log_copy_sql "floor_log_$kind"; cat <<SQL
INSERT INTO public.floor_log_$kind (aggregate_identifier, sequence_number, event_identifier, payload, payload_type,
    time_stamp)
  SELECT id, 0, id, convert_to('p', 'UTF8'), 'io.fluxbase.mcp.kernel.audit.CallRecordedEvent', now()::text
  FROM (SELECT $(id_sql "$ordered" "$now_millis - $log_rows + g") AS id FROM generate_series(1, $log_rows) AS g) AS x;
VACUUM ANALYZE public.floor_log_$kind;
SQL
    } | "$pgbin/psql" -q -v ON_ERROR_STOP=1 "$dburl" >/dev/null
    record_sql "public.floor_log_$kind" "$ordered" >"$data/floor-record-$kind.sql"
  done
  index_pages_read() { # kind -> index pages of that copy read into memory so far
    "$pgbin/psql" -Atq "$dburl" -c "SELECT coalesce(sum(idx_blks_read), 0) FROM pg_statio_user_indexes
      WHERE indexrelname LIKE 'floor_log_${1}_%'"
  }
  {
    echo "floor: the same call record in a log of $log_rows records, $(nproc) cores"
    for kind in random ordered; do
      reads_before=$(index_pages_read "$kind")
      wal_before=$("$pgbin/psql" -Atq "$dburl" -c "SELECT pg_current_wal_lsn()")
      json=$(pgbench "floor-record-$kind.sql" 8 prepared)
      tps=$(field "$json" tps)
      [ "${tps:-0}" -gt 0 ] || { echo "bench: pgbench failed on floor-record-$kind.sql:" >&2
        cat "$data/pgbench.err" >&2; exit 1; }
      inserted=$(( $("$pgbin/psql" -Atq "$dburl" -c "SELECT count(*) FROM public.floor_log_$kind") - log_rows ))
      read_pages=$("$pgbin/psql" -Atq "$dburl" -c "SELECT round(($(index_pages_read "$kind") - $reads_before)::numeric
        / $inserted, 2)")
      wal=$("$pgbin/psql" -Atq "$dburl" -c "SELECT round(pg_wal_lsn_diff(pg_current_wal_lsn(), '$wal_before') / $inserted)")
      printf 'floor: %-64s %6s tx/s %5s us of machine CPU each; per insert %s index pages read in, %s B of WAL\n' \
        "a call record, $kind ids" "$tps" "$(field "$json" cpu_us_per_tx)" "$read_pages" "$wal"
    done
  } | tee -a "$out/floor.txt"
fi
