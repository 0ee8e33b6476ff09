#!/usr/bin/env bash
# Prints what the release bundle weighs as served (the brotli copies the build writes): the main
# bundle (shell and home: wasm, its JS glue and the split loader) and, for each lazy route
# (`--split`), the chunks its first visit adds, from the split manifest. Raw sizes alongside.
# What a browser really downloads is checked by end2end/tests/shell.spec.ts (the budgets).
set -euo pipefail
cd "$(dirname "$0")/.."
node - target/site/pkg <<'JS'
const fs = require('fs');
const dir = process.argv[2];
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
console.log('lazy route            chunks   served      raw   first visit (main + chunks)');
for (const [ruta, trozos] of Object.entries(rutas)) {
  const wasm = trozos.map((t) => `${t}.wasm`);
  const nombre = ruta.replace(/^__ruta_/, '').replace(/_view_\d+$/, '');
  console.log(`${nombre.padEnd(20)} ${String(trozos.length).padStart(7)} ${kb(suma(wasm, servido))} ${kb(suma(wasm, tam))} ${kb(base + suma(wasm, servido))}`);
}
JS
