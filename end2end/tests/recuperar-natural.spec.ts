// N2 "RECUPERAR CS (CLAVE SENCE) PERSONA NATURAL" (guide §3): the three cases, the provisional
// CS by email and SMS and its forced change at login, and the failure paths, against the real
// server, the SMTP sink and the SMS sink.

import type { Page } from '@playwright/test';
import {
  test,
  expect,
  abrirPagina,
  alertaGeneral,
  ASUNTO_CAMBIO_CLAVE,
  ASUNTO_CAMBIO_CONTACTO,
  ASUNTO_CLAVE_PROVISORIA,
  CAPTCHA,
  celularUnico,
  claveEnCorreo,
  crearCuenta,
  emailsTo,
  emailUnico,
  enmascarar,
  expectErrorEn,
  expectSinError,
  expirarFlujos,
  ingresarCon,
  JUAN,
  MARIA,
  MENSAJE_CREDENCIALES,
  mensajesEncolados,
  smsTo,
  waitForEmail,
  waitForEmails,
  waitForSms,
  INICIO,
  comenzarNuevamente,
  MENSAJE_EXPIRADO,
} from '../support/fixtures';

const LINEA_SMS = 'Su clave Sence (CS) será enviada por SMS a su celular dentro de los próximos 10 minutos.';
const LINEA_EMAIL = 'Su clave Sence (CS) será enviada a su e-Mail dentro de los próximos 10 minutos.';
// Eight characters of A–Z0–9 with at least one letter and one digit.
const PROVISORIA = /^(?=.*[A-Z])(?=.*\d)[A-Z0-9]{8}$/;

function campos(page: Page) {
  const rut = page.getByLabel(/^Rut/);
  const serie = page.getByLabel('Número de serie cédula de identidad');
  return {
    rut,
    validarRut: page.locator('.paso').filter({ has: rut }).getByRole('button'),
    pregunta: page.getByRole('group', { name: /^Pregunta Secreta/ }),
    respuesta: page.getByLabel(/^Respuesta Secreta/),
    noRecuerdo: page.getByLabel('No recuerdo la respuesta a mi pregunta secreta'),
    serie,
    validarSerie: page.locator('.paso').filter({ has: serie }).getByRole('button'),
    emailEnmascarado: page.locator('.email-enmascarado'),
    emailCorrecto: page.getByRole('group', { name: 'El email es correcto?' }),
    si: page.getByRole('radio', { name: 'SI', exact: true }),
    no: page.getByRole('radio', { name: 'NO', exact: true }),
    emailActual: page.getByLabel(/^Email Actual/),
    celularActual: page.getByLabel(/^Celular Actual/),
    captcha: page.getByLabel(/^Captcha/),
    imagen: page.getByRole('img', { name: /^Imagen de seguridad/ }),
    recuperar: page.getByRole('button', { name: 'Recuperar Clave' }),
    exito: page.getByRole('dialog', { name: 'Éxito' }),
  };
}

async function abrir(page: Page) {
  await abrirPagina(page, '/natural/recuperar');
  await expect(page).toHaveTitle('Recuperar CS Persona Natural - Sistema Clave Sence');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('RECUPERAR CS (CLAVE SENCE) PERSONA NATURAL');
  const c = campos(page);
  // The flow is open once the first Validar can be pressed.
  await expect(c.validarRut).toBeEnabled();
  return c;
}

async function validarRut(page: Page, rut: string) {
  const c = campos(page);
  await c.rut.fill(rut);
  await c.validarRut.click();
}

/** The captcha image has loaded: the answer can be typed for it. */
async function llenarCaptcha(page: Page, texto = CAPTCHA) {
  const c = campos(page);
  await expect(c.imagen).toBeVisible();
  await c.captcha.fill(texto);
}

async function expectExito(page: Page, porSms: boolean) {
  const { exito } = campos(page);
  await expect(exito).toBeVisible();
  await expect(exito.getByRole('heading', { name: 'Éxito' })).toBeVisible();
  const lineas = exito.getByRole('listitem');
  await expect(lineas).toHaveText(porSms ? [LINEA_SMS, LINEA_EMAIL] : [LINEA_EMAIL]);
  await expect(exito.getByRole('button', { name: 'Aceptar' })).toBeFocused();
}

/** Ticks "No recuerdo la respuesta a mi pregunta secreta", as a person does: one click. */
async function marcarNoRecuerdo(page: Page) {
  await campos(page).noRecuerdo.click();
}

const cantidad = async (email: string, asunto: string) => (await emailsTo(email)).filter((m) => m.subject.includes(asunto)).length;

test.describe('Recuperar CS Persona Natural', () => {
  test('3.3 con la respuesta secreta: CS provisoria por email y SMS, cambio obligatorio al ingresar', async ({
    page,
    api,
  }, info) => {
    const cuenta = await crearCuenta(6, info.retry);
    const c = await abrir(page);
    await expect(c.pregunta).toHaveCount(0);
    await expect(c.recuperar).toHaveCount(0);

    await validarRut(page, cuenta.rut.replace(/\./g, ''));
    await expect(c.pregunta).toHaveAccessibleName('Pregunta Secreta MI PAÍS FAVORITO');
    await expect(c.respuesta).toBeFocused();
    await expect(c.rut).toBeDisabled();
    await expect(c.rut).toHaveValue(cuenta.rut);
    await expect(c.serie).toHaveCount(0);
    await expect(c.noRecuerdo).not.toBeChecked();

    // Compared without case, accents or surrounding spaces: "Perú" was registered.
    await c.respuesta.fill('  PERU ');
    await llenarCaptcha(page);
    await c.recuperar.click();
    await expectExito(page, true);
    expect(api.count('recuperar_clave')).toBe(1);

    const correo = await waitForEmail(cuenta.email, ASUNTO_CLAVE_PROVISORIA);
    expect(correo.subject).toBe(ASUNTO_CLAVE_PROVISORIA);
    expect(correo.text).toContain(`${cuenta.nombre.toUpperCase()}, su Clave Sence es: `);
    const provisoria = claveEnCorreo(correo);
    expect(provisoria).toMatch(PROVISORIA);
    const [sms] = await waitForSms(cuenta.celular!);
    expect(sms.text).toBe(`Sr(A) usuario(a), su clave Sence es: ${provisoria}. Atte. SENCE`);

    await c.exito.getByRole('button', { name: 'Aceptar' }).click();
    await expect(page).toHaveURL(INICIO);

    // The old CS was replaced.
    await ingresarCon(page, cuenta.rut, cuenta.clave);
    await expect(alertaGeneral(page)).toContainText(MENSAJE_CREDENCIALES);

    // The provisional CS opens a session that can only change it.
    await ingresarCon(page, cuenta.rut, provisoria);
    await expect(page).toHaveURL(/\/mi-cuenta$/);
    await expect(page.getByText('Está usando una Clave Sence provisoria. Debe cambiarla antes de continuar.')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Salir' })).toHaveCount(0);
    await expect(page.getByText(cuenta.nombre)).toHaveCount(0);
    await expect(page.getByRole('link', { name: 'Actualizar datos' })).toHaveCount(0);
    await page.getByLabel(/^CS Nueva/).fill('Alerce2026');
    await page.getByLabel(/^Repetir CS Nueva/).fill('Alerce2026');
    await page.getByRole('button', { name: 'Cambiar Clave' }).click();

    await expect(
      page.getByRole('status').filter({ hasText: 'Su Clave Sence (CS) ha sido cambiada correctamente.' }),
    ).toBeVisible();
    const datos = page.locator('dl.datos-cuenta');
    await expect(datos).toContainText(cuenta.nombre);
    await expect(datos).toContainText(cuenta.rut);
    await expect(datos).toContainText(enmascarar(cuenta.email));
    await expect(datos).not.toContainText(cuenta.email);
    await expect(datos).toContainText(`+56 9 xxxx ${cuenta.celularLocal.slice(4)}`);
    await expect(page.getByLabel(/^CS Nueva/)).toHaveCount(0);
    await waitForEmail(cuenta.email, ASUNTO_CAMBIO_CLAVE);

    await page.getByRole('button', { name: 'Salir' }).click();
    await expect(page).toHaveURL(INICIO);

    // The provisional CS is spent; the new one works.
    await ingresarCon(page, cuenta.rut, provisoria);
    await expect(alertaGeneral(page)).toContainText(MENSAJE_CREDENCIALES);
    await ingresarCon(page, cuenta.rut, 'Alerce2026');
    await expect(page).toHaveURL(/\/mi-cuenta$/);
    await expect(page.locator('dl.datos-cuenta')).toContainText(cuenta.nombre);
    await expect(page.getByText(/Clave Sence provisoria/)).toHaveCount(0);
  });

  test('3.2 olvidó la respuesta, email correcto (SI): número de serie, email enmascarado y CS al email registrado', async ({
    page,
    api,
  }, info) => {
    const cuenta = await crearCuenta(7, info.retry);
    const c = await abrir(page);
    await validarRut(page, cuenta.rut);
    await expect(c.pregunta).toHaveAccessibleName('Pregunta Secreta MI PAÍS FAVORITO');
    await expect(c.serie).toHaveCount(0);

    await marcarNoRecuerdo(page);
    await expect(c.noRecuerdo).toBeChecked();
    await expect(c.noRecuerdo).toBeDisabled(); // no way back to the answer
    await expect(c.serie).toBeFocused();
    await expect(c.respuesta).toHaveCount(0);
    expect(api.count('recuperar_no_recuerdo')).toBe(1);
    // Nothing to send yet.
    await expect(c.captcha).toHaveCount(0);
    await expect(c.recuperar).toHaveCount(0);

    await c.serie.fill(cuenta.serie);
    await c.validarSerie.click();
    await expect(page.getByText('Se le enviará una clave al siguiente correo electrónico:')).toBeVisible();
    await expect(c.emailEnmascarado).toHaveText(enmascarar(cuenta.email));
    await expect(page.getByRole('main')).not.toContainText(cuenta.email);
    await expect(c.serie).toBeDisabled();
    await expect(c.emailCorrecto).toBeVisible();
    await expect(c.si).toBeFocused();
    await expect(c.recuperar).toHaveCount(0);

    await c.si.check();
    await expect(c.emailActual).toHaveCount(0);
    await expect(c.celularActual).toHaveCount(0);
    await llenarCaptcha(page);
    await c.recuperar.click();
    await expectExito(page, true);

    const provisoria = claveEnCorreo(await waitForEmail(cuenta.email, ASUNTO_CLAVE_PROVISORIA));
    expect(provisoria).toMatch(PROVISORIA);
    const [sms] = await waitForSms(cuenta.celular!);
    expect(sms.text).toBe(`Sr(A) usuario(a), su clave Sence es: ${provisoria}. Atte. SENCE`);
    // SI keeps the contact data: nobody is told they were replaced.
    expect(mensajesEncolados(cuenta.email)).toBe(2); // welcome + provisional CS

    await ingresarCon(page, cuenta.rut, provisoria);
    await expect(page).toHaveURL(/\/mi-cuenta$/);
    await expect(page.getByText('Está usando una Clave Sence provisoria. Debe cambiarla antes de continuar.')).toBeVisible();
  });

  test('3.2 olvidó la respuesta, email no actualizado (NO): la CS va al email y celular nuevos y se avisa al email anterior', async ({
    page,
    api,
  }, info) => {
    const cuenta = await crearCuenta(8, info.retry);
    const nuevoEmail = emailUnico('nuevo-contacto');
    const nuevoCelular = celularUnico();
    const c = await abrir(page);
    await validarRut(page, cuenta.rut);
    await marcarNoRecuerdo(page);
    await c.serie.fill(cuenta.serie);
    await c.validarSerie.click();
    await expect(c.emailEnmascarado).toHaveText(enmascarar(cuenta.email));

    await c.no.check();
    await expect(c.emailActual).toBeVisible();
    await expect(c.celularActual).toBeVisible();
    await expect(c.emailActual).toHaveValue('');

    // Both are required and checked before anything is sent.
    await llenarCaptcha(page);
    await c.recuperar.click();
    await expectErrorEn(page, c.emailActual, 'Ingrese el email.');
    await expectErrorEn(page, c.celularActual, 'Ingrese el celular.');
    await expect(c.emailActual).toBeFocused();
    await expect(c.exito).toBeHidden();
    expect(api.count('recuperar_clave')).toBe(0);

    await c.emailActual.fill(nuevoEmail);
    await c.celularActual.fill(nuevoCelular);
    await c.celularActual.press('Tab');
    await expectSinError(page, c.emailActual);
    await expectSinError(page, c.celularActual);
    await c.recuperar.click();
    await expectExito(page, true);

    const provisoria = claveEnCorreo(await waitForEmail(nuevoEmail, ASUNTO_CLAVE_PROVISORIA));
    expect(provisoria).toMatch(PROVISORIA);
    const [sms] = await waitForSms(`+569${nuevoCelular}`);
    expect(sms.text).toBe(`Sr(A) usuario(a), su clave Sence es: ${provisoria}. Atte. SENCE`);
    const aviso = await waitForEmail(cuenta.email, ASUNTO_CAMBIO_CONTACTO);
    expect(aviso.text).toContain(cuenta.nombre);
    expect(aviso.text).not.toContain(provisoria);
    // The old address and mobile get no CS.
    expect((await emailsTo(cuenta.email)).map((m) => m.subject)).not.toContain(ASUNTO_CLAVE_PROVISORIA);
    expect(mensajesEncolados(cuenta.celular!)).toBe(0);
    expect(await smsTo(cuenta.celular!)).toHaveLength(0);

    // The new data replaced the old: Mi cuenta shows them.
    await ingresarCon(page, cuenta.rut, provisoria);
    await expect(page).toHaveURL(/\/mi-cuenta$/);
    await page.getByLabel(/^CS Nueva/).fill('Alerce2026');
    await page.getByLabel(/^Repetir CS Nueva/).fill('Alerce2026');
    await page.getByRole('button', { name: 'Cambiar Clave' }).click();
    const datos = page.locator('dl.datos-cuenta');
    await expect(datos).toContainText(enmascarar(nuevoEmail));
    await expect(datos).toContainText(`+56 9 xxxx ${nuevoCelular.slice(4)}`);
  });

  test('3.1 sin pregunta secreta: el número de serie aparece tras el Rut y la CS va solo por email', async ({ page }) => {
    const antes = await cantidad(MARIA.email, ASUNTO_CLAVE_PROVISORIA);
    const c = await abrir(page);
    await validarRut(page, MARIA.rut);
    await expect(c.serie).toBeFocused();
    await expect(c.pregunta).toHaveCount(0);
    await expect(c.respuesta).toHaveCount(0);
    await expect(c.noRecuerdo).toHaveCount(0);
    await expect(c.recuperar).toHaveCount(0);

    await c.serie.fill(MARIA.serie);
    await c.validarSerie.click();
    await expect(c.emailEnmascarado).toHaveText(enmascarar(MARIA.email));
    await c.si.check();
    await llenarCaptcha(page);
    await c.recuperar.click();
    // María has no mobile: only the email line.
    await expectExito(page, false);
    await expect(c.exito).not.toContainText('SMS');

    const correos = await waitForEmails(MARIA.email, ASUNTO_CLAVE_PROVISORIA, antes + 1);
    expect(claveEnCorreo(correos[antes])).toMatch(PROVISORIA);
    expect(correos[antes].text).toContain('MARÍA JOSÉ MUÑOZ DÍAZ, su Clave Sence es: ');
  });

  // After `Validar` the focus is in Respuesta Secreta: leaving it empty for the checkbox must
  // not show a message that pushes the checkbox away from under the pointer.
  test('un solo clic en "No recuerdo la respuesta…" tras Validar muestra el número de serie', async ({ page }) => {
    const c = await abrir(page);
    await validarRut(page, JUAN.rut);
    await expect(c.respuesta).toBeFocused();
    await c.noRecuerdo.click();
    await expect(c.serie).toBeVisible({ timeout: 3_000 });
    await expect(c.noRecuerdo).toBeChecked();
  });

  test('respuesta secreta incorrecta: mensaje en la Respuesta Secreta, captcha nuevo y nada enviado', async ({ page }) => {
    const encolados = mensajesEncolados(JUAN.email);
    const c = await abrir(page);
    await validarRut(page, JUAN.rut);
    await c.respuesta.fill('Argentina');
    await llenarCaptcha(page);
    const imagen = await c.imagen.getAttribute('src');
    await c.recuperar.click();

    await expectErrorEn(page, c.respuesta, 'La respuesta secreta no es correcta.');
    await expect(c.respuesta).toBeFocused();
    await expect(c.exito).toBeHidden();
    // The server spent the captcha: a new one is shown, to be typed again.
    await expect(c.imagen).toBeVisible();
    await expect(c.imagen).not.toHaveAttribute('src', imagen!);
    await expect(c.captcha).toHaveValue('');
    await expect(c.recuperar).toBeEnabled();
    expect(mensajesEncolados(JUAN.email)).toBe(encolados);
    expect(mensajesEncolados(JUAN.celular)).toBe(0);

    // Typing again takes the message away.
    await c.respuesta.fill('Chil');
    await expectSinError(page, c.respuesta);
  });

  test('número de serie incorrecto: mensaje en el campo, sin repetir el número ni mostrar el email', async ({ page }) => {
    const c = await abrir(page);
    await validarRut(page, JUAN.rut);
    await marcarNoRecuerdo(page);
    await c.serie.fill('100.200.399');
    await c.validarSerie.click();

    const mensaje = 'El número de serie no corresponde a su cédula de identidad vigente.';
    await expectErrorEn(page, c.serie, mensaje);
    await expect(c.serie).toBeFocused();
    await expect(c.serie).toBeEnabled();
    await expect(c.emailEnmascarado).toHaveCount(0);
    await expect(c.emailCorrecto).toHaveCount(0);
    // Neither the typed serial nor the right one appear outside the field.
    const texto = await page.getByRole('main').innerText();
    for (const s of ['100.200.399', '100200399', JUAN.serie, '100200300']) expect(texto).not.toContain(s);

    // The right serial goes on.
    await c.serie.fill(JUAN.serie);
    await expectSinError(page, c.serie);
    await c.validarSerie.click();
    await expect(c.emailEnmascarado).toHaveText(enmascarar(JUAN.email));
  });

  test('captcha incorrecto: mensaje en el Captcha, imagen nueva y nada enviado', async ({ page, api }) => {
    const encolados = mensajesEncolados(JUAN.email);
    const c = await abrir(page);
    await validarRut(page, JUAN.rut);
    await c.respuesta.fill(JUAN.respuesta);
    await llenarCaptcha(page, 'ZZZZ');
    const imagen = await c.imagen.getAttribute('src');
    expect(imagen).toMatch(/^data:image\/png;base64,/);
    await c.recuperar.click();

    await expectErrorEn(page, c.captcha, /no coincide/);
    await expect(c.captcha).toBeFocused();
    await expect(c.imagen).toBeVisible();
    await expect(c.imagen).not.toHaveAttribute('src', imagen!);
    await expect(c.captcha).toHaveValue('');
    await expect(c.respuesta).toHaveValue(JUAN.respuesta);
    await expect(c.exito).toBeHidden();
    expect(api.count('recuperar_clave')).toBe(1);
    expect(mensajesEncolados(JUAN.email)).toBe(encolados);

    // Without the new image's text nothing is sent.
    await c.recuperar.click();
    await expect(c.captcha).toBeFocused();
    expect(api.count('recuperar_clave')).toBe(1);
  });

  test('trámite expirado: aviso arriba con "Comenzar nuevamente", que reinicia el trámite', async ({ page, api }) => {
    const encolados = mensajesEncolados(JUAN.email);
    const c = await abrir(page);
    await validarRut(page, JUAN.rut);
    await c.respuesta.fill(JUAN.respuesta);
    await llenarCaptcha(page);
    expirarFlujos();
    await c.recuperar.click();

    const alerta = alertaGeneral(page);
    await expect(alerta).toContainText('expiró');
    await expect(alerta).toContainText(MENSAJE_EXPIRADO);
    await expect(c.exito).toBeHidden();
    expect(mensajesEncolados(JUAN.email)).toBe(encolados);

    const flujosAntes = api.count('iniciar_flujo');
    await comenzarNuevamente(page);
    await expect(c.pregunta).toHaveCount(0);
    await expect(c.captcha).toHaveCount(0);
    await expect(c.rut).toBeEnabled();
    await expect(c.rut).toHaveValue(JUAN.rut);
    await expect(c.rut).toBeFocused();
    await expect(c.validarRut).toBeEnabled();
    expect(api.count('iniciar_flujo')).toBe(flujosAntes + 1);

    // The new flow works from the start.
    await c.validarRut.click();
    await expect(c.pregunta).toHaveAccessibleName('Pregunta Secreta MI PAÍS FAVORITO');
    await expect(c.respuesta).toHaveValue('');
  });

  test('RUT sin cuenta: mensaje en el Rut', async ({ page }) => {
    const c = await abrir(page);
    await validarRut(page, '13.579.246-2'); // in the Registro Civil, without an account
    await expectErrorEn(page, c.rut, 'No existe una cuenta Clave Sence para el Rut ingresado. Puede registrarse en REGÍSTRESE.');
    await expect(c.rut).toBeFocused();
    await expect(c.rut).toBeEnabled();
    await expect(c.pregunta).toHaveCount(0);
    await expect(c.serie).toHaveCount(0);

    await validarRut(page, '17.345.678-6'); // not even in the Registro Civil
    await expectErrorEn(page, c.rut, /^No existe una cuenta Clave Sence/);
  });

  test('RUT con dígito verificador incorrecto: error antes de llamar al servidor', async ({ page, api }) => {
    const c = await abrir(page);
    await c.rut.fill('11.111.111-2');
    await c.rut.press('Tab');
    await expectErrorEn(page, c.rut, 'El dígito verificador del RUT no es válido.');
    await c.validarRut.click();
    await expectErrorEn(page, c.rut, 'El dígito verificador del RUT no es válido.');
    await expect(c.rut).toBeFocused();
    await c.rut.press('Enter');
    await expect(c.pregunta).toHaveCount(0);
    expect(api.count('recuperar_validar_rut')).toBe(0);

    await c.rut.fill('111111111');
    await c.rut.press('Tab');
    await expectSinError(page, c.rut);
    await expect(c.rut).toHaveValue('11.111.111-1');
    expect(api.count('recuperar_validar_rut')).toBe(0);
  });
});

test.describe('el código de los pasos tras el Rut', () => {
  // The aborted chunk is reported on the console: that is the failure being tested.
  test.use({ allowConsoleErrors: [/Failed to (load resource|fetch)/] });

  test('llega tras el Rut; si no llega, se dice y "Reintentar" lo trae', async ({ page }) => {
    const pedidos: string[] = [];
    page.on('request', (r) => pedidos.push(new URL(r.url()).pathname));
    await page.route('**/pkg/split_recuperar_pasos.*', (ruta) => ruta.abort());
    const c = await abrir(page);
    expect(pedidos.filter((p) => p.startsWith('/pkg/split_recuperar_pasos.'))).toEqual([]);

    await validarRut(page, JUAN.rut);
    await expect.poll(() => pedidos.some((p) => p.startsWith('/pkg/split_recuperar_pasos.'))).toBe(true);
    const falla = page.getByRole('alert').filter({ hasText: 'No se pudo cargar esta parte de la página.' });
    await expect(falla).toBeVisible();
    await expect(c.pregunta).toHaveCount(0);
    // The final step's captcha and button wait for the steps they send.
    await expect(c.captcha).toHaveCount(0);
    await expect(c.recuperar).toHaveCount(0);

    await page.unroute('**/pkg/split_recuperar_pasos.*');
    await falla.getByRole('button', { name: 'Reintentar' }).click();
    await expect(c.pregunta).toHaveAccessibleName('Pregunta Secreta MI PAÍS FAVORITO');
    await expect(falla).toHaveCount(0);
    // The server's answer came before the code: the focus still goes where it led.
    await expect(c.respuesta).toBeFocused();
    await expect(c.imagen).toBeVisible();
    await expect(c.recuperar).toBeEnabled();
    await expect(c.rut).toBeDisabled();
  });
});
