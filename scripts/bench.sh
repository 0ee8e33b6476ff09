#!/usr/bin/env bash
# Server benchmark with wrk, side by side in one run:
#   vacío        an empty axum handler (server/examples/vacio.rs): the ceiling
#   página       a server-rendered page, `GET /`
#   css, wasm    the built assets under /pkg (precompressed brotli copies)
#   paso sqlite  the first step of a procedure, the call its page makes on opening:
#   paso pg      `POST /api/iniciar_flujo` (tipo=recuperar_natural), one INSERT of a flow,
#                on SQLite and on PostgreSQL
# each at 64 and 256 connections: requests/s, p50 and p99 latency. Then the target of issue 8:
# the PostgreSQL step at >= 5 % of the empty handler's requests/s, with p99 < 50 ms, at 256
# connections. wrk and the servers share the machine's cores, as the figures do.
#
# Build first: scripts/build.sh
# Usage: scripts/bench.sh     (wrk outputs and server logs: target/bench/)
# Environment:
#   BENCH_DURATION (10s), BENCH_WARMUP (2s), BENCH_CONNECTIONS ("64 256"), BENCH_THREADS (2)
#   BENCH_PORT (3500)     the servers listen on BENCH_PORT+1 (vacío), +2 (SQLite), +3 (PostgreSQL)
#   BENCH_POSTGRES (postgres://postgres@127.0.0.1:5432)   a throwaway database is made there
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${BENCH_DURATION:-10s}
WARMUP=${BENCH_WARMUP:-2s}
THREADS=${BENCH_THREADS:-2}
read -r -a CONNECTIONS <<<"${BENCH_CONNECTIONS:-64 256}"
PORT=${BENCH_PORT:-3500}
POSTGRES=${BENCH_POSTGRES:-postgres://postgres@127.0.0.1:5432}
PG_DB="cs_bench_$$"
OUT=target/bench

log() { printf '\033[1;34m[bench]\033[0m %s\n' "$*"; }

if [ ! -x target/release/server ] || [ ! -d target/site/pkg ]; then
  echo "no release build: run \`scripts/build.sh\` first" >&2
  exit 2
fi
if ! command -v wrk >/dev/null; then
  log "installing wrk from Debian"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk
fi
# PostgreSQL as scripts/test.sh finds it: started if installed but down.
if ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null && command -v pg_ctlcluster >/dev/null; then
  log "starting PostgreSQL"
  # shellcheck disable=SC2012 # cluster versions are plain numbers
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start
fi

log "building the empty handler"
cargo build --release -p server --example vacio

# The assets the pages load, by the names the build gave them (target/release/hash.txt).
asset() {
  local hash
  hash=$(sed -n "s/^$1: //p" target/release/hash.txt 2>/dev/null || true)
  find target/site/pkg -maxdepth 1 -name "*${hash}*.$1" -printf '%s %f\n' | sort -n | tail -n1 | cut -d' ' -f2
}
CSS=$(asset css)
WASM=$(asset wasm)

# The servers: each on its own port and database, flood limits out of the way (one client
# address makes every request), messages left in the outbox (no SMTP/SMS outside production).
rm -rf "$OUT" && mkdir -p "$OUT"
PIDS=()
terminar() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  psql -qX "$POSTGRES/postgres" -c "DROP DATABASE IF EXISTS $PG_DB WITH (FORCE)" >/dev/null || true
}
trap terminar EXIT
psql -qX "$POSTGRES/postgres" -c "CREATE DATABASE $PG_DB" >/dev/null
esperar() { # url pid log
  for _ in $(seq 100); do
    curl -s -o /dev/null "$1" && return 0
    kill -0 "$2" 2>/dev/null || break
    sleep 0.3
  done
  cat "$3" >&2
  echo "no answer at $1" >&2
  exit 1
}
app() { # name port database-url
  env LEPTOS_SITE_ROOT=target/site LEPTOS_SITE_PKG_DIR=pkg LEPTOS_OUTPUT_NAME=clave-sence \
    CS_BIND="127.0.0.1:$2" CS_DATABASE__URL="$3" \
    CS_RATE_LIMIT__PER_IP_PER_MINUTE=1000000000 CS_RATE_LIMIT__BURST=1000000000 \
    ./target/release/server serve >"$OUT/$1.log" 2>&1 &
  PIDS+=($!)
  esperar "http://127.0.0.1:$2/salud" $! "$OUT/$1.log"
}
VACIO="http://127.0.0.1:$((PORT + 1))"
SQLITE="http://127.0.0.1:$((PORT + 2))"
PG="http://127.0.0.1:$((PORT + 3))"
"${CARGO_TARGET_DIR:-target}/release/examples/vacio" "127.0.0.1:$((PORT + 1))" >"$OUT/vacio.log" 2>&1 &
PIDS+=($!)
esperar "$VACIO/" $! "$OUT/vacio.log"
app sqlite $((PORT + 2)) "sqlite://$OUT/bench.db?mode=rwc"
app pg $((PORT + 3)) "$POSTGRES/$PG_DB"

# The step's request, as the page's code sends it.
cat >"$OUT/iniciar_flujo.lua" <<'EOF'
wrk.method = "POST"
wrk.body = "tipo=recuperar_natural"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
EOF

# Each target answers what it should before it is measured.
comprobar() { # url expected-status [curl args...]
  local estado
  estado=$(curl -s -o /dev/null -w '%{http_code}' "${@:3}" "$1")
  [ "$estado" = "$2" ] || { echo "$1 answered $estado, not $2" >&2; exit 1; }
}
comprobar "$VACIO/" 200
comprobar "$SQLITE/" 200
for a in "$CSS" "$WASM"; do
  [ "$(curl -s -o /dev/null -H 'Accept-Encoding: br' -w '%header{content-encoding}' "$SQLITE/pkg/$a")" = br ] ||
    { echo "/pkg/$a is not served precompressed (br)" >&2; exit 1; }
done
comprobar "$SQLITE/api/iniciar_flujo" 200 -d tipo=recuperar_natural
comprobar "$PG/api/iniciar_flujo" 200 -d tipo=recuperar_natural

# name|url|extra wrk arguments. Every request says what a browser says: it accepts brotli.
TARGETS=(
  "vacío|$VACIO/|"
  "página /|$SQLITE/|"
  "css ($CSS)|$SQLITE/pkg/$CSS|"
  "wasm ($WASM)|$SQLITE/pkg/$WASM|"
  "paso SQLite|$SQLITE/api/iniciar_flujo|-s $OUT/iniciar_flujo.lua"
  "paso PostgreSQL|$PG/api/iniciar_flujo|-s $OUT/iniciar_flujo.lua"
)

# wrk's figures in milliseconds (it prints us, ms, s or m).
ms() {
  awk -v v="$1" 'BEGIN {
    n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
    f = (u == "us") ? 0.001 : (u == "ms") ? 1 : (u == "s") ? 1000 : (u == "m") ? 60000 : -1
    if (f < 0) { print "?"; exit 1 }
    printf "%.2f", n * f }'
}

CARGA=$(cut -d' ' -f1-3 /proc/loadavg)
CONSTRUIDO=$(stat -c %Y target/release/hash.txt target/release/server target/site/pkg 2>/dev/null || true)
log "load average: $CARGA on $(nproc) cores (other work on the machine lowers every figure)"
FILAS=()
ERRORES=0
declare -A RPS P99
for t in "${TARGETS[@]}"; do
  IFS='|' read -r nombre url extra <<<"$t"
  read -r -a args <<<"$extra"
  wrk -t"$THREADS" -c"${CONNECTIONS[0]}" -d"$WARMUP" -H 'Accept-Encoding: br' "${args[@]}" "$url" >/dev/null
  for c in "${CONNECTIONS[@]}"; do
    archivo="$OUT/$(printf '%s' "$nombre" | tr -c 'a-zA-Z0-9' '_' | cut -c1-24)-c$c.txt"
    comando="wrk -t$THREADS -c$c -d$DURATION --latency -H 'Accept-Encoding: br' ${extra:+$extra }$url"
    log "$comando"
    wrk -t"$THREADS" -c"$c" -d"$DURATION" --latency -H 'Accept-Encoding: br' "${args[@]}" "$url" >"$archivo"
    rps=$(awk '/^Requests\/sec:/ {print $2}' "$archivo")
    p50=$(ms "$(awk '$1 == "50%" {print $2}' "$archivo")")
    p99=$(ms "$(awk '$1 == "99%" {print $2}' "$archivo")")
    no2xx=$(awk -F': *' '/Non-2xx or 3xx responses/ {print $2}' "$archivo")
    socket=$(awk '/Socket errors/ {gsub(/,/, ""); print $4 + $6 + $8 + $10}' "$archivo")
    total=$(awk '/requests in/ {print $1}' "$archivo")
    if [ "${no2xx:-0}" != 0 ] || [ "${socket:-0}" != 0 ]; then ERRORES=1; fi
    FILAS+=("| $nombre | $c | $(printf '%.0f' "$rps") | $p50 ms | $p99 ms | ${no2xx:-0} | ${socket:-0} | $total |")
    RPS["$nombre,$c"]=$rps
    P99["$nombre,$c"]=$p99
  done
done

if [ "$(stat -c %Y target/release/hash.txt target/release/server target/site/pkg 2>/dev/null || true)" != "$CONSTRUIDO" ]; then
  echo "the release build changed during the run (its assets were replaced): measure again" >&2
  exit 2
fi

echo
echo "| target | connections | requests/s | p50 | p99 | non-2xx | socket errors | requests |"
echo "|---|---|---|---|---|---|---|---|"
printf '%s\n' "${FILAS[@]}"
echo
echo "$(nproc) cores, load average before the run $CARGA; wrk $THREADS threads, $DURATION per row; commit $(git rev-parse --short HEAD 2>/dev/null)"

# Issue 8: static files at least as fast as a page; the PostgreSQL step's target.
for c in "${CONNECTIONS[@]}"; do
  awk -v a="${RPS["css ($CSS),$c"]}" -v p="${RPS["página /,$c"]}" -v c="$c" 'BEGIN {
    printf "static file vs page at %s connections: css %.0f, page %.0f requests/s: %s\n", c, a, p, (a >= p ? "static is at least as fast" : "STATIC SLOWER THAN THE PAGE") }'
done
c=${CONNECTIONS[-1]}
awk -v s="${RPS["paso PostgreSQL,$c"]}" -v v="${RPS["vacío,$c"]}" -v p99="${P99["paso PostgreSQL,$c"]}" -v c="$c" 'BEGIN {
  pct = 100 * s / v; met = (pct >= 5 && p99 < 50)
  printf "target (PostgreSQL step >= 5 %% of the empty handler, p99 < 50 ms, at %s connections): %.1f %% of %.0f requests/s, p99 %s ms: %s\n", c, pct, v, p99, (met ? "MET" : "NOT MET") }'
if [ "$ERRORES" != 0 ]; then
  echo "some requests failed (non-2xx or socket errors above): those rows measure errors; see $OUT/*.log" >&2
  exit 1
fi
