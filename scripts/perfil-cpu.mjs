// Where a page's main-thread time goes on its first visit: Chrome's sampling profiler (through a
// Playwright CDP session) over several fresh loads, self time summed by script and by function.
// The release wasm has no name section, so its functions show as `wasm-function[N]`.
//
// Usage: node scripts/perfil-cpu.mjs URL [LOADS]   (a running server: scripts/run.sh, or the one
// scripts/lighthouse.sh starts)
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
  const nodos = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  profile.samples.forEach((id, i) => {
    const { functionName, url: fuente } = nodos.get(id);
    const archivo = fuente.slice(fuente.lastIndexOf('/') + 1);
    const us = profile.timeDeltas[i] ?? 0;
    sumar(porFuncion, `${functionName || '(anonymous)'} ${archivo}`.trim(), us);
    sumar(porScript, fuente.startsWith('wasm://') || archivo.endsWith('.wasm') ? '(wasm)' : archivo || functionName, us);
  });
  await contexto.close();
}
await navegador.close();

const tabla = (titulo, mapa, filas) => {
  console.log(`\n${titulo} (ms a load, mean of ${CARGAS})`);
  [...mapa]
    .filter(([clave]) => clave !== '(idle)' && clave !== '(idle) ')
    .sort((a, b) => b[1] - a[1])
    .slice(0, filas)
    .forEach(([clave, us]) => console.log(`${(us / 1000 / CARGAS).toFixed(1).padStart(7)}  ${clave}`));
};
tabla('self time by script', porScript, 12);
tabla('self time by function', porFuncion, 30);
