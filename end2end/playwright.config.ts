import { defineConfig, devices } from '@playwright/test';

// End-to-end tests of the Sistema Clave Sence against the release build.
//
// Build first (this config builds nothing):   scripts/build.sh
// Then, from end2end/:                        npx playwright test
//
// Playwright starts three servers from the repository root: the notification sinks (SMTP on
// 2525, HTTP on 3199), the app on 3100 with a fresh SQLite database seeded with the demo
// accounts, a fixed captcha answer ("SENC") and generous rate limits, and a SENCE platform
// (an OpenID Connect relying party built on `openid-client`, on 3190) that the app registers.
// It also creates a SENCE operator, whose initial password and second-factor URI are left in
// target/e2e/operador.txt for the back-office tests.

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

// Ports can be moved so that several checkouts run their suites side by side.
const APP_PORT = process.env.E2E_APP_PORT ?? '3100';
const SINK_HTTP_PORT = process.env.E2E_SINK_HTTP_PORT ?? '3199';
const SMTP_PORT = process.env.E2E_SMTP_PORT ?? '2525';
const RP_PORT = process.env.E2E_RP_PORT ?? '3190';
export const SINK_HTTP = `http://127.0.0.1:${SINK_HTTP_PORT}`;
export const APP = `http://127.0.0.1:${APP_PORT}`;
export const RP = `http://127.0.0.1:${RP_PORT}`;

export default defineConfig({
  testDir: './tests',
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 1 : 0,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  outputDir: './test-results',
  reporter: [['list'], ['html', { open: 'never', outputFolder: './playwright-report' }]],
  use: {
    baseURL: APP,
    trace: 'retain-on-failure',
    locale: 'es-CL',
    timezoneId: 'America/Santiago',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        headless: true,
        launchOptions: {
          executablePath: CHROMIUM,
          args: [
            '--headless',
            '--no-sandbox',
            '--disable-gpu',
            '--disable-quic',
            '--no-first-run',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
          ],
        },
      },
    },
  ],
  webServer: [
    {
      name: 'sinks',
      command: 'node end2end/support/sinks.mjs',
      cwd: '..',
      env: { SINK_SMTP_PORT: SMTP_PORT, SINK_HTTP_PORT: SINK_HTTP_PORT },
      url: `${SINK_HTTP}/emails`,
      timeout: 30_000,
      reuseExistingServer: false,
      stdout: 'ignore',
      stderr: 'pipe',
    },
    {
      name: 'app',
      command:
        'sh -c "rm -rf target/e2e && mkdir -p target/e2e && ./target/release/server seed-demo' +
        ` && ./target/release/server oidc-cliente crear --id plataforma-prueba --nombre \\"Plataforma de Prueba\\"` +
        ` --redirect ${RP}/retorno --salida ${RP}/adios > target/e2e/rp-cliente.txt` +
        ' && ./target/release/server operador crear --rut 15.555.555-6 --nombre \\"Operadora de Prueba\\"' +
        ' --email operadora@sence.example.cl > target/e2e/operador.txt' +
        ' && exec ./target/release/server serve"',
      cwd: '..',
      env: {
        CS_BIND: `127.0.0.1:${APP_PORT}`,
        CS_DATABASE__URL: 'sqlite://target/e2e/e2e.db?mode=rwc',
        CS_MAIL__SMTP_URL: `smtp://127.0.0.1:${SMTP_PORT}`,
        CS_SMS__URL: `${SINK_HTTP}/sms`,
        CS_CAPTCHA__TEST_ANSWER: 'SENC',
        CS_RATE_LIMIT__PER_IP_PER_MINUTE: '6000',
        CS_RATE_LIMIT__BURST: '1000',
        CS_OUTBOX__POLL_SECONDS: '1',
        LEPTOS_SITE_ROOT: 'target/site',
        LEPTOS_SITE_PKG_DIR: 'pkg',
        LEPTOS_OUTPUT_NAME: 'clave-sence',
        RUST_LOG: 'info',
      },
      url: `${APP}/`,
      timeout: 120_000,
      reuseExistingServer: false,
      stdout: 'pipe', // the server logs to stdout (startup errors, notifications sent)
      stderr: 'pipe',
    },
    {
      name: 'plataforma',
      command: 'node end2end/support/rp.mjs',
      cwd: '..',
      env: { RP_PORT, RP_ISSUER: APP, RP_CLIENT_FILE: 'target/e2e/rp-cliente.txt' },
      url: `${RP}/adios`,
      timeout: 30_000,
      reuseExistingServer: false,
      stdout: 'ignore',
      stderr: 'pipe',
    },
  ],
});
