// Shared helpers of the end-to-end tests.
//
// Import `test` and `expect` from here instead of '@playwright/test': every test then
//  - fails on any browser console error or uncaught page error (hydration errors show up there),
//    and on any unexpected answer of a server function (an internal error, a rate limit…);
//  - gets `api`, the server-function calls the page made, to assert "no server call" cases;
//  - can `waitForHydration(page)` before interacting.

import { test as base, expect, type Page, type Request, type Response } from '@playwright/test';
import * as fs from 'node:fs';
import * as path from 'node:path';

export { expect };

export const SINK_HTTP = 'http://127.0.0.1:3199';

// ---------------------------------------------------------------- notification sinks

export type Email = { to: string[]; from: string; subject: string; text: string; receivedAt: string };
export type Sms = { to: string; text: string; receivedAt: string };

async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`GET ${url}: HTTP ${res.status}`);
  return (await res.json()) as T;
}

/** Every email the SMTP sink received for `addr` (case-insensitive), oldest first. */
export function emailsTo(addr: string): Promise<Email[]> {
  return getJson<Email[]>(`${SINK_HTTP}/emails?to=${encodeURIComponent(addr)}`);
}

/** Every SMS the HTTP sink received for `to` (e.g. "+56987654321"), oldest first. */
export function smsTo(to: string): Promise<Sms[]> {
  return getJson<Sms[]>(`${SINK_HTTP}/sms?to=${encodeURIComponent(to)}`);
}

/** Polls the SMTP sink until an email for `addr` whose subject contains `subject` arrives. */
export async function waitForEmail(addr: string, subject: string, timeoutMs = 15_000): Promise<Email> {
  const hasta = Date.now() + timeoutMs;
  for (;;) {
    const found = (await emailsTo(addr)).find((m) => m.subject.includes(subject));
    if (found) return found;
    if (Date.now() > hasta) {
      const seen = (await getJson<Email[]>(`${SINK_HTTP}/emails`)).map((m) => `${m.to.join(',')}: ${m.subject}`);
      throw new Error(
        `No email for ${addr} with subject containing "${subject}" within ${timeoutMs} ms. Received: ${JSON.stringify(seen)}`,
      );
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

// ---------------------------------------------------------------- demo data

export type Persona = { run: string; nombres: string; apellidos: string; vigente: boolean };

/** The demo Registro Civil the app is started with (server/demo/registro_civil.csv). */
export function registroCivil(): Persona[] {
  const csv = fs.readFileSync(path.resolve(__dirname, '../../server/demo/registro_civil.csv'), 'utf8');
  const [, ...filas] = csv.trim().split(/\r?\n/);
  return filas.map((fila) => {
    const [run, nombres, apellidos, , vigente] = fila.split(',');
    return { run, nombres, apellidos, vigente: vigente.trim() === 'true' };
  });
}

/**
 * RUNs of the "Persona de Prueba NN" rows: current, without an account in the seeded database.
 * A test that registers one successfully uses its own `slot` (0..19); a retry of that test
 * (CI retries once, against the same database) takes another RUN, slot + 20.
 */
export function runSinCuenta(slot: number, retry: number): string {
  const libres = registroCivil().filter((p) => p.vigente && /^de Prueba \d+$/.test(p.apellidos));
  const i = slot + 20 * retry;
  if (slot < 0 || slot >= 20 || i >= libres.length) throw new Error(`no free demo RUN for slot ${slot}, retry ${retry}`);
  return libres[i].run;
}

/** The way the app shows an email: `polmxxxx@senxxxx` (see cs_domain::mascara). */
export function enmascarar(email: string): string {
  const [local, dominio] = email.split('@');
  const inicio = (t: string, tope: number) => t.slice(0, Math.min(tope, Math.max(1, Math.floor(t.length / 2))));
  return `${inicio(local, 4)}xxxx@${inicio(dominio.toLowerCase(), 3)}xxxx`;
}

/** A fresh address for one test run, so emails from other tests or runs never match. */
export function emailUnico(etiqueta: string): string {
  return `${etiqueta}.${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}@correo-e2e.cl`;
}

// ---------------------------------------------------------------- hydration

// Runs before any page script: notes when the wasm bundle has been instantiated. The bundle's
// loader calls hydrate() in the same chain of promise reactions, so once a later task sees the
// flag, hydration has run.
const MARCAR_WASM = `(() => {
  const marcar = (r) => { window.__csWasmListo = true; return r; };
  const wa = globalThis.WebAssembly;
  if (!wa) return;
  for (const nombre of ['instantiateStreaming', 'instantiate']) {
    const original = wa[nombre];
    if (typeof original !== 'function') continue;
    wa[nombre] = function (...args) { return original.apply(this, args).then(marcar); };
  }
})();`;

/**
 * Waits until the page's wasm has hydrated. On the registration page, also until the flow is
 * open and the captcha image is shown (it only appears after hydration and two server calls).
 */
export async function waitForHydration(page: Page): Promise<void> {
  await page.waitForFunction(() => (window as unknown as { __csWasmListo?: boolean }).__csWasmListo === true, null, {
    timeout: 15_000,
  });
  if (new URL(page.url()).pathname === '/natural/registro') {
    await expect(page.getByRole('img', { name: /^Imagen de seguridad/ })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Crear Cuenta' })).toBeEnabled();
  }
  await page.waitForLoadState('networkidle');
}

// ---------------------------------------------------------------- fixtures

export class ApiCalls {
  readonly requests: Request[] = [];
  /** Calls to /api/…, or to one endpoint (e.g. "registrar_persona_natural"). */
  count(endpoint?: string): number {
    return this.requests.filter((r) => {
      const p = new URL(r.url()).pathname;
      return endpoint ? p === `/api/${endpoint}` : p.startsWith('/api/');
    }).length;
  }
}

type Fixtures = {
  api: ApiCalls;
  /** Console errors matching one of these are expected by the test (e.g. a 404 page load). */
  allowConsoleErrors: RegExp[];
  vigilar: void;
};

// The error variants a server function may answer with as part of normal use: shown to the
// person at a field or at the top of the form. Anything else (Interno, SinConexion, a 429 or
// an HTML error page) is a failure of the test.
const ERRORES_API_ESPERABLES = new Set(['Campos', 'Captcha', 'RutRegistrado', 'Flujo']);

export const test = base.extend<Fixtures>({
  allowConsoleErrors: [[], { option: true }],

  api: async ({ page }, use) => {
    const api = new ApiCalls();
    page.on('request', (r) => {
      if (new URL(r.url()).pathname.startsWith('/api/')) api.requests.push(r);
    });
    await use(api);
  },

  vigilar: [
    async ({ page, allowConsoleErrors }, use, testInfo) => {
      await page.addInitScript(MARCAR_WASM);
      const problemas: string[] = [];
      const revisiones: Promise<void>[] = [];

      page.on('pageerror', (e) => problemas.push(`page error: ${e.message}`));
      page.on('console', (m) => {
        if (m.type() !== 'error') return;
        const texto = m.text();
        const url = m.location()?.url ?? '';
        // A server function answers its business errors (wrong captcha, RUT already
        // registered…) with an HTTP error status, which Chromium reports on the console.
        // Those are checked through the response below instead.
        if (/^Failed to load resource/.test(texto) && url && new URL(url).pathname.startsWith('/api/')) return;
        if (allowConsoleErrors.some((re) => re.test(texto))) return;
        problemas.push(`console error: ${texto}${url ? ` (${url})` : ''}`);
      });
      page.on('response', (r: Response) => {
        const ruta = new URL(r.url()).pathname;
        if (!ruta.startsWith('/api/') || r.ok()) return;
        revisiones.push(
          r
            .text()
            .then((cuerpo) => {
              let variante = '';
              try {
                const v = JSON.parse(cuerpo);
                variante = typeof v === 'string' ? v : Object.keys(v ?? {})[0] ?? '';
              } catch {
                /* not an ApiError */
              }
              if (!ERRORES_API_ESPERABLES.has(variante)) {
                problemas.push(`unexpected answer of ${ruta}: HTTP ${r.status()} ${cuerpo.slice(0, 300)}`);
              }
            })
            .catch(() => {
              /* the page navigated away: body no longer available */
            }),
        );
      });

      await use();

      await Promise.all(revisiones);
      if (problemas.length > 0) {
        await testInfo.attach('browser-errors', { body: problemas.join('\n'), contentType: 'text/plain' });
        if (testInfo.expectedStatus === 'passed' && testInfo.status === 'passed') {
          throw new Error(`The browser reported errors during the test:\n${problemas.join('\n')}`);
        }
      }
    },
    { auto: true },
  ],
});
