// Compares Lighthouse runs of several builds, page by page: the performance scores, the mean
// total blocking time and the main thread's script evaluation (Lighthouse's main-thread work
// breakdown, mean of the runs). Each argument is a copy of target/lighthouse made after
// `scripts/lighthouse.sh` ran on one build (docs/rendimiento.md shows how).
// Usage: node scripts/lighthouse-comparar.mjs DIR [DIR ...]
import fs from 'node:fs';
import path from 'node:path';

const media = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
const filas = [];
for (const dir of process.argv.slice(2)) {
  const porPagina = new Map();
  for (const archivo of fs.readdirSync(dir).filter((f) => /-\d+\.json$/.test(f))) {
    const pagina = archivo.replace(/-\d+\.json$/, '');
    const informe = JSON.parse(fs.readFileSync(path.join(dir, archivo), 'utf8'));
    porPagina.set(pagina, [...(porPagina.get(pagina) ?? []), informe]);
  }
  for (const [pagina, informes] of porPagina) {
    const puntajes = informes.map((i) => Math.round(i.categories.performance.score * 100)).sort((a, b) => a - b);
    const tbt = media(informes.map((i) => i.audits['total-blocking-time'].numericValue));
    const guiones = media(
      informes.map(
        (i) => i.audits['mainthread-work-breakdown'].details.items.find((x) => x.group === 'scriptEvaluation')?.duration ?? 0,
      ),
    );
    filas.push([pagina, path.basename(dir), puntajes.join(', '), tbt, guiones]);
  }
}
filas.sort((a, b) => a[0].localeCompare(b[0]));
console.log('| page | build | performance | TBT (mean) | script evaluation (mean) |\n|---|---|---|---|---|');
for (const [pagina, build, puntajes, tbt, guiones] of filas) {
  console.log(`| ${pagina} | ${build} | ${puntajes} | ${tbt.toFixed(0)} ms | ${guiones.toFixed(0)} ms |`);
}
