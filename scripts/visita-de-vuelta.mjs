// A person who comes back after a deploy: one Chromium profile loads the home from the release
// build in ANTES, then, that server stopped, from the release build in DESPUES, deployed beside
// the first as the README asks (ANTES's `target/site/pkg` files are copied into DESPUES's,
// never over them). Prints how each main bundle arrived: its encoding and bytes.
//
// Needs two checkouts, each built with `scripts/build.sh`.
// Usage: ANTES=/path/to/old DESPUES=/path/to/new node scripts/visita-de-vuelta.mjs
import { chromium } from 'playwright-core';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const { ANTES, DESPUES } = process.env;
if (!ANTES || !DESPUES) throw new Error('ANTES and DESPUES name the two checkouts');
const PUERTO = process.env.PUERTO ?? '3000';
const BASE = `http://127.0.0.1:${PUERTO}`;
const temporal = fs.mkdtempSync(path.join(os.tmpdir(), 'visita-de-vuelta-'));

const pkg = (raiz) => path.join(raiz, 'target/site/pkg');
for (const archivo of fs.readdirSync(pkg(ANTES))) {
  // A name both builds share is the same content (names are content hashes).
  if (!fs.existsSync(path.join(pkg(DESPUES), archivo))) fs.copyFileSync(path.join(pkg(ANTES), archivo), path.join(pkg(DESPUES), archivo));
}

async function servidor(raiz) {
  const env = {
    ...process.env,
    LEPTOS_SITE_ROOT: 'target/site', LEPTOS_SITE_PKG_DIR: 'pkg', LEPTOS_OUTPUT_NAME: 'clave-sence',
    CS_BIND: `127.0.0.1:${PUERTO}`, CS_DATABASE__URL: `sqlite://${temporal}/${path.basename(raiz)}.db?mode=rwc`,
  };
  const proceso = spawn(path.join(raiz, 'target/release/server'), ['serve'], { cwd: raiz, env, stdio: 'ignore' });
  for (let intento = 0; intento < 100; intento++) {
    if (await fetch(`${BASE}/salud`).then((r) => r.ok, () => false)) return proceso;
    await new Promise((listo) => setTimeout(listo, 300));
  }
  proceso.kill();
  throw new Error(`the server of ${raiz} did not start`);
}

async function visita(raiz) {
  const proceso = await servidor(raiz);
  const contexto = await chromium.launchPersistentContext(path.join(temporal, 'perfil'), {
    executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  const pagina = contexto.pages()[0] ?? (await contexto.newPage());
  const bundles = [];
  pagina.on('response', (r) => {
    if (/\/pkg\/clave-sence\.[\w-]+\.wasm$/.test(r.url())) bundles.push(r);
  });
  await pagina.goto(`${BASE}/`, { waitUntil: 'networkidle' });
  for (const r of bundles) {
    const bytes = (await r.request().sizes()).responseBodySize;
    console.log(`${raiz}: ${new URL(r.url()).pathname} ${r.headers()['content-encoding']} ${(bytes / 1000).toFixed(1)} KB`);
  }
  await contexto.close();
  proceso.kill();
  await new Promise((fin) => proceso.on('exit', fin));
}

await visita(ANTES);
await visita(DESPUES);
