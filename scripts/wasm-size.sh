#!/usr/bin/env bash
# Prints what the release bundle weighs as served (the brotli copies the build writes): the main
# bundle (shell and home: wasm, its JS glue and the split loader) and, for each lazy route
# (`--split`), the chunks its first visit adds, from the split manifest. Raw sizes alongside.
# What a browser really downloads is checked by end2end/tests/shell.spec.ts (the budgets).
# Usage: scripts/wasm-size.sh [--juntos]   (--juntos adds what each route's chunks would weigh
# compressed together, brotli 11, instead of each on its own: some seconds more)
set -euo pipefail
cd "$(dirname "$0")/.."
node - target/site/pkg "${1:-}" <<'JS'
const fs = require('fs');
const zlib = require('zlib');
const dir = process.argv[2];
const juntos = process.argv[3] === '--juntos';
const archivos = fs.readdirSync(dir);
const tam = (f) => fs.statSync(`${dir}/${f}`).size;
const servido = (f) => (archivos.includes(`${f}.br`) ? tam(`${f}.br`) : tam(f));
const kb = (b) => `${(b / 1000).toFixed(1)} KB`.padStart(9);
const principal = archivos.filter((f) => /^(clave-sence\.[\w-]+\.(wasm|js)|__wasm_split\.[\w-]+\.js)$/.test(f));
const suma = (fs_, medir) => fs_.reduce((t, f) => t + medir(f), 0);
const base = suma(principal, servido);
console.log(`main bundle (${principal.join(', ')}): served ${kb(base)}, raw ${kb(suma(principal, tam))}`);
const manifiesto = archivos.find((f) => f.startsWith('__wasm_split_manifest') && f.endsWith('.json'));
if (!manifiesto) process.exit(0);
const rutas = JSON.parse(fs.readFileSync(`${dir}/${manifiesto}`));
const brotli = (bytes) =>
  zlib.brotliCompressSync(bytes, {
    params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_LGWIN]: 24 },
  }).length;
console.log(
  'lazy route            chunks   served      raw   first visit (main + chunks)' +
    (juntos ? '   chunks together   first visit' : ''),
);
for (const [ruta, trozos] of Object.entries(rutas)) {
  const wasm = trozos.map((t) => `${t}.wasm`);
  const nombre = ruta.replace(/^__ruta_/, '').replace(/_view_\d+$/, '');
  let fila = `${nombre.padEnd(20)} ${String(trozos.length).padStart(7)} ${kb(suma(wasm, servido))} ${kb(suma(wasm, tam))} ${kb(base + suma(wasm, servido))}`;
  if (juntos) {
    const junto = brotli(Buffer.concat(wasm.map((f) => fs.readFileSync(`${dir}/${f}`))));
    fila += `         ${kb(junto)}     ${kb(base + junto)}`;
  }
  console.log(fila);
}
JS
