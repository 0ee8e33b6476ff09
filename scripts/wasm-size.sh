#!/usr/bin/env bash
# Prints the size of the release wasm bundle and its JS glue: raw, gzip -9 and brotli -q 11.
# Their names carry a content hash (hash-files in Cargo.toml): clave-sence.<hash>.wasm.
set -euo pipefail
cd "$(dirname "$0")/.."
for f in target/site/pkg/clave-sence*.wasm target/site/pkg/clave-sence*.js; do
  raw=$(stat -c %s "$f")
  gz=$(gzip -9 -c "$f" | wc -c)
  if command -v brotli >/dev/null; then br=$(brotli -q 11 -c "$f" | wc -c); else br="(brotli not installed)"; fi
  printf '%-48s raw %8s  gzip %8s  brotli %8s\n' "$f" "$raw" "$gz" "$br"
done
