// Shared helpers of the end-to-end tests.
//
// Import `test` and `expect` from here instead of '@playwright/test': every test then
//  - fails on any browser console error or uncaught page error (hydration errors show up there),
//    and on any unexpected answer of a server function (an internal error, a rate limit…);
//  - gets `api`, the server-function calls the page made, to assert "no server call" cases;
//  - can `waitForHydration(page)` before interacting.

import { test as base, expect, type Locator, type Page, type Request, type Response } from '@playwright/test';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { errorApi, Postcard } from './postcard';

export { expect };

// Ports can be moved (E2E_APP_PORT, E2E_SINK_HTTP_PORT, E2E_SMTP_PORT) so that several
// checkouts run their suites side by side; playwright.config.ts reads the same variables.
export const SINK_HTTP = `http://127.0.0.1:${process.env.E2E_SINK_HTTP_PORT ?? '3199'}`;

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

export type Persona = { run: string; nombres: string; apellidos: string; vigente: boolean; serie: string };

/** The demo Registro Civil the app is started with (server/demo/registro_civil.csv). */
export function registroCivil(): Persona[] {
  const csv = fs.readFileSync(path.resolve(__dirname, '../../server/demo/registro_civil.csv'), 'utf8');
  const [, ...filas] = csv.trim().split(/\r?\n/);
  return filas.map((fila) => {
    const [run, nombres, apellidos, serie, vigente] = fila.split(',');
    return { run, nombres, apellidos, vigente: vigente.trim() === 'true', serie };
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
  if (/^\/(natural|juridica)\/registro$/.test(new URL(page.url()).pathname)) {
    await expect(page.getByRole('img', { name: /^Imagen de seguridad/ })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Crear Cuenta' })).toBeEnabled();
  }
  await page.waitForLoadState('networkidle');
}

// ---------------------------------------------------------------- fixtures

export class ApiCalls {
  readonly requests: Request[] = [];
  /** Calls to /api/…, or to one endpoint (e.g. "registrar"). */
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
// A wrong CS (or unknown RUT), a locked account and an ended session are answers of normal use
// too, shown at the top of the form.
const ERRORES_API_ESPERABLES = new Set([
  'Campos',
  'Captcha',
  'RutRegistrado',
  'Flujo',
  'CredencialesInvalidas',
  'Bloqueada',
  'SinSesion',
  // Facilitator requests and the operators' back office.
  'SolicitudEnRevision',
  'SolicitudRechazada',
  'LimiteSolicitudes',
  'CredencialesOperador',
  'OperadorBloqueado',
  'SinSesionOperador',
  'DebeCambiarClaveOperador',
  'YaDecidida',
]);

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
        // A form the browser sent itself is answered with a redirect to the next page.
        if (!ruta.startsWith('/api/') || r.ok() || (r.status() >= 300 && r.status() < 400)) return;
        revisiones.push(
          r
            .body()
            .then((cuerpo) => {
              const variante = errorApi(cuerpo);
              if (!variante || !ERRORES_API_ESPERABLES.has(variante)) {
                const leido = variante ?? cuerpo.toString('utf8', 0, 300);
                problemas.push(`unexpected answer of ${ruta}: HTTP ${r.status()} ${leido}`);
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

// ---------------------------------------------------------------- accounts, notifications, database

export const APP = `http://127.0.0.1:${process.env.E2E_APP_PORT ?? '3100'}`;
/** The home page's URL, to assert that a flow went back home. */
export const INICIO = new RegExp(`^${APP.replace(/\./g, '\\.')}/$`);
/** The captcha answer of the test server (CS_CAPTCHA__TEST_ANSWER). */
export const CAPTCHA = 'SENC';
export const ASUNTO_CLAVE_PROVISORIA = 'Notificación de Generación de nueva clave Sence CS';
export const ASUNTO_CAMBIO_CLAVE = 'Notificación de cambio de Clave Sence CS';
export const ASUNTO_ACTUALIZACION = 'Notificación de actualización de datos Clave Sence';
export const ASUNTO_CAMBIO_CONTACTO = 'Sus datos de contacto de Clave Sence fueron reemplazados';
export const ASUNTO_BLOQUEO = 'Cuenta Clave Sence bloqueada temporalmente';

/** The seeded demo accounts (server seed-demo). */
export const JUAN = {
  rut: '11.111.111-1',
  nombre: 'Juan Carlos González Rojas',
  clave: 'Araucaria1',
  pregunta: 'MI PAÍS FAVORITO',
  respuesta: 'Chile',
  email: 'juan.gonzalez@example.cl',
  celular: '+56987654321',
  serie: '100.200.300',
} as const;
export const MARIA = {
  rut: '22.222.222-2',
  nombre: 'María José Muñoz Díaz',
  clave: 'Copihue26',
  email: 'maria.munoz@example.cl',
  serie: 'A012345678',
} as const;
/** The seeded companies: with a question (Juan represents it), and without (María and Pedro). */
export const CAPSUR = {
  rut: '76.086.428-5',
  razonSocial: 'Capacitaciones del Sur SpA',
  clave: 'Canelo2026',
  pregunta: 'NOMBRE DE MI MASCOTA',
  respuesta: 'Cachupín',
  email: 'contacto@capacitacionesdelsur.example.cl',
  representante: '11.111.111-1',
} as const;
export const APRENDE = {
  rut: '76.224.613-9',
  razonSocial: 'OTEC Aprende Limitada',
  clave: 'Aprende19',
  email: 'contacto@otecaprende.example.cl',
  representante: '22.222.222-2',
  serieRepresentante: 'A012345678',
  celularRepresentante: '+56922334455',
  otroRepresentante: '13.579.246-2',
  serieOtroRepresentante: '110.987.654',
} as const;

/** Polls the SMTP sink until at least `n` emails for `addr` with `subject` in their subject arrived; returns them all. */
export async function waitForEmails(addr: string, subject: string, n: number, timeoutMs = 15_000): Promise<Email[]> {
  const hasta = Date.now() + timeoutMs;
  for (;;) {
    const found = (await emailsTo(addr)).filter((m) => m.subject.includes(subject));
    if (found.length >= n) return found;
    if (Date.now() > hasta) {
      throw new Error(`Only ${found.length} of ${n} emails for ${addr} with subject "${subject}" within ${timeoutMs} ms`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Polls the SMS sink until at least `n` SMS for `to` (e.g. "+56912345678") arrived; returns them all. */
export async function waitForSms(to: string, n = 1, timeoutMs = 15_000): Promise<Sms[]> {
  const hasta = Date.now() + timeoutMs;
  for (;;) {
    const found = await smsTo(to);
    if (found.length >= n) return found;
    if (Date.now() > hasta) throw new Error(`Only ${found.length} of ${n} SMS for ${to} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** The provisional CS in a "Notificación de Generación de nueva clave Sence CS" email. */
export function claveEnCorreo(correo: Email): string {
  const m = /su Clave Sence es: ([A-Z0-9]{8})\./.exec(correo.text);
  if (!m) throw new Error(`no provisional CS in: ${correo.text}`);
  return m[1];
}

/** Waits for the `n`-th provisional-CS email to `addr` (1 = the first) and returns its CS. */
export async function claveProvisoria(addr: string, n = 1): Promise<string> {
  const correos = await waitForEmails(addr, ASUNTO_CLAVE_PROVISORIA, n);
  return claveEnCorreo(correos[n - 1]);
}

/** A mobile number nobody else in the run uses: 8 digits, as typed after +56 9. */
export function celularUnico(): string {
  return String(10_000_000 + Math.floor(Math.random() * 90_000_000));
}

/** Calls a server function; its answer, in postcard, for the caller to read. */
async function llamar(endpoint: string, cuerpo: Record<string, string> | object, json: boolean): Promise<Postcard> {
  const res = await fetch(`${APP}/api/${endpoint}`, {
    method: 'POST',
    headers: { 'content-type': json ? 'application/json' : 'application/x-www-form-urlencoded' },
    body: json ? JSON.stringify(cuerpo) : new URLSearchParams(cuerpo as Record<string, string>).toString(),
  });
  const respuesta = new Uint8Array(await res.arrayBuffer());
  if (!res.ok) throw new Error(`POST /api/${endpoint}: HTTP ${res.status} ${errorApi(respuesta) ?? ''}`);
  return new Postcard(respuesta);
}

export type Cuenta = {
  /** As documents write it: 30.007.919-9. */
  rut: string;
  nombre: string;
  clave: string;
  email: string;
  /** `+569…` when it has a mobile. */
  celular: string | null;
  /** The 8 digits after +56 9, as the forms show them ('' without a mobile). */
  celularLocal: string;
  /** The ID serial number in the demo Registro Civil. */
  serie: string;
  pregunta: string | null;
  respuesta: string | null;
};

/** A complete registration form as the server function takes it: `campos` over blank defaults. */
function formularioRegistro(campos: Record<string, unknown>): Record<string, unknown> {
  return {
    cuenta: 'natural',
    rut: '',
    razon_social: '',
    pregunta: 'pais_favorito',
    respuesta: '',
    domicilio: { region: '13', comuna: '13101', direccion: 'Los Canelos', numero: '742', block: '', departamento: '' },
    email: '',
    telefono_particular: '',
    telefono_trabajo: '',
    celular: '',
    sin_celular: false,
    telefono: '',
    fax: '',
    representante: { rut: '', nombre: '', celular: '', email: '' },
    clave: '',
    repetir_clave: campos.clave,
    ...campos,
  };
}

/**
 * Registers a fresh account for one of the "Persona de Prueba NN" RUNs (see `runSinCuenta`:
 * one `slot` per test, the retry gets another RUN) through the server functions, and waits for
 * its welcome email, so the test starts with a quiet inbox. Question "MI PAÍS FAVORITO".
 * `conPregunta: false` then removes the question from the database, as on the older accounts
 * that predate it (registration itself always asks for one).
 */
export async function crearCuenta(
  slot: number,
  retry: number,
  opciones: { conCelular?: boolean; conPregunta?: boolean } = {},
): Promise<Cuenta> {
  const { conCelular = true, conPregunta = true } = opciones;
  const rut = runSinCuenta(slot, retry);
  const persona = registroCivil().find((p) => p.run === rut)!;
  const celularLocal = conCelular ? celularUnico() : '';
  const cuenta: Cuenta = {
    rut,
    nombre: `${persona.nombres} ${persona.apellidos}`,
    clave: 'Quillay26',
    email: emailUnico(`cuenta${slot}`),
    celular: conCelular ? `+569${celularLocal}` : null,
    celularLocal,
    serie: persona.serie,
    pregunta: 'MI PAÍS FAVORITO',
    respuesta: 'Perú',
  };
  const flujo = (await llamar('iniciar_flujo', { tipo: 'registro_natural' }, false)).texto();
  const captcha = { id: (await llamar('nuevo_captcha', { flujo }, false)).texto() };
  await llamar(
    'registrar',
    {
      flujo,
      captcha_id: captcha.id,
      captcha: CAPTCHA,
      form: formularioRegistro({
        cuenta: 'natural',
        rut,
        respuesta: cuenta.respuesta,
        email: cuenta.email,
        celular: celularLocal,
        sin_celular: !conCelular,
        clave: cuenta.clave,
      }),
    },
    true,
  );
  await waitForEmail(cuenta.email, 'Bienvenido');
  if (!conPregunta) {
    sqlite('UPDATE cuentas SET pregunta = NULL, respuesta_hash = NULL WHERE rut = ?', [rut.replace(/\./g, '')]);
    cuenta.pregunta = null;
    cuenta.respuesta = null;
  }
  return cuenta;
}

export type Empresa = { rut: string; razonSocial: string; vigente: boolean; representantes: string[] };

/** The demo SII the app is started with (server/demo/sii.csv). */
export function sii(): Empresa[] {
  const csv = fs.readFileSync(path.resolve(__dirname, '../../server/demo/sii.csv'), 'utf8');
  const [, ...filas] = csv.trim().split(/\r?\n/);
  return filas.map((fila) => {
    const [rut, razonSocial, vigente, representantes] = fila.split(',');
    return { rut, razonSocial, vigente: vigente.trim() === 'true', representantes: representantes.split(';') };
  });
}

/**
 * A company of the "Empresa de Prueba NN SpA" rows: in force, without an account in the seeded
 * database, with two representatives. One `slot` (0..19) per test; a retry takes slot + 20.
 */
export function empresaSinCuenta(slot: number, retry: number): Empresa {
  const libres = sii().filter((e) => e.vigente && /^Empresa de Prueba \d+ SpA$/.test(e.razonSocial));
  const i = slot + 20 * retry;
  if (slot < 0 || slot >= 20 || i >= libres.length) throw new Error(`no free demo company for slot ${slot}, retry ${retry}`);
  return libres[i];
}

export type CuentaEmpresa = Cuenta & {
  /** The representative who registered it (listed by the SII), and their ID serial. */
  representante: string;
  serieRepresentante: string;
  /** The other representative the SII lists, not on file. */
  otroRepresentante: string;
};

/**
 * Registers a fresh company (see `empresaSinCuenta`) through the server functions, represented
 * by the first of its representatives, and waits for its welcome email. Question "NOMBRE DE MI
 * MASCOTA"; `conPregunta: false` removes it, as on the older accounts.
 */
export async function crearEmpresa(slot: number, retry: number, opciones: { conPregunta?: boolean } = {}): Promise<CuentaEmpresa> {
  const { conPregunta = true } = opciones;
  const empresa = empresaSinCuenta(slot, retry);
  const [representante, otroRepresentante] = empresa.representantes;
  const persona = registroCivil().find((p) => p.run === representante)!;
  const celularLocal = celularUnico();
  const cuenta: CuentaEmpresa = {
    rut: empresa.rut,
    nombre: empresa.razonSocial,
    clave: 'Quillay26',
    email: emailUnico(`empresa${slot}`),
    celular: `+569${celularLocal}`,
    celularLocal,
    serie: persona.serie,
    pregunta: 'NOMBRE DE MI MASCOTA',
    respuesta: 'Cachupín',
    representante,
    serieRepresentante: persona.serie,
    otroRepresentante,
  };
  const flujo = (await llamar('iniciar_flujo', { tipo: 'registro_juridica' }, false)).texto();
  const captcha = { id: (await llamar('nuevo_captcha', { flujo }, false)).texto() };
  await llamar(
    'registrar',
    {
      flujo,
      captcha_id: captcha.id,
      captcha: CAPTCHA,
      form: formularioRegistro({
        cuenta: 'juridica',
        rut: empresa.rut,
        pregunta: 'nombre_mascota',
        respuesta: cuenta.respuesta,
        email: cuenta.email,
        telefono: '226001122',
        representante: { rut: representante, nombre: '', celular: celularLocal, email: emailUnico(`rl${slot}`) },
        clave: cuenta.clave,
      }),
    },
    true,
  );
  await waitForEmail(cuenta.email, 'Bienvenido');
  if (!conPregunta) {
    sqlite('UPDATE cuentas SET pregunta = NULL, respuesta_hash = NULL WHERE rut = ?', [empresa.rut.replace(/\./g, '')]);
    cuenta.pregunta = null;
    cuenta.respuesta = null;
  }
  return cuenta;
}

const DB = path.resolve(__dirname, '../../target/e2e/e2e.db');

/** Runs one statement on the e2e database (WAL mode: fine while the server runs). */
export function sqlite(sql: string, params: (string | number | null)[] = []): void {
  const script = [
    'import json, sqlite3, sys',
    'c = sqlite3.connect(sys.argv[1], timeout=10)',
    'c.execute(sys.argv[2], json.loads(sys.argv[3]))',
    'c.commit()',
  ].join('\n');
  execFileSync('python3', ['-c', script, DB, sql, JSON.stringify(params)], { stdio: ['ignore', 'ignore', 'pipe'] });
}

/**
 * Makes every open flow expire now (the next step of any page answers "expiró"). A second ago, not
 * at 0: the server's periodic clean-up deletes flows a day past their expiry, and a deleted flow
 * answers "no existe" instead.
 */
export function expirarFlujos(): void {
  sqlite("UPDATE flujos SET expira_en = CAST(strftime('%s', 'now') AS INTEGER) - 1");
}

/** Runs one query on the e2e database and returns its rows. */
export function sqliteFilas(sql: string, params: (string | number | null)[] = []): unknown[][] {
  const script = [
    'import json, sqlite3, sys',
    'c = sqlite3.connect(sys.argv[1], timeout=10)',
    'print(json.dumps(c.execute(sys.argv[2], json.loads(sys.argv[3])).fetchall()))',
  ].join('\n');
  const salida = execFileSync('python3', ['-c', script, DB, sql, JSON.stringify(params)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return JSON.parse(salida.toString()) as unknown[][];
}

/**
 * How many notifications the app ever queued for `destinatario` (an email, or a mobile as
 * `+569…`), sent or not. The outbox is written in the same transaction as the change that
 * causes it, so "nothing was sent" can be checked at once, without waiting for the sinks.
 */
export function mensajesEncolados(destinatario: string): number {
  const [[n]] = sqliteFilas('SELECT COUNT(*) FROM mensajes WHERE lower(destinatario) = lower(?)', [destinatario]);
  return n as number;
}

/**
 * Recovers the CS of an account with a secret question (case 3.3) through the server
 * functions, and returns the provisional CS from its email (`n`: how many provisional-CS
 * emails that address will have received with this one).
 */
export async function recuperarPorApi(
  cuenta: { rut: string; respuesta: string | null; email: string },
  n = 1,
  tipo: 'natural' | 'juridica' = 'natural',
): Promise<string> {
  const flujo = (await llamar('iniciar_flujo', { tipo: `recuperar_${tipo}` }, false)).texto();
  await llamar('recuperar_validar_rut', { flujo, rut: cuenta.rut }, false);
  const captcha = { id: (await llamar('nuevo_captcha', { flujo }, false)).texto() };
  await llamar(
    'recuperar_clave',
    {
      flujo,
      captcha_id: captcha.id,
      captcha: CAPTCHA,
      datos: { respuesta: cuenta.respuesta ?? '', email_correcto: null, email: '', celular: '' },
    },
    true,
  );
  return claveProvisoria(cuenta.email, n);
}

// ---------------------------------------------------------------- page helpers

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The message shown under a field (its `{id}-error` line, which describes the input). */
export async function expectErrorEn(page: Page, campo: Locator, texto: string | RegExp): Promise<void> {
  const id = await campo.getAttribute('id');
  await expect(page.locator(`#${id}-error`)).toHaveText(texto);
  await expect(campo).toHaveAttribute('aria-invalid', 'true');
  await expect(campo).toHaveAccessibleDescription(texto instanceof RegExp ? texto : new RegExp(escapeRe(texto)));
}

export async function expectSinError(page: Page, campo: Locator): Promise<void> {
  const id = await campo.getAttribute('id');
  await expect(page.locator(`#${id}-error`)).toHaveText('');
  await expect(campo).toHaveAttribute('aria-invalid', 'false');
}

/** Opens `ruta`, checks it answered 200 and waits for hydration. */
export async function abrirPagina(page: Page, ruta: string): Promise<void> {
  const res = await page.goto(ruta);
  expect(res?.status()).toBe(200);
  await waitForHydration(page);
}

/** The general message at the top of the page's form. */
export const alertaGeneral = (page: Page): Locator => page.getByRole('main').getByRole('alert');

/** What a page answers when its flow expired before the step was sent. */
export const MENSAJE_EXPIRADO = 'El tiempo para completar el trámite expiró. Por favor, comience nuevamente.';

/** "Comenzar nuevamente" in the expiry message, which then goes away. */
export async function comenzarNuevamente(page: Page): Promise<void> {
  const alerta = alertaGeneral(page);
  await alerta.getByRole('button', { name: 'Comenzar nuevamente' }).click();
  await expect(alerta).toHaveCount(0);
}

export const MENSAJE_CREDENCIALES = 'El Rut o la Clave Sence no son correctos. Si no recuerda su CS, puede recuperarla.';
export const MENSAJE_SIN_SESION = 'Su sesión terminó. Ingrese nuevamente con su Rut y Clave Sence.';

/** Fills and submits `Ingresar`; the caller checks where it led. */
export async function ingresarCon(page: Page, rut: string, clave: string): Promise<void> {
  if (new URL(page.url()).pathname !== '/ingresar') await abrirPagina(page, '/ingresar');
  await page.getByLabel(/^Rut/).fill(rut);
  await page.getByLabel(/^Clave Sence/).fill(clave);
  await page.getByRole('button', { name: 'Ingresar', exact: true }).click();
}
