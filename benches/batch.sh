#!/usr/bin/env bash
# Measures `forget batch` end to end: letters per second and peak memory (RSS) for synthetic
# batches of text letters, of PDFs, and of e-mails sent to a loopback SMTP server.
#
#   benches/batch.sh                 # 10k, 100k and 1M text rows, 10k PDF rows, 2k sends
#   ROWS="10000" SEND_ROWS=500 benches/batch.sh
#   PROFILE=profiling benches/batch.sh   # a faster build (no LTO) than release
#   WORK=/dev/shm/forget-bench benches/batch.sh   # in memory: forget's speed, not the disk's
#
# Needs: GNU time (/usr/bin/time), awk, python3 (for the SMTP sink). Writes under $WORK
# (default: a temporary folder, removed at the end); a million rows take about 8 GB there.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PROFILE="${PROFILE:-release}"
ROWS="${ROWS:-10000 100000 1000000}"
PDF_ROWS="${PDF_ROWS:-10000}"
SEND_ROWS="${SEND_ROWS:-2000}"
WORK="${WORK:-$(mktemp -d)}"
KEEP="${KEEP:-}"
[ -n "$KEEP" ] || trap 'rm -rf "$WORK"' EXIT

cargo build --quiet --profile "$PROFILE" --manifest-path "$ROOT/Cargo.toml"
target="${CARGO_TARGET_DIR:-$ROOT/target}"
dir="$PROFILE"; [ "$PROFILE" = "dev" ] && dir=debug
FORGET="$target/$dir/forget"

# N synthetic people in the places forget's rules cover, some with a postal address.
people() {
  awk -v n="$1" 'BEGIN {
    split("DE-HH FR DE-BE IT NL GB CA-QC CA-ON AT ES AU US-CA", res, " ");
    print "name,email,residence,address";
    for (i = 0; i < n; i++)
      printf "Person %d,person%d@example.org,%s,\"Street %d, %05d City\"\n", i, i, res[i % 12 + 1], i, i % 100000;
  }' > "$2"
}

# Runs one batch; prints rows, format, seconds, rows/s and peak RSS.
measure() {
  local rows="$1" format="$2"; shift 2
  local case="$WORK/$format-$rows"
  rm -rf "$case"; mkdir -p "$case"
  people "$rows" "$case/people.csv"
  # The largest the case log's write-ahead file gets while the batch runs (it must stay small).
  ( max=0; echo 0 > "$case/wal"
    while [ ! -e "$case/done" ]; do
      size=$(stat -c %s "$case/data/cases.sqlite-wal" 2>/dev/null || echo 0)
      if [ "$size" -gt "$max" ]; then max=$size; echo "$max" > "$case/wal"; fi
      sleep 0.2
    done ) &
  local sampler=$!
  /usr/bin/time -f "%e %M" -o "$case/time" \
    "$FORGET" --data-dir "$case/data" --today 2026-11-23 batch --input "$case/people.csv" \
    --controller clearview-ai --kind access --out "$case/out" --format "$format" "$@" \
    >/dev/null 2>"$case/stderr" || { touch "$case/done"; echo "forget failed:"; tail "$case/stderr"; exit 1; }
  touch "$case/done"
  wait "$sampler"
  read -r seconds kib < "$case/time"
  awk -v r="$rows" -v f="$format$*" -v s="$seconds" -v k="$kib" -v w="$(cat "$case/wal")" \
    'BEGIN { printf "%9d  %-22s %8.2f s  %8.0f rows/s  %6.1f MiB peak RSS  %6.1f MiB WAL\n", r, f, s, r / s, k / 1024, w / 1048576 }'
  [ -n "$KEEP" ] || rm -rf "$case"
}

mkdir -p "$WORK"
echo "forget batch, $PROFILE build, $(nproc) cores, $(uname -sr), in $WORK ($(stat -f -c %T "$WORK"))"
printf "%9s  %-22s %10s  %13s  %s\n" rows format time rate "memory, largest WAL"
for rows in $ROWS; do measure "$rows" text; done
for rows in $PDF_ROWS; do [ "$rows" -gt 0 ] && measure "$rows" pdf; done

if [ "$SEND_ROWS" -gt 0 ]; then
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  python3 "$ROOT/benches/smtp_sink.py" "$port" "$WORK/sent" &
  sink=$!
  sleep 0.5
  XDG_CONFIG_HOME="$WORK/config" FORGET_SMTP_URL="smtp://127.0.0.1:$port" measure "$SEND_ROWS" text --send
  kill -TERM "$sink"; wait "$sink" || true
  echo "           the SMTP sink counted $(cat "$WORK/sent") messages"
fi
