// "INGRESAR" with the CS and "MI CUENTA" (SPEC: Logging in with the CS): the session, `Salir`,
// the failure messages, the temporary lock after repeated wrong CS and its lifting by a
// recovery. Against the real server and the SMTP sink.

import type { Page } from '@playwright/test';
import {
  test,
  expect,
  abrirPagina,
  alertaGeneral,
  ASUNTO_BLOQUEO,
  CAPTCHA,
  claveProvisoria,
  crearCuenta,
  enmascarar,
  expectErrorEn,
  ingresarCon,
  JUAN,
  MENSAJE_CREDENCIALES,
  MENSAJE_SIN_SESION,
  waitForEmail,
  INICIO,
} from '../support/fixtures';

const MENSAJE_BLOQUEO =
  'Su cuenta está bloqueada temporalmente por intentos fallidos. Espere 1 minuto(s) e intente nuevamente, o recupere su CS.';

function campos(page: Page) {
  return {
    rut: page.getByLabel(/^Rut/),
    clave: page.getByLabel(/^Clave Sence/),
    ingresar: page.getByRole('button', { name: 'Ingresar', exact: true }),
    datos: page.locator('dl.datos-cuenta'),
    salir: page.getByRole('button', { name: 'Salir' }),
  };
}

/** One login attempt, waiting for the server's answer (the messages repeat themselves). */
async function intentar(page: Page, rut: string, clave: string): Promise<number> {
  const respuesta = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/ingresar');
  await ingresarCon(page, rut, clave);
  return (await respuesta).status();
}

/** The value shown for `dato` (Nombre, Rut, Email, Celular) in Mi cuenta. */
const dato = (page: Page, nombre: string) =>
  page.locator('dl.datos-cuenta dt', { hasText: new RegExp(`^${nombre}$`) }).locator('xpath=following-sibling::dd[1]');

test.describe('Ingresar', () => {
  test('ingreso correcto: Mi cuenta muestra los datos enmascarados; Salir termina la sesión', async ({ page, context }) => {
    // Without a session, Mi cuenta says so.
    await abrirPagina(page, '/mi-cuenta');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('MI CUENTA');
    await expect(page.getByText(MENSAJE_SIN_SESION)).toBeVisible();
    await expect(page.locator('dl.datos-cuenta')).toHaveCount(0);

    await page.getByRole('banner').getByRole('link', { name: 'Ingresar' }).click();
    await expect(page).toHaveURL(/\/ingresar$/);
    await expect(page).toHaveTitle('Ingresar - Sistema Clave Sence');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('INGRESAR');

    const c = campos(page);
    await c.rut.fill('111111111');
    await c.clave.fill(JUAN.clave);
    await c.clave.press('Enter');
    await expect(page).toHaveURL(/\/mi-cuenta$/);
    await expect(page).toHaveTitle('Mi cuenta - Sistema Clave Sence');
    await expect(dato(page, 'Nombre')).toHaveText(JUAN.nombre);
    await expect(dato(page, 'Rut')).toHaveText(JUAN.rut);
    await expect(dato(page, 'Email')).toHaveText(enmascarar(JUAN.email));
    await expect(dato(page, 'Celular')).toHaveText('+56 9 xxxx 4321');
    await expect(page.getByRole('main')).not.toContainText(JUAN.email);
    await expect(page.getByRole('main').getByRole('link', { name: 'Cambiar CS' })).toHaveAttribute('href', '/natural/cambiar');
    await expect(page.getByRole('main').getByRole('link', { name: 'Actualizar datos' })).toHaveAttribute(
      'href',
      '/natural/actualizar',
    );
    // The session cookie is not readable by scripts.
    const cookie = (await context.cookies()).find((k) => k.name === 'cs_sesion');
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe('Lax');

    // The session survives a reload.
    await abrirPagina(page, '/mi-cuenta');
    await expect(dato(page, 'Nombre')).toHaveText(JUAN.nombre);

    await c.salir.click();
    await expect(page).toHaveURL(INICIO);
    await abrirPagina(page, '/mi-cuenta');
    await expect(page.getByText(MENSAJE_SIN_SESION)).toBeVisible();
    await expect(page.getByText(JUAN.nombre)).toHaveCount(0);
    await expect(page.getByRole('main').getByRole('link', { name: 'Ingresar' })).toHaveAttribute('href', '/ingresar');

    // The old cookie, sent again, opens nothing.
    if (cookie) await context.addCookies([cookie]);
    await abrirPagina(page, '/mi-cuenta');
    await expect(page.getByText(MENSAJE_SIN_SESION)).toBeVisible();
  });

  test('RUT sin cuenta y CS incorrecta dan el mismo mensaje; los errores de formato no llegan al servidor', async ({
    page,
    api,
  }) => {
    const c = campos(page);
    await abrirPagina(page, '/ingresar');

    await c.rut.fill('11.111.111-2');
    await c.clave.fill(JUAN.clave);
    await c.ingresar.click();
    await expectErrorEn(page, c.rut, 'El dígito verificador del RUT no es válido.');
    await c.rut.fill(JUAN.rut);
    await c.clave.fill('');
    await c.ingresar.click();
    await expectErrorEn(page, c.clave, 'Ingrese su Clave Sence.');
    await expect(c.clave).toBeFocused();
    expect(api.count('ingresar')).toBe(0);

    expect(await intentar(page, '13.579.246-2', JUAN.clave)).toBe(401);
    const alerta = alertaGeneral(page);
    await expect(alerta).toContainText(MENSAJE_CREDENCIALES);
    const sinCuenta = await alerta.innerText();
    await expect(alerta.getByRole('link', { name: 'Recuperar CS aquí' })).toHaveAttribute('href', '/natural/recuperar');

    // The CS is case-sensitive.
    expect(await intentar(page, JUAN.rut, JUAN.clave.toLowerCase())).toBe(401);
    await expect(alerta).toContainText(MENSAJE_CREDENCIALES);
    expect(await alerta.innerText()).toBe(sinCuenta);
    await expect(c.clave).toHaveValue('');
    await expect(c.clave).toBeFocused();
    await expect(c.rut).toHaveValue(JUAN.rut);
    await expect(page).toHaveURL(/\/ingresar$/);

    // The right CS still works (and clears the count of failures).
    await c.clave.fill(JUAN.clave);
    await c.ingresar.click();
    await expect(page).toHaveURL(/\/mi-cuenta$/);
    await expect(dato(page, 'Nombre')).toHaveText(JUAN.nombre);
    await c.salir.click();
    await expect(page).toHaveURL(INICIO);
  });

  test('5 CS incorrectas bloquean la cuenta, se avisa por email, y una recuperación la desbloquea', async ({ page }, info) => {
    const cuenta = await crearCuenta(14, info.retry);
    await abrirPagina(page, '/ingresar');
    const alerta = alertaGeneral(page);
    for (let i = 1; i <= 4; i++) {
      expect(await intentar(page, cuenta.rut, `Quillay${i}0`)).toBe(401);
      await expect(alerta).toContainText(MENSAJE_CREDENCIALES);
    }
    expect(await intentar(page, cuenta.rut, 'Quillay50')).toBe(423);
    await expect(alerta).toContainText(MENSAJE_BLOQUEO);
    await expect(alerta).toContainText('bloqueada temporalmente');
    const recuperar = alerta.getByRole('link', { name: 'Recuperar CS aquí' });
    await expect(recuperar).toHaveAttribute('href', '/natural/recuperar');

    const aviso = await waitForEmail(cuenta.email, ASUNTO_BLOQUEO);
    expect(aviso.text).toContain(`${cuenta.nombre}, se registraron varios intentos fallidos de ingreso con su Rut`);
    expect(aviso.text).toContain('bloqueada durante 1 minuto(s)');

    // While locked, even the right CS is refused.
    expect(await intentar(page, cuenta.rut, cuenta.clave)).toBe(423);
    await expect(alerta).toContainText('bloqueada temporalmente');
    await expect(page).toHaveURL(/\/ingresar$/);

    // Recovering the CS (3.3) lifts the lock.
    await recuperar.click();
    await expect(page).toHaveURL(/\/natural\/recuperar$/);
    const rut = page.getByLabel(/^Rut/);
    const validar = page.locator('.paso').filter({ has: rut }).getByRole('button');
    await expect(validar).toBeEnabled();
    await rut.fill(cuenta.rut);
    await validar.click();
    await page.getByLabel(/^Respuesta Secreta/).fill(cuenta.respuesta!);
    await expect(page.getByRole('img', { name: /^Imagen de seguridad/ })).toBeVisible();
    await page.getByLabel(/^Captcha/).fill(CAPTCHA);
    await page.getByRole('button', { name: 'Recuperar Clave' }).click();
    await expect(page.getByRole('dialog', { name: 'Éxito' })).toBeVisible();
    const provisoria = await claveProvisoria(cuenta.email);

    await abrirPagina(page, '/ingresar');
    expect(await intentar(page, cuenta.rut, provisoria)).toBe(200);
    await expect(page).toHaveURL(/\/mi-cuenta$/);
    await expect(page.getByText('Está usando una Clave Sence provisoria. Debe cambiarla antes de continuar.')).toBeVisible();
  });
});

test.describe('Ingresar antes de que cargue el código de la página', () => {
  test.use({ javaScriptEnabled: false });

  test('el formulario se envía por POST: el error vuelve a la página, el ingreso lleva a Mi cuenta; la CS nunca en una URL', async ({
    page,
    context,
  }, info) => {
    const cuenta = await crearCuenta(15, info.retry);
    const urls: string[] = [];
    page.on('request', (r) => urls.push(`${r.method()} ${r.url()}`));
    const res = await page.goto('/ingresar');
    expect(res?.status()).toBe(200);
    const c = campos(page);

    // A wrong CS: the same page, the general message, the RUT field ready again.
    await c.rut.fill(cuenta.rut);
    await c.clave.fill('Quillay27');
    await c.ingresar.click();
    await expect(page).toHaveURL(/\/ingresar\?/);
    await expect(alertaGeneral(page)).toContainText(MENSAJE_CREDENCIALES);
    await expect(c.ingresar).toBeEnabled();

    // Empty fields: the message at the field, from the server.
    await c.ingresar.click();
    await expectErrorEn(page, c.rut, 'Ingrese el RUT.');

    await c.rut.fill(cuenta.rut);
    await c.clave.fill(cuenta.clave);
    await c.ingresar.click();
    await expect(page).toHaveURL(/\/mi-cuenta$/);
    expect((await context.cookies()).some((k) => k.httpOnly)).toBe(true);
    // The server rendered the account: no code needed to see it.
    await expect(dato(page, 'Nombre')).toHaveText(cuenta.nombre);
    await expect(dato(page, 'Rut')).toHaveText(cuenta.rut);

    // Salir is a form too: the session ends and the browser goes home.
    await c.salir.click();
    await expect(page).toHaveURL(INICIO);
    await page.goto('/mi-cuenta');
    await expect(page.getByText(MENSAJE_SIN_SESION)).toBeVisible();

    expect(urls.filter((u) => u.includes('/api/ingresar')).every((u) => u.startsWith('POST '))).toBe(true);
    expect(urls.filter((u) => u.includes('Quillay') || u.includes(encodeURIComponent(cuenta.clave)))).toEqual([]);
  });
});
