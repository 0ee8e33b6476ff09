#!/usr/bin/env bash
# Prints the size of each file of the release bundle: raw, gzip -9 and brotli -q 11. Names carry
# a content hash (hash-files in Cargo.toml): clave-sence.<hash>.wasm is the shell and the home,
# the other .wasm files are the lazy routes' chunks (`--split`), fetched when their page is shown.
# What a page really downloads is checked by end2end/tests/shell.spec.ts (the budgets).
set -euo pipefail
cd "$(dirname "$0")/.."
for f in target/site/pkg/*.wasm target/site/pkg/*.js; do
  raw=$(stat -c %s "$f")
  gz=$(gzip -9 -c "$f" | wc -c)
  if command -v brotli >/dev/null; then br=$(brotli -q 11 -c "$f" | wc -c); else br="(brotli not installed)"; fi
  printf '%-64s raw %8s  gzip %8s  brotli %8s\n' "$f" "$raw" "$gz" "$br"
done
