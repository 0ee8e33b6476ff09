#!/usr/bin/env bash
# The release build: the browser bundle (split, wasm-opt, hashed names, brotli and gzip copies)
# into target/site, then the server into target/release/server, then each page's chunks packed
# into one file for first visits (`server empaquetar`, server/src/estaticos/paquetes.rs).
# Run scripts/bootstrap.sh first.
#
# The browser bundle is compiled with a pinned nightly, for one reason: it rebuilds the standard
# library so that a panic in the browser stops the program at once (`-Cpanic=immediate-abort`)
# instead of formatting a message with its source location (`-Zlocation-detail=none`). That
# code was 20 KB of the main bundle and 24–27 KB of every procedure page's first visit
# (docs/rendimiento.md); std is also built for size (`optimize_for_size`, 0.3–1.0 KB). A panic still ends the page's program, as `panic = "abort"` did, and
# still shows in the console as an error (`unreachable`), which the end-to-end tests catch.
# The server, the lints and every test build stay on stable.
#
# CS_WASM_NOMBRES=1 keeps the functions' names in the wasm files and the packs (about twice the
# size), so that a CPU profile (scripts/perfil-cpu.mjs) names them: for profiling, never to ship.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/toolchain.env
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"

if [ "${CS_WASM_NOMBRES:-}" = 1 ]; then
  # Cargo.toml's wasm-opt flags, and keep the names.
  LEPTOS_WASM_OPT_FEATURES="$(grep '^wasm-opt-features' Cargo.toml | sed 's/^[^[]*\[//; s/\].*//; s/"//g; s/, */,/g'),--debuginfo"
  export LEPTOS_WASM_OPT_FEATURES
fi
# RUSTFLAGS replaces the target's rustflags in .cargo/config.toml, so it repeats the one there.
RUSTUP_TOOLCHAIN="$NIGHTLY_WASM" \
  CARGO_UNSTABLE_BUILD_STD=std,panic_abort CARGO_UNSTABLE_BUILD_STD_FEATURES=optimize_for_size \
  RUSTFLAGS='--cfg getrandom_backend="wasm_js" -Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none' \
  cargo leptos build --release --precompress --split --frontend-only
cargo leptos build --release --precompress --split --server-only
LEPTOS_SITE_ROOT=target/site LEPTOS_SITE_PKG_DIR=pkg LEPTOS_OUTPUT_NAME=clave-sence ./target/release/server empaquetar
