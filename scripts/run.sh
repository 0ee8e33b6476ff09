#!/usr/bin/env bash
# Runs the app on the embedded default (a SQLite file in data/, demo registries and demo
# accounts) at http://127.0.0.1:3000. Installs whatever is missing first.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/bootstrap.sh
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"

scripts/build.sh
export LEPTOS_SITE_ROOT=target/site LEPTOS_SITE_PKG_DIR=pkg LEPTOS_OUTPUT_NAME=clave-sence
./target/release/server seed-demo
exec ./target/release/server serve
