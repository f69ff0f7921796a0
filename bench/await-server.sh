# Sourced by the bench scripts: waits until the server started as PID answers /mcp/health on PORT, for at most
# SECONDS (default 120); stops the script, naming LOG, when the server dies or does not come up in time.
await_server() { # port pid log [seconds]
  for _ in $(seq 1 "${4:-120}"); do
    curl -fs "http://127.0.0.1:$1/mcp/health" >/dev/null 2>&1 && return 0
    kill -0 "$2" 2>/dev/null || { echo "bench: server died; see $3" >&2; exit 1; }
    sleep 1
  done
  curl -fs "http://127.0.0.1:$1/mcp/health" >/dev/null 2>&1 \
    || { echo "bench: server not up after ${4:-120} s; see $3" >&2; exit 1; }
}
