// Where a page's main-thread time goes on its first visit: Chrome's sampling profiler (through a
// Playwright CDP session) over several fresh loads: self time summed by script and by function, and
// total time by function (its own and its callees', each sample counted once per function).
// The release wasm has no name section, so its functions show as `wasm-function[N]`; a build with
// `CS_WASM_NOMBRES=1 scripts/build.sh` names them. FILAS_TOTAL (60) rows of total time.
//
// Usage: node scripts/perfil-cpu.mjs URL [LOADS]   (a running server: scripts/run.sh, or the one
// scripts/lighthouse.sh starts). PERFIL_DIR=dir also writes each load's profile there
// (`perfil-N.cpuprofile`, which Chrome's DevTools opens).
import { mkdir, writeFile } from 'node:fs/promises';
import { chromium } from 'playwright';

const [url, cargas = '5'] = process.argv.slice(2);
if (!url) {
  console.error('usage: node scripts/perfil-cpu.mjs URL [LOADS]');
  process.exit(2);
}
const CARGAS = Number(cargas);
// Long enough for the page's pack to arrive and the page to hydrate.
const QUIETO_MS = 1500;

const navegador = await chromium.launch({
  executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run'],
});
const porFuncion = new Map();
const porScript = new Map();
const totalPorFuncion = new Map();
const sumar = (mapa, clave, us) => mapa.set(clave, (mapa.get(clave) ?? 0) + us);
for (let carga = 0; carga < CARGAS; carga++) {
  // A new context each time: nothing cached, as on a first visit.
  const contexto = await navegador.newContext();
  const pagina = await contexto.newPage();
  const cdp = await contexto.newCDPSession(pagina);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 50 });
  await cdp.send('Profiler.start');
  await pagina.goto(url);
  await pagina.waitForTimeout(QUIETO_MS);
  const { profile } = await cdp.send('Profiler.stop');
  if (process.env.PERFIL_DIR) {
    await mkdir(process.env.PERFIL_DIR, { recursive: true });
    await writeFile(`${process.env.PERFIL_DIR}/perfil-${carga + 1}.cpuprofile`, JSON.stringify(profile));
  }
  const nodos = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const padres = new Map(profile.nodes.flatMap((n) => (n.children ?? []).map((hijo) => [hijo, n.id])));
  const nombre = ({ functionName, url: fuente }) =>
    `${functionName || '(anonymous)'} ${fuente.slice(fuente.lastIndexOf('/') + 1)}`.trim();
  profile.samples.forEach((id, i) => {
    const marco = nodos.get(id);
    const archivo = marco.url.slice(marco.url.lastIndexOf('/') + 1);
    const us = profile.timeDeltas[i] ?? 0;
    sumar(porFuncion, nombre(marco), us);
    sumar(porScript, marco.url.startsWith('wasm://') || archivo.endsWith('.wasm') ? '(wasm)' : archivo || marco.functionName, us);
    // A recursive function is on the stack more than once; its total counts the sample once.
    const enLaPila = new Set();
    for (let nodo = id; nodo !== undefined; nodo = padres.get(nodo)) enLaPila.add(nombre(nodos.get(nodo)));
    enLaPila.forEach((funcion) => sumar(totalPorFuncion, funcion, us));
  });
  await contexto.close();
}
await navegador.close();

const tabla = (titulo, mapa, filas) => {
  console.log(`\n${titulo} (ms a load, mean of ${CARGAS})`);
  [...mapa]
    .filter(([clave]) => !['(idle)', '(root)'].includes(clave))
    .sort((a, b) => b[1] - a[1])
    .slice(0, filas)
    .forEach(([clave, us]) => console.log(`${(us / 1000 / CARGAS).toFixed(1).padStart(7)}  ${clave}`));
};
tabla('self time by script', porScript, 12);
tabla('self time by function', porFuncion, 30);
tabla('total time by function', totalPorFuncion, Number(process.env.FILAS_TOTAL ?? 60));
