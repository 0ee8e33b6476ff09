// The HTTPS front of a deployment, for measuring pages as citizens receive them: production runs
// its instances behind a load balancer that terminates TLS and speaks HTTP/2 to browsers (one
// connection carrying every request of a page at once), and forwards plain HTTP/1.1 to the app.
// This is that front, in Node's own http2 module: it serves HTTP/2 (and HTTP/1.1 to clients
// without it) on FRENTE_PORT with the certificate FRENTE_CERT / FRENTE_KEY and forwards each
// request to FRENTE_DESTINO, headers and body untouched but for the hop-by-hop ones.
//
// Usage: FRENTE_PORT=3443 FRENTE_DESTINO=http://127.0.0.1:3400 \
//        FRENTE_CERT=cert.pem FRENTE_KEY=key.pem node scripts/frente-https.mjs
import fs from 'node:fs';
import http from 'node:http';
import http2 from 'node:http2';

const destino = new URL(process.env.FRENTE_DESTINO);
const puerto = Number(process.env.FRENTE_PORT);
// Per RFC 9113 §8.2.2 these describe one connection and must not cross into HTTP/2.
const SALTO = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te']);
// Like a well-configured balancer, it drops its idle connections to the app (after 30 s) before
// the app does (`http.header_timeout_seconds`): else it may reuse one the app is closing, and 502.
const agente = new http.Agent({ keepAlive: true, maxSockets: 64, timeout: 30_000 });

const servidor = http2.createSecureServer(
  { cert: fs.readFileSync(process.env.FRENTE_CERT), key: fs.readFileSync(process.env.FRENTE_KEY), allowHTTP1: true },
  (peticion, respuesta) => {
    const cabeceras = {};
    for (const [nombre, valor] of Object.entries(peticion.headers)) {
      if (!nombre.startsWith(':') && !SALTO.has(nombre)) cabeceras[nombre] = valor;
    }
    cabeceras.host = peticion.headers[':authority'] ?? peticion.headers.host;
    // As a load balancer reports the browser's address to the instances behind it.
    const cliente = peticion.socket.remoteAddress;
    cabeceras['x-forwarded-for'] = cabeceras['x-forwarded-for'] ? `${cabeceras['x-forwarded-for']}, ${cliente}` : cliente;
    cabeceras['x-forwarded-proto'] = 'https';
    const hacia = http.request(
      { host: destino.hostname, port: destino.port, method: peticion.method, path: peticion.url, headers: cabeceras, agent: agente },
      (desde) => {
        const vuelta = {};
        for (const [nombre, valor] of Object.entries(desde.headers)) {
          if (!SALTO.has(nombre)) vuelta[nombre] = valor;
        }
        respuesta.writeHead(desde.statusCode, vuelta);
        desde.pipe(respuesta);
      },
    );
    hacia.on('error', () => {
      if (!respuesta.headersSent) respuesta.writeHead(502);
      respuesta.end();
    });
    peticion.pipe(hacia);
  },
);
servidor.listen(puerto, '127.0.0.1', () => console.log(`front https://127.0.0.1:${puerto} -> ${destino.origin}`));
