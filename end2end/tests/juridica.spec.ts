// PERSONA JURÍDICA (guide J §2–§4, and Actualizar datos): registration, recovery by each case,
// change of CS, update of data and login of a company, with their failure paths, against the
// real server, the demo SII and Registro Civil, the SMTP sink and the SMS sink.

import type { Page } from '@playwright/test';
import {
  test,
  expect,
  abrirPagina,
  alertaGeneral,
  APRENDE,
  ASUNTO_ACTUALIZACION,
  ASUNTO_CAMBIO_CLAVE,
  ASUNTO_CAMBIO_CONTACTO,
  ASUNTO_CLAVE_PROVISORIA,
  CAPSUR,
  CAPTCHA,
  claveEnCorreo,
  crearEmpresa,
  emailUnico,
  empresaSinCuenta,
  enmascarar,
  expectErrorEn,
  ingresarCon,
  INICIO,
  MENSAJE_CREDENCIALES,
  mensajesEncolados,
  registroCivil,
  waitForEmail,
  waitForSms,
} from '../support/fixtures';

const LINEA_EMAIL_EMPRESA =
  'Su clave Sence (CS) será enviada al e-Mail de la Empresa registrado dentro de los próximos 10 minutos.';
const LINEA_SMS = 'Su clave Sence (CS) será enviada por SMS a su celular dentro de los próximos 10 minutos.';
const NO_ES_REPRESENTANTE = /no corresponde a un Representante Legal vigente de la empresa/;

const exacta = (page: Page, etiqueta: string) => page.getByLabel(etiqueta, { exact: true });
const nombreDe = (run: string) => {
  const p = registroCivil().find((x) => x.run === run)!;
  return `${p.nombres} ${p.apellidos}`;
};

/** The captcha image has loaded: its answer can be typed. */
async function llenarCaptcha(page: Page, texto = CAPTCHA) {
  await expect(page.getByRole('img', { name: /^Imagen de seguridad/ })).toBeVisible();
  await page.getByLabel(/^Captcha/).fill(texto);
}

async function aceptarExito(page: Page) {
  await page.getByRole('dialog', { name: 'Éxito' }).getByRole('button', { name: 'Aceptar' }).click();
  await expect(page).toHaveURL(INICIO);
}

test.describe('Inicio', () => {
  test('cada enlace de PERSONA JURÍDICA lleva a su trámite', async ({ page }) => {
    const casos: [string, string][] = [
      ['/juridica/registro', 'REGISTRAR PERSONA JURÍDICA'],
      ['/juridica/recuperar', 'RECUPERAR CS (CLAVE SENCE) PERSONA JURÍDICA'],
      ['/juridica/cambiar', 'CAMBIAR CS (CLAVE SENCE) PERSONA JURÍDICA'],
      ['/juridica/actualizar', 'ACTUALIZAR DATOS PERSONA JURÍDICA'],
    ];
    for (const [ruta, titulo] of casos) {
      await abrirPagina(page, '/');
      const caja = page.getByRole('region', { name: 'PERSONA JURÍDICA' });
      await caja.locator(`a[href="${ruta}"]`).click();
      await expect(page).toHaveURL(new RegExp(`${ruta}$`));
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(titulo);
      await expect(page.getByText('en construcción')).toHaveCount(0);
    }
  });

});

test.describe('Rutas por tipo de cuenta', () => {
  test.use({ allowConsoleErrors: [/status of 404/] });

  test('un tipo de cuenta que no existe, o un trámite que su tipo no tiene, no tiene página', async ({ page }) => {
    for (const ruta of ['/empresa/recuperar', '/facilitador/registro']) {
      const res = await page.goto(ruta);
      expect(res?.status()).toBe(404);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Página no encontrada');
    }
  });
});

// ---------------------------------------------------------------- J1 Registrar

function registro(page: Page) {
  return {
    rutEmpresa: exacta(page, 'RUT Empresa *'),
    razonSocial: page.getByLabel(/^Razón Social/),
    pregunta: page.getByLabel(/^Pregunta Secreta/),
    respuesta: page.getByLabel(/^Respuesta Secreta/),
    region: page.getByLabel(/^Región/),
    comuna: page.getByLabel(/^Comuna/),
    direccion: exacta(page, 'Dirección *'),
    numero: page.getByLabel(/^N° de Dirección \/ N° de Oficina/),
    email: page.getByLabel(/^Email de Contacto de Empresa/),
    telefono: exacta(page, 'Teléfono *'),
    fax: exacta(page, 'Fax'),
    rutRepresentante: exacta(page, 'Rut *'),
    nombreRepresentante: exacta(page, 'Nombre'),
    celularRepresentante: exacta(page, 'Celular *'),
    emailRepresentante: exacta(page, 'Email *'),
    clave: page.getByLabel(/^Clave CS/),
    repetir: page.getByLabel(/^Repetir Clave CS/),
    crear: page.getByRole('button', { name: 'Crear Cuenta' }),
    exito: page.getByRole('dialog', { name: 'Éxito' }),
  };
}

async function llenarRegistro(page: Page, d: { rut: string; representante: string; email: string }) {
  const c = registro(page);
  await c.rutEmpresa.fill(d.rut);
  await c.pregunta.selectOption('nombre_mascota');
  await c.respuesta.fill('Cachupín');
  await c.region.selectOption('13');
  await c.comuna.selectOption({ label: 'Santiago' });
  await c.direccion.fill('Huérfanos');
  await c.numero.fill('1273');
  await c.email.fill(d.email);
  await c.telefono.fill('226001122');
  await c.rutRepresentante.fill(d.representante);
  await c.celularRepresentante.fill('91234567');
  await c.emailRepresentante.fill(emailUnico('rl'));
  await c.clave.fill('Pehuen2026');
  await c.repetir.fill('Pehuen2026');
  await llenarCaptcha(page);
}

test.describe('Registrar Persona Jurídica', () => {
  test('registro completo: la razón social y el nombre del representante vienen de los registros', async ({ page, api }, info) => {
    const empresa = empresaSinCuenta(10, info.retry);
    const email = emailUnico('registro-empresa');
    await abrirPagina(page, '/juridica/registro');
    await expect(page).toHaveTitle('Registrar Persona Jurídica - Sistema Clave Sence');
    const c = registro(page);
    // The order of the guide: company, address, contact, representative, CS.
    const leyendas = page.locator('form legend');
    await expect(leyendas).toHaveText([
      'Información de Registro de Empresa',
      'Dirección de Empresa',
      'Datos de Contacto',
      'Información de Registro de Representante Legal',
      'Clave Sence',
      'Validación de seguridad anti-Robots',
    ]);
    await llenarRegistro(page, { rut: empresa.rut.replace(/\./g, ''), representante: empresa.representantes[0], email });
    await c.razonSocial.fill('Escrita a mano');
    await c.nombreRepresentante.fill('Otro nombre');
    await c.crear.click();
    await expect(c.exito).toBeVisible();
    await expect(c.exito).toContainText(enmascarar(email));
    expect(api.count('registrar')).toBe(1);

    const bienvenida = await waitForEmail(email, 'Bienvenido');
    expect(bienvenida.text).toContain(empresa.razonSocial);
    await aceptarExito(page);

    // The company logs in with its RUT and sees the registries' names.
    await ingresarCon(page, empresa.rut, 'Pehuen2026');
    await expect(page).toHaveURL(/\/mi-cuenta$/);
    const datos = page.locator('dl.datos-cuenta');
    await expect(datos).toContainText('Razón Social');
    await expect(datos).toContainText(empresa.razonSocial);
    await expect(datos).toContainText(empresa.rut);
    await expect(page.locator('ul.representantes')).toContainText(nombreDe(empresa.representantes[0]));
    await expect(page.getByRole('link', { name: 'Cambiar CS' })).toHaveAttribute('href', '/juridica/cambiar');
    await expect(page.getByRole('link', { name: 'Actualizar datos' })).toHaveAttribute('href', '/juridica/actualizar');
  });

  test('empresa no vigente en el SII: mensaje en el RUT Empresa y nada creado', async ({ page }) => {
    await abrirPagina(page, '/juridica/registro');
    await llenarRegistro(page, { rut: '77.777.777-7', representante: APRENDE.otroRepresentante, email: emailUnico('cerrada') });
    await registro(page).crear.click();
    await expectErrorEn(page, registro(page).rutEmpresa, /Servicio de Impuestos Internos \(SII\) no registra una empresa vigente/);
    await expect(registro(page).exito).toHaveCount(0);
  });

  test('representante de otra empresa: mensaje en el Rut del representante', async ({ page }, info) => {
    const empresa = empresaSinCuenta(11, info.retry);
    await abrirPagina(page, '/juridica/registro');
    await llenarRegistro(page, { rut: empresa.rut, representante: CAPSUR.representante, email: emailUnico('otra') });
    await registro(page).crear.click();
    await expectErrorEn(page, registro(page).rutRepresentante, NO_ES_REPRESENTANTE);
  });

  test('empresa ya registrada: mensaje claro con el enlace a recuperar su CS', async ({ page }) => {
    await abrirPagina(page, '/juridica/registro');
    await llenarRegistro(page, { rut: CAPSUR.rut, representante: CAPSUR.representante, email: emailUnico('dup') });
    await registro(page).crear.click();
    await expectErrorEn(page, registro(page).rutEmpresa, /ya tiene una Clave Sence/);
    await expect(page.getByRole('link', { name: 'Recuperar CS aquí' })).toHaveAttribute('href', '/juridica/recuperar');
  });
});

// ---------------------------------------------------------------- J2 Recuperar

function recuperacion(page: Page) {
  const rut = exacta(page, 'Rut *');
  const representante = page.getByLabel(/^Rut Representante Legal/);
  const serie = page.getByLabel('Número de serie cédula de identidad');
  return {
    rut,
    validarRut: page.locator('.paso').filter({ has: rut }).getByRole('button'),
    respuesta: page.getByLabel(/^Respuesta Secreta/),
    noRecuerdo: page.getByLabel('No recuerdo la respuesta a mi pregunta secreta'),
    representante,
    validarRepresentante: page.locator('.paso').filter({ has: representante }).getByRole('button'),
    serie,
    validarSerie: page.locator('.paso').filter({ has: serie }).getByRole('button'),
    emailEnmascarado: page.locator('.email-enmascarado'),
    si: page.getByRole('radio', { name: 'SI', exact: true }),
    no: page.getByRole('radio', { name: 'NO', exact: true }),
    emailActual: page.getByLabel(/^Email Actual/),
    celularActual: page.getByLabel(/^Celular Actual/),
    recuperar: page.getByRole('button', { name: 'Recuperar Clave' }),
    exito: page.getByRole('dialog', { name: 'Éxito' }),
  };
}

async function abrirRecuperar(page: Page) {
  await abrirPagina(page, '/juridica/recuperar');
  await expect(page).toHaveTitle('Recuperar CS Persona Jurídica - Sistema Clave Sence');
  await expect(page.getByText('Debe ingresar en primera instancia el Rut de la Persona Jurídica')).toBeVisible();
  const c = recuperacion(page);
  await expect(c.validarRut).toBeEnabled();
  return c;
}

/** Up to the masked email: RUT, (no question or "No recuerdo"), representative, serial. */
async function hastaElEmail(page: Page, empresa: { rut: string; representante: string; serie: string }, conPregunta: boolean) {
  const c = recuperacion(page);
  await c.rut.fill(empresa.rut);
  await c.validarRut.click();
  if (conPregunta) await c.noRecuerdo.click();
  await expect(c.representante).toBeFocused();
  await expect(c.serie).toHaveCount(0);
  await c.representante.fill(empresa.representante);
  await c.validarRepresentante.click();
  await expect(c.serie).toBeFocused();
  await expect(c.representante).toBeDisabled();
  await c.serie.fill(empresa.serie);
  await c.validarSerie.click();
}

test.describe('Recuperar CS Persona Jurídica', () => {
  test('3.3 con la respuesta secreta: CS al e-Mail de la Empresa y SMS al representante', async ({ page }, info) => {
    const empresa = await crearEmpresa(1, info.retry);
    const c = await abrirRecuperar(page);
    await c.rut.fill(empresa.rut);
    await c.validarRut.click();
    await expect(page.getByRole('group', { name: /^Pregunta Secreta/ })).toHaveAccessibleName(
      'Pregunta Secreta NOMBRE DE MI MASCOTA',
    );
    await expect(c.representante).toHaveCount(0);
    await c.respuesta.fill('cachupin');
    await llenarCaptcha(page);
    await c.recuperar.click();
    await expect(c.exito.getByRole('listitem')).toHaveText([LINEA_SMS, LINEA_EMAIL_EMPRESA]);

    const correo = await waitForEmail(empresa.email, ASUNTO_CLAVE_PROVISORIA);
    expect(correo.text).toContain(`${empresa.nombre.toUpperCase()}, su Clave Sence es: `);
    expect(correo.text).toContain('/juridica/cambiar');
    const provisoria = claveEnCorreo(correo);
    const [sms] = await waitForSms(empresa.celular!);
    expect(sms.text).toContain(provisoria);
    await aceptarExito(page);

    // The old CS no longer works; the provisional one must be changed first.
    await ingresarCon(page, empresa.rut, empresa.clave);
    await expect(alertaGeneral(page)).toContainText(MENSAJE_CREDENCIALES);
    await ingresarCon(page, empresa.rut, provisoria);
    await expect(page.getByText('Está usando una Clave Sence provisoria. Debe cambiarla antes de continuar.')).toBeVisible();
  });

  test('3.2 olvidó la respuesta (SI): representante legal, su número de serie y el email de la empresa', async ({
    page,
    api,
  }, info) => {
    const empresa = await crearEmpresa(2, info.retry);
    await abrirRecuperar(page);
    await hastaElEmail(page, { rut: empresa.rut, representante: empresa.representante, serie: empresa.serieRepresentante }, true);
    const c = recuperacion(page);
    await expect(c.emailEnmascarado).toHaveText(enmascarar(empresa.email));
    await c.si.check();
    await llenarCaptcha(page);
    await c.recuperar.click();
    await expect(c.exito.getByRole('listitem')).toHaveText([LINEA_SMS, LINEA_EMAIL_EMPRESA]);
    expect(api.count('recuperar_probar')).toBe(2);
    await waitForEmail(empresa.email, ASUNTO_CLAVE_PROVISORIA);
  });

  test('3.2 email no actualizado (NO): solo se pide el Email Actual, que reemplaza al de la empresa', async ({ page }, info) => {
    const empresa = await crearEmpresa(3, info.retry);
    await abrirRecuperar(page);
    await hastaElEmail(page, { rut: empresa.rut, representante: empresa.representante, serie: empresa.serieRepresentante }, true);
    const c = recuperacion(page);
    await c.no.check();
    await expect(c.emailActual).toBeVisible();
    await expect(c.celularActual).toHaveCount(0);
    const nuevo = emailUnico('empresa-nueva');
    await c.emailActual.fill(nuevo);
    await llenarCaptcha(page);
    await c.recuperar.click();
    await expect(c.exito.getByRole('listitem')).toHaveText([LINEA_SMS, LINEA_EMAIL_EMPRESA]);
    const correo = await waitForEmail(nuevo, ASUNTO_CLAVE_PROVISORIA);
    expect(claveEnCorreo(correo)).toMatch(/^[A-Z0-9]{8}$/);
    const aviso = await waitForEmail(empresa.email, ASUNTO_CAMBIO_CONTACTO);
    expect(aviso.text).toContain('un nuevo e-mail');
    expect(aviso.text).not.toContain('celular');
  });

  test('3.1 sin pregunta secreta: el Rut Representante Legal aparece tras el Rut', async ({ page }, info) => {
    const empresa = await crearEmpresa(4, info.retry, { conPregunta: false });
    await abrirRecuperar(page);
    await hastaElEmail(page, { rut: empresa.rut, representante: empresa.representante, serie: empresa.serieRepresentante }, false);
    const c = recuperacion(page);
    await expect(c.noRecuerdo).toHaveCount(0);
    await c.si.check();
    await llenarCaptcha(page);
    await c.recuperar.click();
    await expect(c.exito).toBeVisible();
    await waitForEmail(empresa.email, ASUNTO_CLAVE_PROVISORIA);
  });

  test('representante de otra empresa: mensaje en su campo y nada enviado', async ({ page }) => {
    const c = await abrirRecuperar(page);
    await c.rut.fill(APRENDE.rut);
    await c.validarRut.click();
    await c.representante.fill(CAPSUR.representante);
    await c.validarRepresentante.click();
    await expectErrorEn(page, c.representante, NO_ES_REPRESENTANTE);
    await expect(c.serie).toHaveCount(0);
    // Any current representative per the SII will do: Pedro is not on file but represents it.
    await c.representante.fill(APRENDE.otroRepresentante);
    await c.validarRepresentante.click();
    await expect(c.serie).toBeFocused();
    expect(mensajesEncolados(APRENDE.email)).toBe(0);
  });

  test('número de serie incorrecto: el del representante, no el de otra persona', async ({ page }) => {
    const c = await abrirRecuperar(page);
    await c.rut.fill(APRENDE.rut);
    await c.validarRut.click();
    await c.representante.fill(APRENDE.otroRepresentante);
    await c.validarRepresentante.click();
    // María's card does not prove Pedro.
    await c.serie.fill(APRENDE.serieRepresentante);
    await c.validarSerie.click();
    await expectErrorEn(page, c.serie, 'El número de serie no corresponde a su cédula de identidad vigente.');
    await expect(c.emailEnmascarado).toHaveCount(0);
    await c.serie.fill(APRENDE.serieOtroRepresentante);
    await c.validarSerie.click();
    await expect(c.emailEnmascarado).toHaveText(enmascarar(APRENDE.email));
  });

  test('cinco respuestas incorrectas terminan el trámite', async ({ page }, info) => {
    const empresa = await crearEmpresa(5, info.retry);
    const c = await abrirRecuperar(page);
    await c.rut.fill(empresa.rut);
    await c.validarRut.click();
    for (let i = 0; i < 4; i++) {
      await c.respuesta.fill('Firulais');
      await llenarCaptcha(page);
      await c.recuperar.click();
      await expectErrorEn(page, c.respuesta, 'La respuesta secreta no es correcta.');
    }
    // The fifth ends the flow: the page says so at once and offers to start over.
    await c.respuesta.fill('Firulais');
    await llenarCaptcha(page);
    await c.recuperar.click();
    await expect(alertaGeneral(page)).toContainText('Superó el número de intentos permitidos.');
    await expect(alertaGeneral(page).getByRole('button', { name: 'Comenzar nuevamente' })).toBeVisible();
    expect(mensajesEncolados(empresa.email)).toBe(1); // only the welcome
  });
});

// ---------------------------------------------------------------- J3 Cambiar

function cambio(page: Page) {
  return {
    rutEmpresa: page.getByLabel(/^Rut Empresa/),
    rutRepresentante: page.getByLabel(/^Rut Representante Legal/),
    claveActual: page.getByLabel(/^CS Actual/),
    validar: page.getByRole('button', { name: 'Validar' }),
    nueva: page.getByLabel(/^CS Nueva/),
    repetir: page.getByLabel(/^Repetir CS Nueva/),
    cambiar: page.getByRole('button', { name: 'Cambiar Clave' }),
    exito: page.getByRole('dialog', { name: 'Éxito' }),
  };
}

test.describe('Cambiar CS Persona Jurídica', () => {
  test('con cualquier representante vigente: CS nueva, avisos, y la CS anterior ya no sirve', async ({ page }, info) => {
    const empresa = await crearEmpresa(6, info.retry);
    await abrirPagina(page, '/juridica/cambiar');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('CAMBIAR CS (CLAVE SENCE) PERSONA JURÍDICA');
    await expect(page.getByRole('link', { name: 'aquí para recuperar su CS' })).toHaveAttribute('href', '/juridica/recuperar');
    const c = cambio(page);
    await c.rutEmpresa.fill(empresa.rut);
    // The other representative the SII lists, not the one who registered the company.
    await c.rutRepresentante.fill(empresa.otroRepresentante);
    await c.claveActual.fill(empresa.clave);
    await c.validar.click();
    await expect(c.nueva).toBeFocused();
    await c.nueva.fill('Alerce2026');
    await c.repetir.fill('Alerce2026');
    await llenarCaptcha(page);
    await c.cambiar.click();
    await expect(c.exito).toContainText('Su Clave Sence (CS) ha sido cambiada correctamente.');
    await waitForEmail(empresa.email, ASUNTO_CAMBIO_CLAVE);
    await aceptarExito(page);

    await ingresarCon(page, empresa.rut, empresa.clave);
    await expect(alertaGeneral(page)).toContainText(MENSAJE_CREDENCIALES);
    await ingresarCon(page, empresa.rut, 'Alerce2026');
    await expect(page).toHaveURL(/\/mi-cuenta$/);
  });

  test('quien no representa a la empresa: mensaje en el Rut Representante Legal', async ({ page }) => {
    await abrirPagina(page, '/juridica/cambiar');
    const c = cambio(page);
    await c.rutEmpresa.fill(CAPSUR.rut);
    await c.rutRepresentante.fill(APRENDE.representante);
    await c.claveActual.fill(CAPSUR.clave);
    await c.validar.click();
    await expectErrorEn(page, c.rutRepresentante, NO_ES_REPRESENTANTE);
    await expect(c.nueva).toHaveCount(0);
  });
});

// ---------------------------------------------------------------- J4 Actualizar datos

test.describe('Actualizar datos Persona Jurídica', () => {
  test('datos de contacto, dirección y representantes legales, con avisos al email anterior y al nuevo', async ({
    page,
  }, info) => {
    const empresa = await crearEmpresa(7, info.retry);
    await abrirPagina(page, '/juridica/actualizar');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('ACTUALIZAR DATOS PERSONA JURÍDICA');
    await page.getByLabel(/^Rut Empresa/).fill(empresa.rut);
    await page.getByLabel(/^Rut Representante Legal/).fill(empresa.representante);
    await page.getByLabel(/^Clave Sence/).fill(empresa.clave);
    await page.getByRole('button', { name: 'Validar' }).first().click();
    await page.getByLabel(/^Respuesta Secreta/).fill(empresa.respuesta!);
    await page.locator('.paso').filter({ has: page.getByLabel(/^Respuesta Secreta/) }).getByRole('button').click();

    const email = page.getByLabel(/^Email de Contacto de Empresa/);
    await expect(email).toHaveValue(empresa.email);
    await expect(page.getByLabel(/^Comuna/)).toHaveValue('13101');
    const lista = page.locator('ul.representantes');
    await expect(lista).toContainText(nombreDe(empresa.representante));

    // One of another company is refused at once.
    await exacta(page, 'Rut *').fill(CAPSUR.representante);
    await exacta(page, 'Celular *').fill('95554433');
    await exacta(page, 'Email *').fill(emailUnico('rl-otra'));
    await page.getByRole('button', { name: 'Agregar' }).click();
    await expectErrorEn(page, exacta(page, 'Rut *'), NO_ES_REPRESENTANTE);
    // The other representative the SII lists is added with the Registro Civil's name.
    await exacta(page, 'Rut *').fill(empresa.otroRepresentante);
    await page.getByRole('button', { name: 'Agregar' }).click();
    await expect(lista).toContainText(nombreDe(empresa.otroRepresentante));
    await expect(exacta(page, 'Rut *')).toHaveValue('');
    await page.getByRole('button', { name: `Quitar a ${nombreDe(empresa.representante)}` }).click();
    await expect(lista).not.toContainText(nombreDe(empresa.representante));

    const nuevo = emailUnico('empresa-actualizada');
    await email.fill(nuevo);
    await page.getByLabel(/^Comuna/).selectOption({ label: 'Providencia' });
    await llenarCaptcha(page);
    await page.getByRole('button', { name: 'Actualizar datos' }).click();
    await expect(page.getByRole('dialog', { name: 'Éxito' })).toContainText('Sus datos han sido actualizados correctamente.');
    await waitForEmail(empresa.email, ASUNTO_ACTUALIZACION);
    await waitForEmail(nuevo, ASUNTO_ACTUALIZACION);
    await aceptarExito(page);

    // Mi cuenta shows the new representatives, their contact data masked.
    await ingresarCon(page, empresa.rut, empresa.clave);
    const representantes = page.locator('ul.representantes');
    await expect(representantes).toContainText(nombreDe(empresa.otroRepresentante));
    await expect(representantes).not.toContainText(nombreDe(empresa.representante));
    await expect(representantes).toContainText('+56 9 xxxx 4433');
    await expect(page.locator('dl.datos-cuenta')).toContainText(enmascarar(nuevo));
  });
});

// ---------------------------------------------------------------- Ingresar

test.describe('Ingresar Persona Jurídica', () => {
  test('la empresa ingresa con su Rut y CS; cinco CS incorrectas la bloquean', async ({ page }, info) => {
    await ingresarCon(page, CAPSUR.rut, CAPSUR.clave);
    await expect(page).toHaveURL(/\/mi-cuenta$/);
    await expect(page.locator('dl.datos-cuenta')).toContainText(CAPSUR.razonSocial);
    await expect(page.locator('dl.datos-cuenta')).not.toContainText(CAPSUR.email);
    await page.getByRole('button', { name: 'Salir' }).click();
    await expect(page).toHaveURL(INICIO);

    const empresa = await crearEmpresa(8, info.retry);
    for (let i = 0; i < 4; i++) {
      await ingresarCon(page, empresa.rut, 'Otra12345');
      await expect(alertaGeneral(page)).toContainText(MENSAJE_CREDENCIALES);
    }
    await ingresarCon(page, empresa.rut, 'Otra12345');
    await expect(alertaGeneral(page)).toContainText('bloqueada temporalmente');
    await ingresarCon(page, empresa.rut, empresa.clave);
    await expect(alertaGeneral(page)).toContainText('bloqueada temporalmente');
    await expect(alertaGeneral(page).getByRole('link', { name: 'Recuperar CS de Persona Jurídica aquí' })).toHaveAttribute(
      'href',
      '/juridica/recuperar',
    );
  });
});
