// J5 "RECUPERAR CS PARA FACILITADOR EXTRANJERO" (guide J §5): a company asks SENCE for a CS for
// a foreign trainer, with the sworn-declaration template downloaded as a real Word document,
// real files uploaded, and each refusal shown at its field.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import type { Page } from '@playwright/test';
import {
  test,
  expect,
  abrirPagina,
  alertaGeneral,
  ASUNTO_CLAVE_PROVISORIA,
  CAPTCHA,
  claveEnCorreo,
  emailsTo,
  crearEmpresa,
  emailUnico,
  expectErrorEn,
  expectSinError,
  expirarFlujos,
  mensajesEncolados,
  sqliteFilas,
  MENSAJE_CREDENCIALES,
  waitForEmail,
  type CuentaEmpresa,
  comenzarNuevamente,
  MENSAJE_EXPIRADO,
} from '../support/fixtures';

const FIXTURES = path.resolve(__dirname, '../fixtures');
/** The demo facilitator (server seed-demo). */
const MARTIN = { pasaporte: 'AB7654321', email: 'martin.olivera@example.com.ar', respuesta: 'Tango' } as const;
const ASUNTO_RECIBIDA = 'Solicitud de Clave Sence para Facilitador Extranjero recibida';
const exacta = (page: Page, etiqueta: string) => page.getByLabel(etiqueta, { exact: true });

/** `Validar Datos`: the company, its representative, its CS and the captcha. */
async function validarEmpresa(page: Page, empresa: CuentaEmpresa, clave = empresa.clave) {
  await abrirPagina(page, '/juridica/facilitador');
  await expect(page.getByRole('heading', { name: 'RECUPERAR CS PARA FACILITADOR EXTRANJERO' })).toBeVisible();
  await exacta(page, 'Rut Empresa *').fill(empresa.rut);
  await exacta(page, 'Rut Representante Legal *').fill(empresa.representante);
  await exacta(page, 'CS Empresa *').fill(clave);
  await expect(page.getByRole('img', { name: /^Imagen de seguridad/ })).toBeVisible();
  await page.getByLabel(/^Captcha/).fill(CAPTCHA);
  await page.getByRole('button', { name: 'Validar' }).click();
}

async function llenarDatos(page: Page, email: string, documento: string) {
  await exacta(page, 'Número de documento de Identificación *').fill(documento);
  await exacta(page, 'Tipo de Documento *').selectOption({ label: 'Pasaporte' });
  await exacta(page, 'Nombres *').fill('Lucía');
  await exacta(page, 'Apellido Paterno *').fill('Fernández');
  await exacta(page, 'Sexo *').selectOption({ label: 'Femenino' });
  await exacta(page, 'Fecha de Nacimiento *').fill('01-12-1992');
  await exacta(page, 'Estado Civil *').selectOption({ label: 'Soltero(a)' });
  await exacta(page, 'Cantidad de Hijos *').fill('0');
  await exacta(page, 'Pais de Origen *').selectOption({ label: 'Argentina' });
  await exacta(page, 'Email *').fill(email);
  await exacta(page, 'Pregunta Secreta *').selectOption({ label: 'NOMBRE DE MI MASCOTA' });
  await exacta(page, 'Respuesta Secreta *').fill('Tango');
}

test.describe('Solicitud de CS para Facilitador Extranjero', () => {
  test('la empresa descarga la plantilla, sube archivos reales y recibe el número de solicitud', async ({ page }, info) => {
    const empresa = await crearEmpresa(12, info.retry);
    await page.goto('/');
    await page.getByRole('link', { name: 'Solicitud de CS para Facilitador Extranjero' }).click();
    await expect(page).toHaveURL(/\/juridica\/facilitador$/);
    await validarEmpresa(page, empresa);

    // The template: a real .docx with the company's name and RUT.
    const descarga = page.waitForEvent('download');
    await page.getByRole('button', { name: /^AQUÍ/ }).click();
    const docx = await descarga;
    expect(docx.suggestedFilename()).toBe('declaracion_jurada_facilitador.docx');
    const ruta = await docx.path();
    const documento = execFileSync('python3', [
      '-c',
      'import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); assert "[Content_Types].xml" in z.namelist(); print(z.read("word/document.xml").decode())',
      ruta!,
    ]).toString();
    expect(documento).toContain('DECLARACIÓN JURADA SIMPLE');
    expect(documento).toContain(empresa.nombre);
    expect(documento).toContain(empresa.rut);

    await exacta(page, 'Subir Solicitud *').setInputFiles(path.join(FIXTURES, 'declaracion.pdf'));
    await expect(page.getByText('Archivo recibido: declaracion.pdf')).toBeVisible();
    const facilitador = emailUnico('facilitador');
    const numeroDocumento = `AR${Date.now().toString().slice(-7)}`;
    await llenarDatos(page, facilitador, numeroDocumento);
    await exacta(page, 'Documento de Identificación *').setInputFiles(path.join(FIXTURES, 'documento.jpg'));
    await expect(page.getByText('Archivo recibido: documento.jpg')).toBeVisible();
    await page.getByRole('button', { name: 'Realizar solicitud' }).click();

    const dialogo = page.getByRole('dialog', { name: 'Solicitud recibida' });
    await expect(dialogo).toBeVisible();
    const numero = /número (\d+)/.exec((await dialogo.textContent()) ?? '')![1];
    for (const destinatario of [empresa.email, facilitador]) {
      const correo = await waitForEmail(destinatario, ASUNTO_RECIBIDA);
      expect(correo.text).toContain(`Número de solicitud: ${numero}`);
    }
    await dialogo.getByRole('button', { name: 'Aceptar' }).click();
    await expect(page.getByRole('heading', { name: 'Sistema Clave Sence' })).toBeVisible();
  });

  test('cada archivo rechazado se informa en su campo, y nada avanza sin el documento', async ({ page }, info) => {
    const empresa = await crearEmpresa(13, info.retry);
    await validarEmpresa(page, empresa, 'Otra12345');
    await expect(alertaGeneral(page)).toContainText(MENSAJE_CREDENCIALES);
    await exacta(page, 'CS Empresa *').fill(empresa.clave);
    await page.getByLabel(/^Captcha/).fill('XXXX');
    await page.getByRole('button', { name: 'Validar' }).click();
    await expectErrorEn(page, page.getByLabel(/^Captcha/), /no coincide con la imagen/);
    await page.getByLabel(/^Captcha/).fill(CAPTCHA);
    await page.getByRole('button', { name: 'Validar' }).click();

    const declaracion = exacta(page, 'Subir Solicitud *');
    await expect(declaracion).toBeVisible();
    const pdf = fs.readFileSync(path.join(FIXTURES, 'declaracion.pdf'));
    const png = fs.readFileSync(path.join(FIXTURES, 'documento.png'));
    const casos: [string, string, Buffer, RegExp][] = [
      ['animacion.gif', 'image/gif', Buffer.from('GIF89a\x01\x00\x01\x00'), /Formato de archivo no permitido/],
      ['grande.pdf', 'application/pdf', Buffer.concat([pdf, Buffer.alloc(1024 * 1024)]), /supera el tamaño máximo permitido de 1 MB/],
      ['declaracion.pdf', 'application/pdf', png, /no corresponde a su contenido/],
      ['declaracion.pdf', 'application/pdf', pdf.subarray(0, Math.floor(pdf.length / 2)), /dañado/],
      ['foto.jpg', 'image/jpeg', Buffer.from('MZ esto es un programa'), /no es una imagen/],
    ];
    for (const [name, mimeType, buffer, mensaje] of casos) {
      await declaracion.setInputFiles({ name, mimeType, buffer });
      await expectErrorEn(page, declaracion, mensaje);
      await expect(page.getByRole('button', { name: 'Realizar solicitud' })).toHaveCount(0);
    }

    await declaracion.setInputFiles(path.join(FIXTURES, 'declaracion.pdf'));
    await expect(page.getByText('Archivo recibido: declaracion.pdf')).toBeVisible();
    await llenarDatos(page, emailUnico('facilitador'), `BR${Date.now().toString().slice(-7)}`);
    await exacta(page, 'Fecha de Nacimiento *').fill('01-12-2015');
    await exacta(page, 'Fecha de Nacimiento *').blur();
    await expectErrorEn(page, exacta(page, 'Fecha de Nacimiento *'), /18 años/);
    await exacta(page, 'Fecha de Nacimiento *').fill('01-12-1992');
    await page.getByRole('button', { name: 'Realizar solicitud' }).click();
    await expectErrorEn(
      page,
      exacta(page, 'Documento de Identificación *'),
      'Adjunte el documento de identificación del facilitador.',
    );
  });

  test('trámite expirado: nada se registra ni se avisa, y "Comenzar nuevamente" vuelve a Validar Datos', async ({ page }, info) => {
    const empresa = await crearEmpresa(14, info.retry);
    const facilitador = emailUnico('facilitador');
    const numeroDocumento = `CL${Date.now().toString().slice(-7)}`;
    const solicitudes = () =>
      sqliteFilas('SELECT COUNT(*) FROM solicitudes_facilitador WHERE numero_documento = ?', [numeroDocumento])[0][0];
    // Every step but the last, files included (they are stored with the flow).
    const completar = async () => {
      await exacta(page, 'Subir Solicitud *').setInputFiles(path.join(FIXTURES, 'declaracion.pdf'));
      await expect(page.getByText('Archivo recibido: declaracion.pdf')).toBeVisible();
      await llenarDatos(page, facilitador, numeroDocumento);
      await exacta(page, 'Documento de Identificación *').setInputFiles(path.join(FIXTURES, 'documento.jpg'));
      await expect(page.getByText('Archivo recibido: documento.jpg')).toBeVisible();
    };
    await validarEmpresa(page, empresa);
    await completar();
    expirarFlujos();
    await page.getByRole('button', { name: 'Realizar solicitud' }).click();

    const alerta = alertaGeneral(page);
    await expect(alerta).toContainText(MENSAJE_EXPIRADO);
    await expect(page.getByRole('dialog', { name: 'Solicitud recibida' })).toHaveCount(0);
    expect(solicitudes()).toBe(0);
    expect(mensajesEncolados(facilitador)).toBe(0);

    await comenzarNuevamente(page);
    await expect(exacta(page, 'Subir Solicitud *')).toHaveCount(0);
    await expect(exacta(page, 'Rut Empresa *')).toBeFocused();
    await expect(exacta(page, 'Rut Empresa *')).toHaveValue(empresa.rut);
    await expect(exacta(page, 'CS Empresa *')).toHaveValue('');

    // The new flow goes through, and the request is counted where the expired one was not.
    await exacta(page, 'CS Empresa *').fill(empresa.clave);
    await expect(page.getByRole('img', { name: /^Imagen de seguridad/ })).toBeVisible();
    await page.getByLabel(/^Captcha/).fill(CAPTCHA);
    await page.getByRole('button', { name: 'Validar' }).click();
    await completar();
    await page.getByRole('button', { name: 'Realizar solicitud' }).click();
    await expect(page.getByRole('dialog', { name: 'Solicitud recibida' })).toBeVisible();
    expect(solicitudes()).toBe(1);
    expect(mensajesEncolados(facilitador)).toBe(1);
  });

  test.describe('desde fuera de Chile', () => {
    test.use({ timezoneId: 'Asia/Tokyo' });

    test('la edad se cuenta en la fecha de Chile, no en la del navegador', async ({ page }, info) => {
      // 02:50 UTC on 6 December 2026: already the 6th in Tokyo, still 23:50 of the 5th in Chile.
      await page.clock.setFixedTime(new Date('2026-12-06T02:50:00Z'));
      const empresa = await crearEmpresa(15, info.retry);
      await validarEmpresa(page, empresa);
      await exacta(page, 'Subir Solicitud *').setInputFiles(path.join(FIXTURES, 'declaracion.pdf'));
      await expect(page.getByText('Archivo recibido: declaracion.pdf')).toBeVisible();
      const fecha = exacta(page, 'Fecha de Nacimiento *');
      // Eighteen on Tokyo's date, seventeen on Chile's.
      await fecha.fill('06-12-2008');
      await fecha.blur();
      await expectErrorEn(page, fecha, 'El facilitador debe ser mayor de edad (18 años cumplidos).');
      await fecha.fill('05-12-2008');
      await fecha.blur();
      await expectSinError(page, fecha);
    });
  });

  test('un facilitador recupera su CS con la respuesta secreta, la cambia e ingresa con su documento', async ({ page }) => {
    await abrirPagina(page, '/facilitador/recuperar');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('RECUPERAR CS (CLAVE SENCE) FACILITADOR EXTRANJERO');
    await expect(page.getByLabel(/^Rut/)).toHaveCount(0);
    await exacta(page, 'Tipo de Documento *').selectOption({ label: 'Pasaporte' });
    await exacta(page, 'Número de documento de Identificación *').fill(MARTIN.pasaporte.toLowerCase());
    await page.getByRole('button', { name: 'Validar' }).click();
    await expect(page.getByText('NOMBRE DE MI MASCOTA')).toBeVisible();
    // Without the answer there is no other proof: the help line (the box does not stay checked).
    await page.getByLabel('No recuerdo la respuesta a mi pregunta secreta').click();
    await expect(alertaGeneral(page)).toContainText('800 80 10 30');

    await abrirPagina(page, '/facilitador/recuperar');
    await exacta(page, 'Tipo de Documento *').selectOption({ label: 'Pasaporte' });
    await exacta(page, 'Número de documento de Identificación *').fill(MARTIN.pasaporte);
    await page.getByRole('button', { name: 'Validar' }).click();
    const antes = (await emailsTo(MARTIN.email)).length;
    await page.getByLabel(/^Respuesta Secreta/).fill(MARTIN.respuesta);
    await expect(page.getByRole('img', { name: /^Imagen de seguridad/ })).toBeVisible();
    await page.getByLabel(/^Captcha/).fill(CAPTCHA);
    await page.getByRole('button', { name: 'Recuperar Clave' }).click();
    await expect(page.getByRole('dialog', { name: 'Éxito' })).toBeVisible();
    await expect.poll(async () => (await emailsTo(MARTIN.email)).length, { timeout: 15_000 }).toBeGreaterThan(antes);
    const provisoria = claveEnCorreo(
      (await emailsTo(MARTIN.email)).filter((m) => m.subject === ASUNTO_CLAVE_PROVISORIA).at(-1)!,
    );

    await abrirPagina(page, '/facilitador/cambiar');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('CAMBIAR CS (CLAVE SENCE) FACILITADOR EXTRANJERO');
    await exacta(page, 'Tipo de Documento *').selectOption({ label: 'Pasaporte' });
    await exacta(page, 'Número de documento de Identificación *').fill(MARTIN.pasaporte);
    await exacta(page, 'CS Actual *').fill(provisoria);
    await page.getByRole('button', { name: 'Validar' }).click();
    const nueva = `Tala${Date.now().toString().slice(-5)}`;
    await exacta(page, 'CS Nueva *').fill(nueva);
    await exacta(page, 'Repetir CS Nueva *').fill(nueva);
    await page.getByLabel(/^Captcha/).fill(CAPTCHA);
    await page.getByRole('button', { name: 'Cambiar Clave' }).click();
    await expect(page.getByRole('dialog', { name: 'Éxito' })).toBeVisible();

    await abrirPagina(page, '/ingresar');
    await page.getByLabel('Ingresar como facilitador extranjero (sin RUT)').check();
    await expect(page.getByLabel(/^Rut/)).toBeHidden();
    await exacta(page, 'Tipo de Documento *').selectOption({ label: 'Pasaporte' });
    await exacta(page, 'Número de documento de Identificación *').fill(MARTIN.pasaporte);
    await page.getByLabel(/^Clave Sence/).fill(nueva);
    await page.getByRole('button', { name: 'Ingresar', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('MI CUENTA');
    await expect(page.getByText('Martín Olivera')).toBeVisible();
    await expect(page.getByText('Pasaporte AB7654321')).toBeVisible();
  });
});
