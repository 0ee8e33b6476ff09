#!/usr/bin/env node
// A small SENCE platform (relying party) for the end-to-end tests, built on the certified
// `openid-client` library: it logs a person in through the Sistema Clave Sence and shows what
// it received. One browser at a time (the tests run one worker).
//
//   RP_PORT (default 3190)   RP_ISSUER (the app's origin)   RP_CLIENT_FILE (what
//   `server oidc-cliente crear` printed: client_id and client_secret lines)
//
// GET /login[?prompt=login]  → to the provider's authorization endpoint
// GET /retorno               → exchanges the code; a page with the ID token's claims and userinfo
// GET /salir                 → RP-initiated logout, back to /adios

import http from 'node:http';
import fs from 'node:fs';
import * as oidc from 'openid-client';

const PORT = Number(process.env.RP_PORT ?? '3190');
const ISSUER = process.env.RP_ISSUER ?? 'http://127.0.0.1:3100';
const CLIENT_FILE = process.env.RP_CLIENT_FILE ?? 'target/e2e/rp-cliente.txt';
const BASE = `http://127.0.0.1:${PORT}`;

let configuracion;
let pendiente = null;
let idToken = null;

/** Registered by the app's start command; read when first needed (the app starts alongside). */
async function config() {
  if (configuracion) return configuracion;
  const texto = fs.readFileSync(CLIENT_FILE, 'utf8');
  const valor = (clave) => texto.match(new RegExp(`^${clave}: (\\S+)$`, 'm'))?.[1];
  configuracion = await oidc.discovery(
    new URL(ISSUER),
    valor('client_id'),
    valor('client_secret'),
    oidc.ClientSecretBasic(valor('client_secret')),
    { execute: [oidc.allowInsecureRequests] },
  );
  return configuracion;
}

const escapar = (s) => String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);

function pagina(res, estado, titulo, cuerpo) {
  res.writeHead(estado, { 'content-type': 'text/html; charset=utf-8' });
  res.end(`<!DOCTYPE html><html lang="es"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>${escapar(titulo)}</title></head><body><h1>${escapar(titulo)}</h1>${cuerpo}</body></html>`);
}

const servidor = http.createServer(async (req, res) => {
  const url = new URL(req.url, BASE);
  try {
    if (url.pathname === '/login') {
      const cfg = await config();
      const verificador = oidc.randomPKCECodeVerifier();
      pendiente = { verificador, state: oidc.randomState(), nonce: oidc.randomNonce() };
      const parametros = {
        redirect_uri: `${BASE}/retorno`,
        scope: 'openid profile email rut',
        code_challenge: await oidc.calculatePKCECodeChallenge(verificador),
        code_challenge_method: 'S256',
        state: pendiente.state,
        nonce: pendiente.nonce,
      };
      if (url.searchParams.get('prompt')) parametros.prompt = url.searchParams.get('prompt');
      res.writeHead(302, { location: oidc.buildAuthorizationUrl(cfg, parametros).href }).end();
    } else if (url.pathname === '/retorno') {
      const cfg = await config();
      if (!pendiente) return pagina(res, 400, 'Sin solicitud', '');
      const tokens = await oidc.authorizationCodeGrant(cfg, url, {
        pkceCodeVerifier: pendiente.verificador,
        expectedState: pendiente.state,
        expectedNonce: pendiente.nonce,
      });
      pendiente = null;
      idToken = tokens.id_token;
      const claims = tokens.claims();
      const info = await oidc.fetchUserInfo(cfg, tokens.access_token, claims.sub);
      pagina(
        res,
        200,
        'Plataforma de prueba: ingreso correcto',
        `<pre id="claims">${escapar(JSON.stringify(claims))}</pre><pre id="userinfo">${escapar(JSON.stringify(info))}</pre>`,
      );
    } else if (url.pathname === '/salir') {
      const cfg = await config();
      const destino = oidc.buildEndSessionUrl(cfg, {
        post_logout_redirect_uri: `${BASE}/adios`,
        ...(idToken ? { id_token_hint: idToken } : {}),
      });
      res.writeHead(302, { location: destino.href }).end();
    } else if (url.pathname === '/adios') {
      pagina(res, 200, 'Plataforma de prueba: sesión cerrada', '');
    } else {
      pagina(res, 404, 'No encontrada', '');
    }
  } catch (e) {
    process.stderr.write(`[rp] ${e?.stack ?? e}\n`);
    pagina(res, 500, 'Error de la plataforma', `<pre id="error">${escapar(e?.error ?? e?.message ?? e)}</pre>`);
  }
});

servidor.listen(PORT, '127.0.0.1', () => process.stderr.write(`[rp] ${BASE}\n`));
for (const senal of ['SIGINT', 'SIGTERM']) process.on(senal, () => servidor.close(() => process.exit(0)));
