// N1 "REGISTRAR PERSONA NATURAL": every path of the registration page, against the real
// server (seeded demo database, demo Registro Civil, captcha answer fixed to SENC) and the
// SMTP sink.

import type { Locator, Page } from '@playwright/test';
import {
  test,
  expect,
  alertaGeneral,
  expirarFlujos,
  mensajesEncolados,
  waitForHydration,
  waitForEmail,
  emailsTo,
  emailUnico,
  enmascarar,
  runSinCuenta,
  registroCivil,
  INICIO,
  comenzarNuevamente,
  MENSAJE_EXPIRADO,
} from '../support/fixtures';

const CAPTCHA = 'SENC';
const REGISTRAR = 'registrar';

function campos(page: Page) {
  return {
    rut: page.getByLabel(/^Rut/),
    pregunta: page.getByLabel(/^Pregunta Secreta/),
    respuesta: page.getByLabel(/^Respuesta Secreta/),
    direccion: page.getByLabel(/^Dirección Particular/),
    numero: page.getByLabel(/^N° de Dirección Particular/),
    block: page.getByLabel(/^Block/),
    departamento: page.getByLabel(/^N° de Departamento/),
    region: page.getByLabel(/^Región/),
    comuna: page.getByLabel(/^Comuna/),
    email: page.getByLabel(/^Email/),
    telefonoParticular: page.getByLabel(/^Teléfono Particular/),
    telefonoTrabajo: page.getByLabel(/^Teléfono Trabajo/),
    celular: page.getByLabel(/^Celular/),
    sinCelular: page.getByLabel('Sin Celular', { exact: true }),
    clave: page.getByLabel(/^Clave CS/),
    repetir: page.getByLabel(/^Repetir Clave CS/),
    captcha: page.getByLabel(/^Captcha/),
    imagen: page.getByRole('img', { name: /^Imagen de seguridad/ }),
    refrescar: page.getByRole('button', { name: 'Refrescar' }),
    crear: page.getByRole('button', { name: 'Crear Cuenta' }),
    exito: page.getByRole('dialog', { name: 'Éxito' }),
  };
}

/** The message shown under a field (its `{id}-error` line, which describes the input). */
async function expectErrorEn(page: Page, campo: Locator, texto: string | RegExp) {
  const id = await campo.getAttribute('id');
  await expect(page.locator(`#${id}-error`)).toHaveText(texto);
  await expect(campo).toHaveAttribute('aria-invalid', 'true');
  await expect(campo).toHaveAccessibleDescription(texto instanceof RegExp ? texto : new RegExp(escape(texto)));
}

async function expectSinError(page: Page, campo: Locator) {
  const id = await campo.getAttribute('id');
  await expect(page.locator(`#${id}-error`)).toHaveText('');
  await expect(campo).toHaveAttribute('aria-invalid', 'false');
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

async function abrir(page: Page) {
  const res = await page.goto('/natural/registro');
  expect(res?.status()).toBe(200);
  await waitForHydration(page);
  await expect(page.getByRole('heading', { level: 1, name: 'REGISTRAR PERSONA NATURAL' })).toBeVisible();
  return campos(page);
}

type Datos = {
  rut: string;
  email: string;
  /** null: tick "Sin Celular". */
  celular?: string | null;
  clave?: string;
  repetir?: string;
  captcha?: string;
};

async function llenar(page: Page, d: Datos) {
  const c = campos(page);
  await c.rut.fill(d.rut);
  await c.pregunta.selectOption('nombre_mascota');
  await c.respuesta.fill('Firulais');
  await c.direccion.fill("Avenida Libertador Bernardo O'Higgins");
  await c.numero.fill('1449');
  await c.departamento.fill('1203');
  await c.region.selectOption('13');
  await c.comuna.selectOption({ label: 'Puente Alto' });
  await c.email.fill(d.email);
  await c.telefonoParticular.fill('221234567');
  if (d.celular === null) {
    await c.sinCelular.check();
  } else {
    await c.celular.fill(d.celular ?? '87654321');
  }
  await c.clave.fill(d.clave ?? 'Pehuen2026');
  await c.repetir.fill(d.repetir ?? d.clave ?? 'Pehuen2026');
  await c.captcha.fill(d.captcha ?? CAPTCHA);
}

async function expectExito(page: Page, email: string) {
  const c = campos(page);
  await expect(c.exito).toBeVisible();
  await expect(c.exito.getByRole('heading', { name: 'Éxito' })).toBeVisible();
  await expect(c.exito).toContainText('Su cuenta en el Sistema Clave Sence fue creada correctamente.');
  await expect(c.exito).toContainText(enmascarar(email));
  await expect(c.exito).not.toContainText(email);
  await expect(c.exito.getByRole('button', { name: 'Aceptar' })).toBeFocused();
}

const nombreDe = (run: string) => {
  const p = registroCivil().find((x) => x.run === run)!;
  return `${p.nombres} ${p.apellidos}`;
};

test.describe('Registrar Persona Natural', () => {
  test('registro completo: diálogo Éxito con el email enmascarado y correo de bienvenida', async ({ page, api }, info) => {
    const rut = runSinCuenta(0, info.retry);
    const email = emailUnico('exito');
    const c = await abrir(page);
    await expect(page).toHaveTitle('Registrar Persona Natural - Sistema Clave Sence');
    await llenar(page, { rut, email });
    await c.block.fill('B');
    await c.telefonoTrabajo.fill('226543210');
    await c.crear.click();

    await expectExito(page, email);
    expect(api.count(REGISTRAR)).toBe(1);

    const bienvenida = await waitForEmail(email, 'Bienvenido');
    expect(bienvenida.to.map((a) => a.toLowerCase())).toContain(email.toLowerCase());
    // The name comes from the Registro Civil, not from the form.
    expect(bienvenida.text).toContain(nombreDe(rut));
    expect(bienvenida.text).not.toContain('Pehuen2026');

    await c.exito.getByRole('button', { name: 'Aceptar' }).click();
    await expect(page).toHaveURL(INICIO);
    await expect(page.getByRole('heading', { level: 1, name: 'Sistema Clave Sence' })).toBeVisible();

    // The account exists now: the same RUT cannot register again.
    await abrir(page);
    await llenar(page, { rut, email: emailUnico('exito-otra-vez') });
    await c.crear.click();
    await expectErrorEn(page, c.rut, /ya tiene una Clave Sence/);
    await expect(c.exito).toBeHidden();
  });

  test('RUT con dígito verificador incorrecto: error al salir del campo y ninguna llamada al servidor', async ({
    page,
    api,
  }) => {
    const c = await abrir(page);
    await c.rut.fill('12.345.678-9');
    await c.rut.press('Tab');
    await expectErrorEn(page, c.rut, 'El dígito verificador del RUT no es válido.');
    expect(api.count(REGISTRAR)).toBe(0);

    // Even with everything else right, the form does not go to the server.
    await llenar(page, { rut: '12.345.678-9', email: emailUnico('dv') });
    await c.crear.click();
    await expect(c.rut).toBeFocused();
    await expectErrorEn(page, c.rut, 'El dígito verificador del RUT no es válido.');
    expect(api.count(REGISTRAR)).toBe(0);
    await expect(c.exito).toBeHidden();

    // Corrected, the message goes away and the RUT is shown as on documents.
    await c.rut.fill('135792462');
    await c.rut.press('Tab');
    await expectSinError(page, c.rut);
    await expect(c.rut).toHaveValue('13.579.246-2');
    expect(api.count(REGISTRAR)).toBe(0);
  });

  test('reglas de la Clave CS: corta, contiene el RUT, común; el ⓘ muestra la regla', async ({ page, api }) => {
    const c = await abrir(page);
    await c.rut.fill('13.579.246-2');
    await c.rut.press('Tab');

    const ayuda = page.locator('#clave-ayuda');
    const info = page.getByRole('button', { name: 'Reglas de la Clave CS' });
    await expect(ayuda).toBeHidden();
    await expect(info).toHaveAttribute('aria-expanded', 'false');
    await info.click();
    await expect(ayuda).toBeVisible();
    await expect(ayuda).toHaveText(/entre 8 y 10 caracteres/);
    await expect(ayuda).toContainText('distingue mayúsculas de minúsculas');
    await expect(info).toHaveAttribute('aria-expanded', 'true');
    await info.click();
    await expect(ayuda).toBeHidden();

    await c.clave.fill('Ab1cD2');
    await c.clave.press('Tab');
    await expectErrorEn(page, c.clave, 'La Clave CS debe tener al menos 8 caracteres.');

    await c.clave.fill('x13579246');
    await c.clave.press('Tab');
    await expectErrorEn(page, c.clave, 'La Clave CS no puede contener su RUT.');

    await c.clave.fill('password1');
    await c.clave.press('Tab');
    await expectErrorEn(page, c.clave, 'Esa clave es demasiado común; elija otra.');

    await c.clave.fill('Pehuen20261');
    await c.clave.press('Tab');
    await expectErrorEn(page, c.clave, 'La Clave CS puede tener como máximo 10 caracteres.');

    await c.clave.fill('Pehuen2026');
    await c.clave.press('Tab');
    await expectSinError(page, c.clave);

    // A rejected CS keeps the form on the page.
    await llenar(page, { rut: '13.579.246-2', email: emailUnico('clave'), clave: 'password1' });
    await c.crear.click();
    await expect(c.clave).toBeFocused();
    await expectErrorEn(page, c.clave, 'Esa clave es demasiado común; elija otra.');
    expect(api.count(REGISTRAR)).toBe(0);
  });

  test('Repetir Clave CS distinta: "Las claves no coinciden."', async ({ page, api }) => {
    const c = await abrir(page);
    await c.rut.fill('13.579.246-2');
    await c.clave.fill('Pehuen2026');
    await c.repetir.fill('Pehuen2062');
    await c.repetir.press('Tab');
    await expectErrorEn(page, c.repetir, 'Las claves no coinciden.');

    await llenar(page, { rut: '13.579.246-2', email: emailUnico('repetir'), clave: 'Pehuen2026', repetir: 'pehuen2026' });
    await c.crear.click();
    await expect(c.repetir).toBeFocused();
    await expectErrorEn(page, c.repetir, 'Las claves no coinciden.');
    expect(api.count(REGISTRAR)).toBe(0);

    await c.repetir.fill('Pehuen2026');
    await c.repetir.press('Tab');
    await expectSinError(page, c.repetir);
  });

  test('captcha incorrecto: error en el captcha, imagen nueva, nada registrado; luego corregido se registra', async ({
    page,
    api,
  }, info) => {
    const rut = runSinCuenta(1, info.retry);
    const email = emailUnico('captcha');
    const c = await abrir(page);
    await llenar(page, { rut, email, captcha: 'ZZZZ' });
    const antes = await c.imagen.getAttribute('src');
    expect(antes).toMatch(/^data:image\/png;base64,/);
    await c.crear.click();

    await expectErrorEn(page, c.captcha, /no coincide/);
    await expect(c.imagen).toBeVisible();
    await expect(c.imagen).not.toHaveAttribute('src', antes!);
    await expect(c.captcha).toHaveValue('');
    await expect(c.exito).toBeHidden();
    expect(api.count(REGISTRAR)).toBe(1);
    // The other fields keep what was typed.
    await expect(c.rut).toHaveValue(rut);
    await expect(c.email).toHaveValue(email);

    // Nothing was registered: no welcome email, and the same RUT registers fine now.
    expect(await emailsTo(email)).toHaveLength(0);
    await c.captcha.fill(CAPTCHA);
    await c.crear.click();
    await expectExito(page, email);
    expect(api.count(REGISTRAR)).toBe(2);
    await waitForEmail(email, 'Bienvenido');
  });

  test('trámite expirado: nada se registra; "Comenzar nuevamente" abre otro y el registro funciona', async ({ page }, info) => {
    const rut = runSinCuenta(18, info.retry);
    const email = emailUnico('expirado');
    const c = await abrir(page);
    await llenar(page, { rut, email });
    expirarFlujos();
    await c.crear.click();

    const alerta = alertaGeneral(page);
    await expect(alerta).toContainText(MENSAJE_EXPIRADO);
    await expect(c.exito).toBeHidden();
    expect(mensajesEncolados(email)).toBe(0);

    await comenzarNuevamente(page);
    await expect(c.rut).toBeFocused();
    await expect(c.rut).toHaveValue(rut);
    // The new flow has its own image; the rest of the form is kept.
    await expect(c.imagen).toBeVisible();
    await c.captcha.fill(CAPTCHA);
    await c.crear.click();
    await expectExito(page, email);
    expect(mensajesEncolados(email)).toBe(1);
  });

  test('Refrescar muestra otra imagen y el registro funciona con la nueva', async ({ page }, info) => {
    const rut = runSinCuenta(2, info.retry);
    const email = emailUnico('refrescar');
    const c = await abrir(page);
    await llenar(page, { rut, email });
    const antes = await c.imagen.getAttribute('src');
    const captchas = page.waitForRequest((r) => new URL(r.url()).pathname === '/api/nuevo_captcha');
    await c.refrescar.click();
    await captchas;
    await expect(c.imagen).toBeVisible();
    await expect(c.imagen).not.toHaveAttribute('src', antes!);
    // The answer typed for the old image is cleared.
    await expect(c.captcha).toHaveValue('');

    await c.captcha.fill(CAPTCHA);
    await c.crear.click();
    await expectExito(page, email);
    await waitForEmail(email, 'Bienvenido');
  });

  test('RUT ya registrado: mensaje en el Rut y enlace para recuperar la CS', async ({ page, api }) => {
    const email = emailUnico('duplicado');
    const c = await abrir(page);
    await llenar(page, { rut: '11.111.111-1', email });
    await c.crear.click();

    await expectErrorEn(page, c.rut, /ya tiene una Clave Sence/);
    await expect(c.rut).toBeFocused();
    await expect(c.exito).toBeHidden();
    expect(api.count(REGISTRAR)).toBe(1);
    const recuperar = page.getByRole('link', { name: 'Recuperar CS aquí' });
    await expect(recuperar).toHaveAttribute('href', '/natural/recuperar');

    // Editing the RUT takes the message and the link away.
    await c.rut.fill('13.579.246-2');
    await expect(recuperar).toBeHidden();
    await expectSinError(page, c.rut);
    await c.rut.fill('11.111.111-1');

    // A second try needs the new captcha, and gets the same answer.
    await c.captcha.fill(CAPTCHA);
    await c.crear.click();
    await expectErrorEn(page, c.rut, /ya tiene una Clave Sence/);
    await recuperar.click();
    await expect(page).toHaveURL(/\/natural\/recuperar$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('RECUPERAR CS (CLAVE SENCE) PERSONA NATURAL');

    expect(await emailsTo(email)).toHaveLength(0);
  });

  for (const [caso, rut] of [
    ['no está en el Registro Civil', '17.345.678-6'],
    ['no está vigente en el Registro Civil', '9.876.543-3'],
  ] as const) {
    test(`RUN que ${caso}: mensaje en el Rut`, async ({ page }) => {
      const email = emailUnico('sin-run');
      const c = await abrir(page);
      await llenar(page, { rut, email });
      await c.rut.press('Tab');
      await expectSinError(page, c.rut); // a valid RUT as far as the browser can tell
      await c.crear.click();
      await expectErrorEn(page, c.rut, /No encontramos un RUN vigente/);
      await expect(c.rut).toBeFocused();
      await expect(c.exito).toBeHidden();
      await expect(page.getByRole('link', { name: 'Recuperar CS aquí' })).toHaveCount(0);
      expect(await emailsTo(email)).toHaveLength(0);
    });
  }

  test('la lista de comunas sigue a la región', async ({ page }) => {
    const c = await abrir(page);
    await expect(c.region.locator('option')).toHaveCount(17);
    await expect(c.comuna).toBeDisabled();

    await c.region.selectOption('13');
    await expect(c.region.locator('option:checked')).toHaveText('Metropolitana de Santiago');
    await expect(c.comuna).toBeEnabled();
    await expect(c.comuna.locator('option')).toHaveCount(53);
    await expect(c.comuna.locator('option', { hasText: /^Puente Alto$/ })).toHaveCount(1);
    await expect(c.comuna).toHaveValue('');
    await c.comuna.selectOption({ label: 'Puente Alto' });
    await expect(c.comuna).toHaveValue('13201');

    await c.region.selectOption({ label: 'Arica y Parinacota' });
    await expect(c.region).toHaveValue('15');
    await expect(c.comuna.locator('option')).toHaveCount(5);
    await expect(c.comuna).toHaveValue('');
    await expect(c.comuna.locator('option')).toContainText(['Seleccione...', 'Arica', 'Camarones', 'Putre', 'General Lagos']);
    await expect(c.comuna.locator('option', { hasText: 'Puente Alto' })).toHaveCount(0);

    await c.region.selectOption('');
    await expect(c.comuna).toBeDisabled();
  });

  test('Sin Celular deshabilita el Celular y el registro sin celular funciona', async ({ page }, info) => {
    const rut = runSinCuenta(3, info.retry);
    const email = emailUnico('sin-celular');
    const c = await abrir(page);
    await expect(c.celular).toBeEnabled();
    await c.celular.fill('123');
    await c.celular.press('Tab');
    await expectErrorEn(page, c.celular, 'El celular debe tener 8 dígitos después de +56 9.');
    await c.sinCelular.check();
    await expect(c.celular).toBeDisabled();
    await expectSinError(page, c.celular);
    await c.sinCelular.uncheck();
    await expect(c.celular).toBeEnabled();

    await llenar(page, { rut, email, celular: null });
    await expect(c.sinCelular).toBeChecked();
    await expect(c.celular).toBeDisabled();
    await c.crear.click();
    await expectExito(page, email);
    await waitForEmail(email, 'Bienvenido');
  });

  test('se completa solo con el teclado', async ({ page }, info) => {
    const rut = runSinCuenta(4, info.retry);
    const email = emailUnico('teclado');
    const c = await abrir(page);
    const k = page.keyboard;
    const tab = async (siguiente: Locator) => {
      await k.press('Tab');
      await expect(siguiente).toBeFocused();
    };

    await c.rut.focus();
    await k.type(rut.replace(/\./g, ''));
    await tab(c.pregunta);
    await k.press('ArrowDown');
    await expect(c.pregunta).toHaveValue('pais_favorito');
    await tab(c.respuesta);
    await k.type('Chile');
    await tab(c.direccion);
    await k.type('Los Aromos');
    await tab(c.numero);
    await k.type('123');
    await tab(c.block);
    await tab(c.departamento);
    await tab(c.region);
    for (let i = 0; i < 17 && (await c.region.inputValue()) !== '13'; i++) await k.press('ArrowDown');
    await expect(c.region).toHaveValue('13');
    await tab(c.comuna);
    await k.press('ArrowDown');
    await expect(c.comuna).toHaveValue(/^13\d{3}$/);
    await tab(c.email);
    await k.type(email);
    await tab(c.telefonoParticular);
    await tab(c.telefonoTrabajo);
    await tab(c.celular);
    await tab(c.sinCelular);
    await k.press('Space');
    await expect(c.sinCelular).toBeChecked();
    await expect(c.celular).toBeDisabled();
    // The ⓘ sits next to the label, before the input.
    await tab(page.getByRole('button', { name: 'Reglas de la Clave CS' }));
    await tab(c.clave);
    await k.type('Maqui2026!');
    await tab(c.repetir);
    await k.type('Maqui2026!');
    await tab(c.captcha);
    await k.type(CAPTCHA.toLowerCase()); // compared case-insensitively
    await expect(c.rut).toHaveValue(rut); // formatted when it was left
    await k.press('Enter');

    await expectExito(page, email);
    await k.press('Enter');
    await expect(page).toHaveURL(INICIO);
    await waitForEmail(email, 'Bienvenido');
  });

  test('doble clic en Crear Cuenta crea una sola cuenta', async ({ page, api }, info) => {
    const rut = runSinCuenta(5, info.retry);
    const email = emailUnico('doble');
    const c = await abrir(page);
    await llenar(page, { rut, email });

    // Hold the registration in flight for a moment to see the page while it is pending.
    await page.route('**/api/registrar', async (route) => {
      await new Promise((r) => setTimeout(r, 1500));
      await route.continue();
    });
    const caja = (await c.crear.boundingBox())!;
    await c.crear.dblclick();
    const pendiente = page.getByRole('button', { name: /Creando cuenta/ });
    await expect(pendiente).toBeDisabled();
    await expect(page.locator('form')).toHaveAttribute('aria-busy', 'true');
    // More clicks and an Enter while pending are ignored too.
    await page.mouse.click(caja.x + caja.width / 2, caja.y + caja.height / 2);
    await c.captcha.press('Enter');

    await expectExito(page, email);
    expect(api.count(REGISTRAR)).toBe(1);
    await waitForEmail(email, 'Bienvenido');
    // The outbox polls every second: give a second email time to show up if there were one.
    await page.waitForTimeout(3_000);
    expect(await emailsTo(email)).toHaveLength(1);
    expect(api.count(REGISTRAR)).toBe(1);
  });

  test('Volver lleva al inicio sin registrar nada', async ({ page, api }) => {
    const c = await abrir(page);
    await c.rut.fill('13.579.246-2');
    await page.getByRole('main').getByRole('link', { name: 'Volver' }).click();
    await expect(page).toHaveURL(INICIO);
    await expect(page.getByRole('heading', { level: 1, name: 'Sistema Clave Sence' })).toBeVisible();
    expect(api.count(REGISTRAR)).toBe(0);
  });
});
