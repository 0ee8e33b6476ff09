// The bytes of code (wasm and JS, as sent) Chromium downloads for each page, two ways: a first
// visit straight to the page, and a visit that starts at the home and follows its link. Each is
// measured twice in the same run, with Chromium's compression dictionaries on and off, so the
// difference is what `Content-Encoding: dcb` (server/src/estaticos/diccionario.rs) saves.
//
// Needs a running release server (scripts/run.sh, or the HTTPS front of scripts/lighthouse.sh).
// Usage: BASE=http://127.0.0.1:3000 [SPKI=<the front certificate's key hash>] node scripts/bytes-de-codigo.mjs
import { chromium } from 'playwright-core';

const BASE = process.env.BASE ?? 'http://127.0.0.1:3000';
const PAGINAS = ['/ingresar', '/natural/registro', '/natural/recuperar', '/natural/cambiar', '/natural/actualizar', '/juridica/facilitador'];
const BANDERAS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
if (process.env.SPKI) BANDERAS.push(`--ignore-certificate-errors-spki-list=${process.env.SPKI}`);

/** Bytes of /pkg/*.wasm|js bodies received (compressed) while `accion` runs, in a fresh profile. */
async function medir(navegador, accion) {
  const contexto = await navegador.newContext();
  const pagina = await contexto.newPage();
  const respuestas = [];
  pagina.on('response', (r) => {
    if (/\/pkg\/.+\.(wasm|js)$/.test(new URL(r.url()).pathname)) respuestas.push(r);
  });
  await accion(pagina, () => (respuestas.length = 0));
  await pagina.waitForLoadState('networkidle');
  let total = 0;
  for (const r of respuestas) total += (await r.request().sizes()).responseBodySize;
  await contexto.close();
  return total;
}

async function medirTodo(conDiccionario) {
  const banderas = conDiccionario ? BANDERAS : [...BANDERAS, '--disable-features=CompressionDictionaryTransport,CompressionDictionaryTransportBackend'];
  const navegador = await chromium.launch({ executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium', args: banderas });
  const filas = {};
  for (const ruta of PAGINAS) {
    const directa = await medir(navegador, async (p) => {
      await p.goto(BASE + ruta, { waitUntil: 'networkidle' });
    });
    // Only what the page adds to the home's code: the chunks fetched once the link is followed.
    const desdeInicio = await medir(navegador, async (p, olvidar) => {
      await p.goto(BASE + '/', { waitUntil: 'networkidle' });
      olvidar();
      await p.locator(`main a[href="${ruta}"]`).click();
      await p.waitForURL(BASE + ruta);
      await p.getByText('Preparando el formulario').waitFor({ state: 'detached' });
    });
    filas[ruta] = { directa, desdeInicio };
  }
  await navegador.close();
  return filas;
}

const kb = (b) => `${(b / 1000).toFixed(1)} KB`;
const con = await medirTodo(true);
const sin = await medirTodo(false);
console.log(`${BASE}: a first visit to the page; the page's chunks when reached from the home (dictionaries off → on)`);
for (const ruta of PAGINAS) {
  console.log(`| \`${ruta}\` | ${kb(sin[ruta].directa)} → ${kb(con[ruta].directa)} | ${kb(sin[ruta].desdeInicio)} → ${kb(con[ruta].desdeInicio)} |`);
}
