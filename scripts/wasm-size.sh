#!/usr/bin/env bash
# Prints what the release bundle weighs as served (the brotli copies the build writes): the main
# bundle (shell and home: wasm, its JS glue and the split loader) and, for each lazy route
# (`--split`), the code its first visit adds: the route's pack (server/src/estaticos/paquetes.rs),
# beside what its chunks weigh each compressed on its own, as they come on in-app navigation.
# Raw sizes alongside. What a browser really downloads is checked by
# end2end/tests/shell.spec.ts (the budgets).
# Usage: scripts/wasm-size.sh   (after scripts/build.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
node - target/site/pkg target/release/hash.txt <<'JS'
const fs = require('fs');
const [dir, hashes] = process.argv.slice(2);
const archivos = fs.readdirSync(dir);
const tam = (f) => fs.statSync(`${dir}/${f}`).size;
const servido = (f) => (archivos.includes(`${f}.br`) ? tam(`${f}.br`) : tam(f));
const kb = (b) => `${(b / 1000).toFixed(1)} KB`.padStart(9);
// This build's names (the directory may keep earlier builds' files).
const hash = Object.fromEntries(
  fs.readFileSync(hashes, 'utf8').split('\n').filter((l) => l.includes(':')).map((l) => l.split(':').map((p) => p.trim())),
);
const principal = [`clave-sence.${hash.wasm}.wasm`, `clave-sence.${hash.js}.js`, `__wasm_split.${hash.split}.js`];
const suma = (fs_, medir) => fs_.reduce((t, f) => t + medir(f), 0);
const base = suma(principal, servido);
console.log(`main bundle (${principal.join(', ')}): served ${kb(base)}, raw ${kb(suma(principal, tam))}`);
if (!hash.manifest) process.exit(0);
const leer = (f) => JSON.parse(fs.readFileSync(`${dir}/${f}`));
const manifiesto = leer(`__wasm_split_manifest.${hash.manifest}.json`);
const deTrozos = `__wasm_split_manifest.${hash.manifest}.trozos.json`;
if (!archivos.includes(deTrozos)) throw new Error('the build is not packed: run scripts/build.sh');
console.log('lazy route            chunks   each compressed      raw   pack   first visit (main + pack)');
for (const [ruta, trozos] of Object.entries(leer(deTrozos))) {
  const wasm = trozos.map((t) => `${t}.wasm`);
  const paquete = manifiesto[ruta].map((t) => `${t}.wasm`);
  const nombre = ruta.replace(/^pagina_/, '');
  console.log(
    `${nombre.padEnd(20)} ${String(trozos.length).padStart(7)}       ${kb(suma(wasm, servido))} ${kb(suma(wasm, tam))} ${kb(suma(paquete, servido))}     ${kb(base + suma(paquete, servido))}`,
  );
}
JS
