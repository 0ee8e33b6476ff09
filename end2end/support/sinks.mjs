#!/usr/bin/env node
// Notification sinks for tests: a real SMTP server that keeps every message it receives, and
// an HTTP server that plays the SMS provider and lets tests read what was "sent".
//
//   SINK_SMTP_PORT (default 0: any free port)   SINK_HTTP_PORT (default 0)
//
// Once both listen, prints exactly one line to stdout: {"smtp":<port>,"http":<port>}
// (nothing else ever goes to stdout; diagnostics go to stderr) and runs until SIGTERM/SIGINT.
//
// HTTP API (127.0.0.1 only):
//   POST   /sms            {"to":"+569…","text":"…"} → 200 {"ok":true}; 400 on bad JSON
//   GET    /emails[?to=a]  → [{to:[…], from, subject, text, receivedAt}], oldest first
//   GET    /sms[?to=n]     → [{to, text, receivedAt}], oldest first
//   POST   /fail-sms?times=N → the next N POST /sms answer 503
//   DELETE /all            → forgets everything (and any pending /fail-sms)

import http from 'node:http';
import { SMTPServer } from 'smtp-server';
import { simpleParser } from 'mailparser';

const HOST = '127.0.0.1';
const MAX_BODY = 1024 * 1024;

const log = (...args) => process.stderr.write(`[sinks] ${args.join(' ')}\n`);

function port(name) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return 0;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    log(`invalid ${name}: ${raw}`);
    process.exit(2);
  }
  return n;
}

const sameAddress = (a, b) => a.trim().toLowerCase() === b.trim().toLowerCase();
const samePhone = (a, b) => a.replace(/[\s-]/g, '') === b.replace(/[\s-]/g, '');

const state = { emails: [], sms: [], failSms: 0 };

// ---------------------------------------------------------------- SMTP

function addresses(field) {
  if (!field) return [];
  const list = Array.isArray(field) ? field : [field];
  const out = [];
  const walk = (entries) => {
    for (const e of entries) {
      if (e.group) walk(e.group);
      else if (e.address) out.push(e.address);
    }
  };
  for (const f of list) walk(f.value || []);
  return out;
}

const smtp = new SMTPServer({
  secure: false,
  disabledCommands: ['STARTTLS'],
  authOptional: true,
  hideSTARTTLS: true,
  logger: false,
  banner: 'clave-sence test sink',
  closeTimeout: 500,
  // Any credentials are fine (the app may be configured with some); none are needed.
  onAuth(auth, _session, cb) {
    cb(null, { user: auth.username || 'anonymous' });
  },
  size: 10 * 1024 * 1024,
  onMailFrom(_address, _session, cb) {
    cb();
  },
  onRcptTo(_address, _session, cb) {
    cb();
  },
  onData(stream, session, cb) {
    simpleParser(stream)
      .then((parsed) => {
        const envelopeTo = session.envelope.rcptTo.map((r) => r.address);
        const headerTo = [...addresses(parsed.to), ...addresses(parsed.cc)];
        const to = [];
        for (const a of [...envelopeTo, ...headerTo]) if (!to.some((b) => sameAddress(a, b))) to.push(a);
        const from = addresses(parsed.from)[0] || session.envelope.mailFrom?.address || '';
        state.emails.push({
          to,
          from,
          subject: parsed.subject || '',
          text: parsed.text || '',
          receivedAt: new Date().toISOString(),
        });
        log(`email to ${to.join(',')}: ${parsed.subject || ''}`);
        cb();
      })
      .catch((err) => {
        log(`could not parse a message: ${err.message}`);
        const e = new Error('Message could not be parsed');
        e.responseCode = 554;
        cb(e);
      });
  },
});
smtp.on('error', (err) => log(`smtp error: ${err.message}`));

// ---------------------------------------------------------------- HTTP

function send(res, status, body) {
  const json = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(json);
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (c) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new Error('body too large'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}


async function handle(req, res) {
  const url = new URL(req.url, `http://${HOST}`);
  const to = url.searchParams.get('to');
  const route = `${req.method} ${url.pathname.replace(/\/+$/, '') || '/'}`;
  switch (route) {
    case 'GET /emails':
      return send(res, 200, to ? state.emails.filter((m) => m.to.some((a) => sameAddress(a, to))) : state.emails);
    case 'GET /sms':
      return send(res, 200, to ? state.sms.filter((m) => samePhone(m.to, to)) : state.sms);
    case 'POST /sms': {
      let body;
      try {
        body = JSON.parse(await readBody(req));
      } catch {
        return send(res, 400, { ok: false, error: 'invalid JSON' });
      }
      if (!body || typeof body !== 'object' || typeof body.to !== 'string' || typeof body.text !== 'string') {
        return send(res, 400, { ok: false, error: 'expected {"to": string, "text": string}' });
      }
      if (state.failSms > 0) {
        state.failSms -= 1;
        log(`sms to ${body.to} refused on purpose (${state.failSms} more to refuse)`);
        return send(res, 503, { ok: false, error: 'temporarily unavailable' });
      }
      state.sms.push({ to: body.to, text: body.text, receivedAt: new Date().toISOString() });
      log(`sms to ${body.to}`);
      return send(res, 200, { ok: true });
    }
    case 'POST /fail-sms': {
      const times = Number(url.searchParams.get('times') ?? '1');
      if (!Number.isInteger(times) || times < 0) return send(res, 400, { ok: false, error: 'times must be an integer >= 0' });
      state.failSms = times;
      return send(res, 200, { ok: true, times });
    }
    case 'DELETE /all':
      state.emails = [];
      state.sms = [];
      state.failSms = 0;
      return send(res, 200, { ok: true });
    default:
      return send(res, 404, { ok: false, error: 'not found' });
  }
}

const web = http.createServer((req, res) => {
  handle(req, res).catch((err) => {
    log(`http error: ${err.message}`);
    if (!res.headersSent) send(res, 500, { ok: false, error: 'internal error' });
    else res.destroy();
  });
});

// ---------------------------------------------------------------- start / stop

const listen = (server, p) =>
  new Promise((resolve, reject) => {
    const onError = (err) => reject(err);
    server.once('error', onError);
    server.listen(p, HOST, () => {
      server.removeListener('error', onError);
      resolve(server.address().port);
    });
  });

function stop(signal) {
  log(`${signal}: stopping`);
  let pending = 2;
  const done = () => {
    if (--pending === 0) process.exit(0);
  };
  smtp.close(done);
  web.close(done);
  web.closeAllConnections?.();
  setTimeout(() => process.exit(0), 1000).unref();
}

try {
  const [smtpPort, httpPort] = await Promise.all([
    listen(smtp.server, port('SINK_SMTP_PORT')),
    listen(web, port('SINK_HTTP_PORT')),
  ]);
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
  process.stdout.write(`${JSON.stringify({ smtp: smtpPort, http: httpPort })}\n`);
} catch (err) {
  log(`could not start: ${err.message}`);
  process.exit(1);
}
