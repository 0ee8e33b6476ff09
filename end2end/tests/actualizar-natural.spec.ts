// N4 "ACTUALIZAR DATOS PERSONA NATURAL" (guide §5): Rut and Clave Sence, the secret question
// (an account without one defines it here), then `Datos de Contacto`, a captcha and
// `Actualizar datos`. Against the real server and the SMTP sink.

import type { Page } from '@playwright/test';
import {
  test,
  expect,
  abrirPagina,
  alertaGeneral,
  ASUNTO_ACTUALIZACION,
  ASUNTO_CLAVE_PROVISORIA,
  CAPTCHA,
  celularUnico,
  claveProvisoria,
  crearCuenta,
  emailsTo,
  emailUnico,
  expectErrorEn,
  expirarFlujos,
  JUAN,
  mensajesEncolados,
  waitForEmail,
  INICIO,
  comenzarNuevamente,
  MENSAJE_EXPIRADO,
} from '../support/fixtures';

const ACTUALIZAR = 'actualizar_datos';

function campos(page: Page) {
  const clave = page.getByLabel(/^Clave Sence/);
  const respuesta = page.getByLabel(/^Respuesta Secreta/);
  return {
    rut: page.getByLabel(/^Rut/),
    clave,
    validarClave: page.locator('.paso').filter({ has: clave }).getByRole('button'),
    pregunta: page.getByRole('group', { name: /^Pregunta Secreta / }),
    definirPregunta: page.getByRole('combobox', { name: /^Pregunta Secreta/ }),
    respuesta,
    validarRespuesta: page.locator('.paso').filter({ has: respuesta }).getByRole('button'),
    datos: page.getByRole('group', { name: 'Datos de Contacto' }),
    email: page.getByLabel(/^Email Actual/),
    telefonoParticular: page.getByLabel(/^Teléfono Particular/),
    celular: page.getByLabel(/^Celular Nuevo/),
    sinCelular: page.getByLabel('Sin Celular', { exact: true }),
    telefonoTrabajo: page.getByLabel(/^Teléfono Trabajo/),
    captcha: page.getByLabel(/^Captcha/),
    imagen: page.getByRole('img', { name: /^Imagen de seguridad/ }),
    actualizar: page.getByRole('button', { name: 'Actualizar datos' }),
    exito: page.getByRole('dialog', { name: 'Éxito' }),
  };
}

async function abrir(page: Page) {
  await abrirPagina(page, '/natural/actualizar');
  await expect(page).toHaveTitle('Actualizar Datos Persona Natural - Sistema Clave Sence');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('ACTUALIZAR DATOS PERSONA NATURAL');
  const c = campos(page);
  await expect(c.validarClave).toBeEnabled();
  return c;
}

async function validarClave(page: Page, rut: string, clave: string) {
  const c = campos(page);
  await c.rut.fill(rut);
  await c.clave.fill(clave);
  await c.validarClave.click();
}

/** Rut + CS, then the answer: the contact data are shown. */
async function hastaLosDatos(page: Page, rut: string, clave: string, respuesta: string) {
  const c = await abrir(page);
  await validarClave(page, rut, clave);
  await expect(c.respuesta).toBeFocused();
  await c.respuesta.fill(respuesta);
  await c.validarRespuesta.click();
  await expect(c.datos).toBeVisible();
  await expect(c.imagen).toBeVisible();
  return c;
}

test.describe('Actualizar Datos Persona Natural', () => {
  test('actualización completa: datos precargados, Éxito y aviso al email anterior y al nuevo', async ({ page, api }, info) => {
    const cuenta = await crearCuenta(12, info.retry);
    const c = await abrir(page);
    await expect(c.datos).toHaveCount(0);
    await expect(c.actualizar).toHaveCount(0);

    await validarClave(page, cuenta.rut, cuenta.clave);
    await expect(c.pregunta).toHaveAccessibleName('Pregunta Secreta MI PAÍS FAVORITO');
    await expect(c.respuesta).toBeFocused();
    await expect(c.rut).toBeDisabled();
    await expect(c.clave).toBeDisabled();
    await expect(c.datos).toHaveCount(0);

    await c.respuesta.fill('peru'); // "Perú" was registered
    await c.validarRespuesta.click();
    await expect(c.datos).toBeVisible();
    await expect(c.email).toBeFocused();
    await expect(c.respuesta).toBeDisabled();
    // What is on file.
    await expect(c.email).toHaveValue(cuenta.email);
    await expect(c.telefonoParticular).toHaveValue('');
    await expect(c.celular).toHaveValue(cuenta.celularLocal);
    await expect(c.sinCelular).not.toBeChecked();
    await expect(c.telefonoTrabajo).toHaveValue('');

    const nuevoEmail = emailUnico('actualizado');
    const nuevoCelular = celularUnico();
    await c.email.fill(nuevoEmail);
    await c.telefonoParticular.fill('221234567');
    await c.celular.fill(nuevoCelular);
    await c.telefonoTrabajo.fill('226543210');
    await expect(c.imagen).toBeVisible();
    await c.captcha.fill(CAPTCHA);
    await c.actualizar.click();

    await expect(c.exito).toBeVisible();
    await expect(c.exito).toContainText('Sus datos han sido actualizados correctamente.');
    await expect(c.exito.getByRole('button', { name: 'Aceptar' })).toBeFocused();
    expect(api.count(ACTUALIZAR)).toBe(1);

    const alAnterior = await waitForEmail(cuenta.email, ASUNTO_ACTUALIZACION);
    const alNuevo = await waitForEmail(nuevoEmail, ASUNTO_ACTUALIZACION);
    for (const aviso of [alAnterior, alNuevo]) {
      expect(aviso.text).toContain(`${cuenta.nombre}, los datos de contacto de su cuenta Clave Sence fueron actualizados.`);
      expect(aviso.text).toContain(`E-mail registrado desde ahora: ${nuevoEmail}.`);
    }

    await c.exito.getByRole('button', { name: 'Aceptar' }).click();
    await expect(page).toHaveURL(INICIO);

    // The new data are on file.
    const otra = await hastaLosDatos(page, cuenta.rut, cuenta.clave, 'Perú');
    await expect(otra.email).toHaveValue(nuevoEmail);
    await expect(otra.telefonoParticular).toHaveValue('221234567');
    await expect(otra.celular).toHaveValue(nuevoCelular);
    await expect(otra.telefonoTrabajo).toHaveValue('226543210');
  });

  test('trámite expirado: nada cambia ni se avisa; "Comenzar nuevamente" vuelve a pedir la Clave Sence', async ({ page }, info) => {
    const cuenta = await crearCuenta(17, info.retry);
    const encolados = mensajesEncolados(cuenta.email);
    const c = await hastaLosDatos(page, cuenta.rut, cuenta.clave, 'Perú');
    const nuevoEmail = emailUnico('expirado');
    await c.email.fill(nuevoEmail);
    await c.captcha.fill(CAPTCHA);
    expirarFlujos();
    await c.actualizar.click();

    const alerta = alertaGeneral(page);
    await expect(alerta).toContainText(MENSAJE_EXPIRADO);
    await expect(c.exito).toBeHidden();
    expect(mensajesEncolados(cuenta.email)).toBe(encolados);
    expect(mensajesEncolados(nuevoEmail)).toBe(0);

    await comenzarNuevamente(page);
    await expect(c.datos).toHaveCount(0);
    await expect(c.rut).toBeFocused();
    await expect(c.rut).toHaveValue(cuenta.rut);
    await expect(c.clave).toHaveValue('');

    // The new flow shows the data on file: the expired one changed nothing.
    await validarClave(page, cuenta.rut, cuenta.clave);
    await c.respuesta.fill('Perú');
    await c.validarRespuesta.click();
    await expect(c.datos).toBeVisible();
    await expect(c.email).toHaveValue(cuenta.email);
  });

  test('respuesta secreta incorrecta: mensaje en la Respuesta Secreta y sin datos de contacto', async ({ page, api }) => {
    const c = await abrir(page);
    await validarClave(page, JUAN.rut, JUAN.clave);
    await expect(c.pregunta).toHaveAccessibleName(`Pregunta Secreta ${JUAN.pregunta}`);
    await c.respuesta.fill('Argentina');
    await c.validarRespuesta.click();

    await expectErrorEn(page, c.respuesta, 'La respuesta secreta no es correcta.');
    await expect(c.respuesta).toBeFocused();
    await expect(c.respuesta).toBeEnabled();
    await expect(c.datos).toHaveCount(0);
    await expect(c.email).toHaveCount(0);
    await expect(c.actualizar).toHaveCount(0);
    expect(api.count('actualizar_pregunta')).toBe(1);

    // The right answer, in other case, opens the data.
    await c.respuesta.fill('CHILE');
    await c.validarRespuesta.click();
    await expect(c.datos).toBeVisible();
    await expect(c.email).toHaveValue(JUAN.email);
    await expect(c.celular).toHaveValue(JUAN.celular.slice(-8));
  });

  test('captcha incorrecto o teléfono inválido: no se actualiza nada', async ({ page, api }) => {
    const encolados = mensajesEncolados(JUAN.email);
    const c = await hastaLosDatos(page, JUAN.rut, JUAN.clave, JUAN.respuesta);
    const particular = await c.telefonoParticular.inputValue();

    await c.telefonoParticular.fill('1234');
    await c.captcha.fill(CAPTCHA);
    await c.actualizar.click();
    await expectErrorEn(page, c.telefonoParticular, 'El teléfono debe tener 9 dígitos, incluido el código de área.');
    await expect(c.telefonoParticular).toBeFocused();
    expect(api.count(ACTUALIZAR)).toBe(0);

    await c.telefonoParticular.fill(particular);
    await c.email.fill(emailUnico('no-actualizado'));
    await c.captcha.fill('ZZZZ');
    const imagen = await c.imagen.getAttribute('src');
    await c.actualizar.click();
    await expectErrorEn(page, c.captcha, /no coincide/);
    await expect(c.captcha).toBeFocused();
    await expect(c.imagen).toBeVisible();
    await expect(c.imagen).not.toHaveAttribute('src', imagen!);
    await expect(c.captcha).toHaveValue('');
    await expect(c.exito).toBeHidden();
    expect(api.count(ACTUALIZAR)).toBe(1);
    expect(mensajesEncolados(JUAN.email)).toBe(encolados);

    // Nothing was saved: the data on file are still Juan's.
    const otra = await hastaLosDatos(page, JUAN.rut, JUAN.clave, JUAN.respuesta);
    await expect(otra.email).toHaveValue(JUAN.email);
  });

  test('cuenta sin pregunta secreta: la define aquí y luego la recuperación la pregunta', async ({ page, api }, info) => {
    const cuenta = await crearCuenta(13, info.retry, { conPregunta: false });
    const c = await abrir(page);
    await validarClave(page, cuenta.rut, cuenta.clave);
    await expect(page.getByRole('status').filter({ hasText: 'Su cuenta no tiene pregunta secreta. Defínala para continuar.' })).toBeVisible();
    await expect(c.definirPregunta).toBeFocused();
    await expect(c.pregunta).toHaveCount(0);
    await expect(c.definirPregunta.locator('option:checked')).toHaveText('Seleccione...');

    // Both are required.
    await c.validarRespuesta.click();
    await expectErrorEn(page, c.definirPregunta, 'Seleccione una pregunta secreta.');
    await expectErrorEn(page, c.respuesta, 'Ingrese la respuesta secreta.');
    expect(api.count('actualizar_pregunta')).toBe(0);

    await c.definirPregunta.selectOption({ label: 'NOMBRE DE MI MASCOTA' });
    await c.respuesta.fill('Cachupín');
    await c.validarRespuesta.click();
    await expect(c.datos).toBeVisible();
    await expect(c.definirPregunta).toBeDisabled();
    await expect(c.email).toHaveValue(cuenta.email);
    await c.captcha.fill(CAPTCHA);
    await c.actualizar.click();
    await expect(c.exito).toContainText('Sus datos han sido actualizados correctamente.');
    // Same email: one notice.
    await waitForEmail(cuenta.email, ASUNTO_ACTUALIZACION);

    // Recovery now asks the new question, and takes its answer.
    await abrirPagina(page, '/natural/recuperar');
    const rut = page.getByLabel(/^Rut/);
    const validar = page.locator('.paso').filter({ has: rut }).getByRole('button');
    await expect(validar).toBeEnabled();
    await rut.fill(cuenta.rut);
    await validar.click();
    await expect(page.getByRole('group', { name: /^Pregunta Secreta/ })).toHaveAccessibleName(
      'Pregunta Secreta NOMBRE DE MI MASCOTA',
    );
    await expect(page.getByLabel('Número de serie cédula de identidad')).toHaveCount(0);
    await page.getByLabel(/^Respuesta Secreta/).fill('cachupin');
    await expect(page.getByRole('img', { name: /^Imagen de seguridad/ })).toBeVisible();
    await page.getByLabel(/^Captcha/).fill(CAPTCHA);
    await page.getByRole('button', { name: 'Recuperar Clave' }).click();
    await expect(page.getByRole('dialog', { name: 'Éxito' })).toBeVisible();
    const provisoria = await claveProvisoria(cuenta.email);
    expect((await emailsTo(cuenta.email)).filter((m) => m.subject === ASUNTO_CLAVE_PROVISORIA)).toHaveLength(1);

    // A provisional CS must be changed before updating data.
    await abrir(page);
    await validarClave(page, cuenta.rut, provisoria);
    await expectErrorEn(page, c.clave, 'Está usando una Clave Sence provisoria: cámbiela primero en Cambiar CS.');
    await expect(c.pregunta).toHaveCount(0);
    await expect(c.definirPregunta).toHaveCount(0);
  });
});

// The data step's code is a chunk of its own (`Diferida`), fetched while the person answers the
// secret question: the first visit does not download it.
test.describe('el código del paso de datos', () => {
  // The aborted chunk is reported on the console: that is the failure being tested.
  test.use({ allowConsoleErrors: [/Failed to (load resource|fetch)/] });

  test('llega después de la Clave Sence; si no llega, se dice y "Reintentar" lo trae', async ({ page }, info) => {
    const cuenta = await crearCuenta(19, info.retry);
    const pedidos: string[] = [];
    page.on('request', (r) => pedidos.push(new URL(r.url()).pathname));
    await page.route('**/pkg/split_actualizar_datos.*', (ruta) => ruta.abort());
    const c = await abrir(page);
    expect(pedidos.filter((p) => p.startsWith('/pkg/split_actualizar_datos.'))).toEqual([]);

    await validarClave(page, cuenta.rut, cuenta.clave);
    await expect.poll(() => pedidos.some((p) => p.startsWith('/pkg/split_actualizar_datos.'))).toBe(true);
    await c.respuesta.fill(cuenta.respuesta);
    await c.validarRespuesta.click();
    const falla = page.getByRole('alert').filter({ hasText: 'No se pudo cargar esta parte de la página.' });
    await expect(falla).toBeVisible();
    await expect(c.datos).toHaveCount(0);
    // The final button waits for the step it sends.
    await expect(c.actualizar).toHaveCount(0);

    await page.unroute('**/pkg/split_actualizar_datos.*');
    await falla.getByRole('button', { name: 'Reintentar' }).click();
    await expect(c.datos).toBeVisible();
    await expect(falla).toHaveCount(0);
    await expect(c.email).toHaveValue(cuenta.email);
    await expect(c.email).toBeFocused();
    await c.captcha.fill(CAPTCHA);
    await c.actualizar.click();
    await expect(c.exito).toBeVisible();
  });
});
