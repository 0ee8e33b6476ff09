#!/usr/bin/env bash
# Installs every build tool the project needs, from the reachable registries only.
# Idempotent: each step is skipped when its tool is already there at the right version.
# Usage: scripts/bootstrap.sh [--e2e]   (--e2e also installs what the tests need)
set -euo pipefail
cd "$(dirname "$0")/.."

CARGO_LEPTOS_VERSION=0.3.10
# Must equal the wasm-bindgen version pinned in Cargo.toml / Cargo.lock.
WASM_BINDGEN_VERSION=0.2.130

log() { printf '\033[1;34m[bootstrap]\033[0m %s\n' "$*"; }

export PATH="$HOME/.cargo/bin:$PATH"

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# The browser bundle's compiler (scripts/build.sh): a pinned nightly with the standard library's
# sources, which it rebuilds.
source scripts/toolchain.env
if ! rustup run "$NIGHTLY_WASM" rustc --print sysroot >/dev/null 2>&1 \
  || ! rustup component list --installed --toolchain "$NIGHTLY_WASM" | grep -q '^rust-src' \
  || ! rustup target list --installed --toolchain "$NIGHTLY_WASM" | grep -qx wasm32-unknown-unknown; then
  log "installing $NIGHTLY_WASM (the browser bundle's compiler) with rust-src and the wasm target"
  rustup toolchain install "$NIGHTLY_WASM" --profile minimal --component rust-src --target wasm32-unknown-unknown
fi

for componente in clippy rustfmt; do
  if ! rustup component list --installed | grep -q "^$componente"; then
    log "adding the $componente component (the lint and format checks of scripts/test.sh)"
    rustup component add "$componente"
  fi
done

if ! cargo leptos --version 2>/dev/null | grep -q "$CARGO_LEPTOS_VERSION"; then
  log "installing cargo-leptos $CARGO_LEPTOS_VERSION (about 12 minutes the first time)"
  cargo install cargo-leptos --version "$CARGO_LEPTOS_VERSION" --locked
fi

if ! wasm-bindgen --version 2>/dev/null | grep -q "$WASM_BINDGEN_VERSION"; then
  log "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION"
  # Not --locked: its own lockfile pins a crate version the registry no longer has.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

# npm packages: wasm-opt (binaryen, never Debian's: it breaks hydration), Playwright, test servers.
if [ ! -x node_modules/.bin/wasm-opt ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  log "installing npm packages"
  if [ -f package-lock.json ]; then npm ci --no-audit --no-fund; else npm install --no-audit --no-fund; fi
fi

# Tests also need Debian's Chromium (Playwright drives it; no browser download is possible)
# brotli (to report the compressed bundle size) and openssl (the certificate of the HTTPS front
# Lighthouse measures through).
if [ "${1:-}" = "--e2e" ] && { [ ! -x /usr/bin/chromium ] || ! command -v brotli >/dev/null || ! command -v openssl >/dev/null; }; then
  log "installing chromium, brotli and openssl from Debian"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium brotli openssl
fi
log "tools ready"
