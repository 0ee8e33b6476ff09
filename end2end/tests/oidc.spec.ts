// A SENCE platform logs people and companies in with their CS (issue 9): a relying party built
// on the certified `openid-client` library (end2end/support/rp.mjs) sends the browser to the
// real `Ingresar` page, which names the platform; after the login the platform holds a
// verified ID token and the userinfo claims. A live session is reused; logout ends it.

import { test, expect, ingresarCon, waitForHydration, JUAN, CAPSUR } from '../support/fixtures';

const RP = `http://127.0.0.1:${process.env.E2E_RP_PORT ?? '3190'}`;
const RETORNO = new RegExp(`^${RP.replace(/\./g, '\\.')}/retorno\\?`);

const cuentas = [
  { tipo: 'natural', rut: JUAN.rut, normalizado: '11111111-1', clave: JUAN.clave, nombre: JUAN.nombre, email: JUAN.email },
  {
    tipo: 'juridica',
    rut: CAPSUR.rut,
    normalizado: '76086428-5',
    clave: CAPSUR.clave,
    nombre: CAPSUR.razonSocial,
    email: CAPSUR.email,
  },
];

test.describe('Ingresar desde una plataforma SENCE (OpenID Connect)', () => {
  test('una solicitud desconocida no nombra plataforma alguna', async ({ page }) => {
    const consulta = page.waitForRequest((r) => new URL(r.url()).pathname === '/api/plataforma_solicitante');
    await page.goto('/ingresar?solicitud=desconocida');
    await waitForHydration(page);
    // The server found nothing, and neither does the page's own question.
    await consulta;
    await expect(page.getByRole('heading', { name: 'INGRESAR' })).toBeVisible();
    await expect(page.locator('#plataforma-solicitante')).toHaveCount(0);
  });

  test('el aviso de la plataforma vuelve con Ingresar al regresar desde otra página de la app', async ({ page }) => {
    await page.goto(`${RP}/login`);
    await expect(page).toHaveURL(/\/ingresar\?solicitud=[\w-]+$/);
    await waitForHydration(page);
    await expect(page.locator('#plataforma-solicitante')).toContainText('Plataforma de Prueba');
    // To another page in the app and back: the page is built in the browser this time, so it
    // asks the server for the platform's name.
    await page.getByLabel('Ingresar como facilitador extranjero (sin RUT)').check();
    await page.getByRole('link', { name: 'Recuperar CS de facilitador extranjero' }).click();
    await expect(page).toHaveURL(/\/facilitador\/recuperar$/);
    const consulta = page.waitForRequest((r) => new URL(r.url()).pathname === '/api/plataforma_solicitante');
    await page.goBack();
    await consulta;
    await expect(page).toHaveURL(/\/ingresar\?solicitud=[\w-]+$/);
    await expect(page.locator('#plataforma-solicitante')).toContainText('Plataforma de Prueba');
  });

  for (const cuenta of cuentas) {
    test(`cuenta ${cuenta.tipo}: la plataforma recibe el ID token y userinfo; la sesión se reutiliza y Salir la termina`, async ({
      page,
    }) => {
      await page.goto(`${RP}/login`);
      await expect(page).toHaveURL(/\/ingresar\?solicitud=[\w-]+$/);
      await waitForHydration(page);
      await expect(page.locator('#plataforma-solicitante')).toContainText('Plataforma de Prueba');

      await ingresarCon(page, cuenta.rut, cuenta.clave);
      await expect(page).toHaveURL(RETORNO);
      const claims = JSON.parse(await page.locator('#claims').innerText());
      expect(claims.name).toBe(cuenta.nombre);
      expect(claims.email).toBe(cuenta.email);
      expect(claims.sub).not.toContain(cuenta.normalizado.split('-')[0]);
      const info = JSON.parse(await page.locator('#userinfo').innerText());
      expect(info).toMatchObject({ sub: claims.sub, rut: cuenta.normalizado, tipo_cuenta: cuenta.tipo, name: cuenta.nombre });

      // The session here is reused: straight back to the platform, same subject.
      await page.goto(`${RP}/login`);
      await expect(page).toHaveURL(RETORNO);
      expect(JSON.parse(await page.locator('#claims').innerText()).sub).toBe(claims.sub);

      // prompt=login asks for the CS again.
      await page.goto(`${RP}/login?prompt=login`);
      await expect(page).toHaveURL(/\/ingresar\?solicitud=/);

      // Logout at the platform ends the session here too.
      await page.goto(`${RP}/salir`);
      await expect(page).toHaveURL(`${RP}/adios`);
      await page.goto(`${RP}/login`);
      await expect(page).toHaveURL(/\/ingresar\?solicitud=/);
    });
  }
});
