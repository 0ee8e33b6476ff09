// One fresh load of URL with both a trace (the main thread's task boundaries) and a CPU profile
// (what ran), written as OUT.trace.json and OUT.cpuprofile; scripts/perfil-tareas.py then puts
// each sample in its task. The profiler slows the page by about a third.
//
// Usage: node scripts/perfil-tareas.mjs URL OUT   (a running server: scripts/run.sh)
import { writeFileSync } from 'node:fs';
import { chromium } from 'playwright';

const [url, salida] = process.argv.slice(2);
if (!url || !salida) {
  console.error('usage: node scripts/perfil-tareas.mjs URL OUT');
  process.exit(2);
}
const navegador = await chromium.launch({
  executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run'],
});
// A new context: nothing cached, as on a first visit.
const contexto = await navegador.newContext();
const pagina = await contexto.newPage();
const cdp = await contexto.newCDPSession(pagina);
await cdp.send('Profiler.enable');
await cdp.send('Profiler.setSamplingInterval', { interval: 50 });
await navegador.startTracing(pagina, { categories: ['devtools.timeline', 'toplevel', 'disabled-by-default-devtools.timeline'] });
await cdp.send('Profiler.start');
await pagina.goto(url);
// Long enough for the page's pack to arrive and the page to hydrate.
await pagina.waitForTimeout(1500);
const { profile } = await cdp.send('Profiler.stop');
const traza = JSON.parse((await navegador.stopTracing()).toString());
writeFileSync(`${salida}.cpuprofile`, JSON.stringify(profile));
writeFileSync(`${salida}.trace.json`, JSON.stringify(traza));
await navegador.close();
