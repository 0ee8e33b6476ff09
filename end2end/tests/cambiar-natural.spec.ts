// N3 "CAMBIAR CS (CLAVE SENCE) PERSONA NATURAL" (guide §4): Rut and CS Actual open `Cambiar
// CS`; the new CS, a captcha and `Cambiar Clave` finish. Against the real server and the sinks.

import type { Page } from '@playwright/test';
import {
  test,
  expect,
  abrirPagina,
  alertaGeneral,
  ASUNTO_CAMBIO_CLAVE,
  CAPTCHA,
  crearCuenta,
  emailsTo,
  expectErrorEn,
  expectSinError,
  expirarFlujos,
  ingresarCon,
  MENSAJE_CREDENCIALES,
  mensajesEncolados,
  recuperarPorApi,
  waitForEmail,
  waitForSms,
  INICIO,
  comenzarNuevamente,
  MENSAJE_EXPIRADO,
} from '../support/fixtures';

const CAMBIAR = 'cambiar_clave';

function campos(page: Page) {
  const claveActual = page.getByLabel(/^CS Actual/);
  return {
    rut: page.getByLabel(/^Rut/),
    claveActual,
    validar: page.locator('.paso').filter({ has: claveActual }).getByRole('button'),
    seccionCambiar: page.getByRole('group', { name: 'Cambiar CS', exact: true }),
    claveNueva: page.getByLabel(/^CS Nueva/),
    repetir: page.getByLabel(/^Repetir CS Nueva/),
    captcha: page.getByLabel(/^Captcha/),
    imagen: page.getByRole('img', { name: /^Imagen de seguridad/ }),
    cambiar: page.getByRole('button', { name: 'Cambiar Clave' }),
    exito: page.getByRole('dialog', { name: 'Éxito' }),
  };
}

async function abrir(page: Page) {
  await abrirPagina(page, '/natural/cambiar');
  await expect(page).toHaveTitle('Cambiar CS Persona Natural - Sistema Clave Sence');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('CAMBIAR CS (CLAVE SENCE) PERSONA NATURAL');
  const c = campos(page);
  await expect(c.validar).toBeEnabled();
  return c;
}

async function validar(page: Page, rut: string, clave: string) {
  const c = campos(page);
  await c.rut.fill(rut);
  await c.claveActual.fill(clave);
  await c.validar.click();
}

async function llenarNueva(page: Page, nueva: string, repetir = nueva, captcha = CAPTCHA) {
  const c = campos(page);
  await c.claveNueva.fill(nueva);
  await c.repetir.fill(repetir);
  await expect(c.imagen).toBeVisible();
  await c.captcha.fill(captcha);
}

test.describe('Cambiar CS Persona Natural', () => {
  test('cambio completo: diálogo Éxito, aviso por email y SMS; la CS anterior deja de servir y la nueva sirve', async ({
    page,
    api,
  }, info) => {
    const cuenta = await crearCuenta(9, info.retry);
    const c = await abrir(page);
    await validar(page, cuenta.rut, cuenta.clave);

    await expect(c.seccionCambiar).toBeVisible();
    await expect(c.claveNueva).toBeFocused();
    await expect(c.rut).toBeDisabled();
    await expect(c.claveActual).toBeDisabled();
    await expect(c.validar).toBeDisabled();

    await llenarNueva(page, 'Alerce2026');
    await c.cambiar.click();
    await expect(c.exito).toBeVisible();
    await expect(c.exito.getByRole('listitem')).toHaveText([
      'Su Clave Sence (CS) ha sido cambiada correctamente.',
      'Se enviará una notificación a su e-Mail dentro de los próximos 10 minutos.',
      'Se enviará una notificación por SMS a su celular dentro de los próximos 10 minutos.',
    ]);
    await expect(c.exito.getByRole('button', { name: 'Aceptar' })).toBeFocused();
    expect(api.count(CAMBIAR)).toBe(1);

    const aviso = await waitForEmail(cuenta.email, ASUNTO_CAMBIO_CLAVE);
    expect(aviso.text).toContain(`${cuenta.nombre}, su Clave Sence (CS) fue cambiada correctamente.`);
    expect(aviso.text).not.toContain('Alerce2026');
    const [sms] = await waitForSms(cuenta.celular!);
    expect(sms.text).toContain('su clave Sence fue cambiada');

    await c.exito.getByRole('button', { name: 'Aceptar' }).click();
    await expect(page).toHaveURL(INICIO);

    await ingresarCon(page, cuenta.rut, cuenta.clave);
    await expect(alertaGeneral(page)).toContainText(MENSAJE_CREDENCIALES);
    await ingresarCon(page, cuenta.rut, 'Alerce2026');
    await expect(page).toHaveURL(/\/mi-cuenta$/);
    await expect(page.locator('dl.datos-cuenta')).toContainText(cuenta.nombre);
  });

  test('CS Actual incorrecta: mensaje general, sin sección Cambiar CS; luego las reglas de la CS Nueva y el captcha', async ({
    page,
    api,
  }, info) => {
    const cuenta = await crearCuenta(10, info.retry);
    const c = await abrir(page);

    // Nothing of the change can be used before the current CS is validated.
    await expect(c.seccionCambiar).toHaveCount(0);
    await expect(c.claveNueva).toHaveCount(0);
    await expect(c.captcha).toHaveCount(0);
    await expect(c.cambiar).toHaveCount(0);

    await validar(page, cuenta.rut, 'Quillay27');
    const alerta = alertaGeneral(page);
    await expect(alerta).toContainText(MENSAJE_CREDENCIALES);
    await expect(alerta.getByRole('link', { name: 'Recuperar CS aquí' })).toHaveAttribute('href', '/natural/recuperar');
    await expect(c.rut).toHaveValue(cuenta.rut);
    await expect(c.rut).toBeEnabled();
    // A refused CS is cleared, ready to be typed again.
    await expect(c.claveActual).toHaveValue('');
    await expect(c.claveActual).toBeFocused();
    await expect(c.seccionCambiar).toHaveCount(0);
    await expect(c.cambiar).toHaveCount(0);

    // An unknown RUT gets the very same message.
    await validar(page, '13.579.246-2', cuenta.clave);
    await expect(alerta).toContainText(MENSAJE_CREDENCIALES);
    await expect(c.seccionCambiar).toHaveCount(0);

    await validar(page, cuenta.rut, cuenta.clave);
    await expect(alerta).toHaveCount(0);
    await expect(c.seccionCambiar).toBeVisible();

    // The same CS again.
    await c.claveNueva.fill(cuenta.clave);
    await c.claveNueva.press('Tab');
    await expectErrorEn(page, c.claveNueva, 'La CS Nueva debe ser distinta de la CS Actual.');
    await llenarNueva(page, cuenta.clave);
    await c.cambiar.click();
    await expect(c.claveNueva).toBeFocused();
    await expectErrorEn(page, c.claveNueva, 'La CS Nueva debe ser distinta de la CS Actual.');
    expect(api.count(CAMBIAR)).toBe(0);

    // A repetition that does not match.
    await llenarNueva(page, 'Alerce2026', 'Alerce2062');
    await expectSinError(page, c.claveNueva);
    await c.cambiar.click();
    await expect(c.repetir).toBeFocused();
    await expectErrorEn(page, c.repetir, 'Las claves no coinciden.');
    expect(api.count(CAMBIAR)).toBe(0);

    // A wrong captcha: nothing changes, a new image is shown.
    await llenarNueva(page, 'Alerce2026', 'Alerce2026', 'ZZZZ');
    await expectSinError(page, c.repetir);
    const imagen = await c.imagen.getAttribute('src');
    await c.cambiar.click();
    await expectErrorEn(page, c.captcha, /no coincide/);
    await expect(c.captcha).toBeFocused();
    await expect(c.imagen).toBeVisible();
    await expect(c.imagen).not.toHaveAttribute('src', imagen!);
    await expect(c.captcha).toHaveValue('');
    await expect(c.exito).toBeHidden();
    expect(api.count(CAMBIAR)).toBe(1);
    expect(mensajesEncolados(cuenta.email)).toBe(1); // the welcome email only

    // With the new image's text it goes through.
    await c.captcha.fill(CAPTCHA);
    await c.cambiar.click();
    await expect(c.exito).toContainText('Su Clave Sence (CS) ha sido cambiada correctamente.');
    expect(api.count(CAMBIAR)).toBe(2);
    await waitForEmail(cuenta.email, ASUNTO_CAMBIO_CLAVE);
    expect((await emailsTo(cuenta.email)).filter((m) => m.subject === ASUNTO_CAMBIO_CLAVE)).toHaveLength(1);
  });

  test('trámite expirado: la CS no cambia ni se avisa; "Comenzar nuevamente" pide de nuevo la CS Actual', async ({
    page,
    api,
  }, info) => {
    const cuenta = await crearCuenta(16, info.retry);
    const encolados = mensajesEncolados(cuenta.email);
    const c = await abrir(page);
    await validar(page, cuenta.rut, cuenta.clave);
    await expect(c.seccionCambiar).toBeVisible();
    await llenarNueva(page, 'Maiten2026');
    expirarFlujos();
    await c.cambiar.click();

    const alerta = alertaGeneral(page);
    await expect(alerta).toContainText(MENSAJE_EXPIRADO);
    await expect(c.exito).toBeHidden();
    expect(mensajesEncolados(cuenta.email)).toBe(encolados);

    const flujosAntes = api.count('iniciar_flujo');
    await comenzarNuevamente(page);
    await expect(c.seccionCambiar).toBeHidden();
    await expect(c.rut).toBeFocused();
    await expect(c.rut).toHaveValue(cuenta.rut);
    await expect(c.claveActual).toBeEnabled();
    await expect(c.claveActual).toHaveValue('');
    expect(api.count('iniciar_flujo')).toBe(flujosAntes + 1);

    // The CS was not changed: it opens the new flow, which then changes it.
    await validar(page, cuenta.rut, cuenta.clave);
    await expect(c.seccionCambiar).toBeVisible();
    await expect(c.claveNueva).toHaveValue('');
    await llenarNueva(page, 'Maiten2026');
    await c.cambiar.click();
    await expect(c.exito).toBeVisible();
    expect(mensajesEncolados(cuenta.email)).toBe(encolados + 1);
  });

  test('una CS provisoria sirve como CS Actual y luego deja de servir', async ({ page }, info) => {
    const cuenta = await crearCuenta(11, info.retry);
    const provisoria = await recuperarPorApi(cuenta);
    const c = await abrir(page);
    await validar(page, cuenta.rut, provisoria);
    await expect(c.seccionCambiar).toBeVisible();
    await llenarNueva(page, 'Coigue2026');
    await c.cambiar.click();
    await expect(c.exito).toContainText('Su Clave Sence (CS) ha sido cambiada correctamente.');
    await waitForEmail(cuenta.email, ASUNTO_CAMBIO_CLAVE);

    await ingresarCon(page, cuenta.rut, provisoria);
    await expect(alertaGeneral(page)).toContainText(MENSAJE_CREDENCIALES);
    // The new CS is a permanent one: no forced change at login.
    await ingresarCon(page, cuenta.rut, 'Coigue2026');
    await expect(page).toHaveURL(/\/mi-cuenta$/);
    await expect(page.locator('dl.datos-cuenta')).toContainText(cuenta.nombre);
    await expect(page.getByText(/Clave Sence provisoria/)).toHaveCount(0);
  });
});
