// The emails the server sent during the end-to-end run. `cargo xtask test e2e` starts a real SMTP
// server (crates/server/tests/smtp_sink.py) and the server with `--smtp-url` pointing at it; the
// sink writes each message it accepts to PORTAL_E2E_MAILDIR as NNNNNN.eml (and the envelope's
// recipients to NNNNNN.rcpt). `waitForMail({ to, subject })` waits for the first message matching
// and returns it parsed: { file, headers, subject, from, to, messageId, date, text, links }.

import fs from 'node:fs';
import path from 'node:path';

export const MAILDIR = process.env.PORTAL_E2E_MAILDIR || '';

/** Whether the run has a mail folder (set by `cargo xtask test e2e`). */
export function hasMail() {
  return MAILDIR !== '' && fs.existsSync(MAILDIR);
}

function decodeWords(value) {
  // RFC 2047 encoded words: =?charset?B|Q?text?=, adjacent ones joined without the space.
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([^?]+)\?([bBqQ])\?([^?]*)\?=/g, (_, _charset, kind, text) => {
      if (kind.toUpperCase() === 'B') return Buffer.from(text, 'base64').toString('utf8');
      const bytes = text
        .replace(/_/g, ' ')
        .replace(/=([0-9A-Fa-f]{2})/g, (_m, hex) => String.fromCharCode(parseInt(hex, 16)));
      return Buffer.from(bytes, 'latin1').toString('utf8');
    });
}

function decodeBody(body, encoding) {
  switch ((encoding || '').toLowerCase()) {
    case 'base64':
      return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
    case 'quoted-printable': {
      const joined = body.replace(/=\r?\n/g, '');
      const bytes = joined.replace(/=([0-9A-Fa-f]{2})/g, (_m, hex) =>
        String.fromCharCode(parseInt(hex, 16)),
      );
      return Buffer.from(bytes, 'latin1').toString('utf8');
    }
    default:
      return body;
  }
}

/** One .eml file, parsed (a single-part text message, as the portal sends). */
export function parseMail(file) {
  const raw = fs.readFileSync(file, 'utf8');
  const split = raw.search(/\r?\n\r?\n/);
  const head = split < 0 ? raw : raw.slice(0, split);
  const rest = split < 0 ? '' : raw.slice(split).replace(/^\r?\n\r?\n/, '');
  const headers = {};
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) {
      headers[line.slice(0, colon).trim().toLowerCase()] = decodeWords(line.slice(colon + 1).trim());
    }
  }
  const text = decodeBody(rest, headers['content-transfer-encoding']).replace(/\r\n/g, '\n');
  const rcptFile = file.replace(/\.eml$/, '.rcpt');
  const envelopeTo = fs.existsSync(rcptFile)
    ? fs.readFileSync(rcptFile, 'utf8').split('\n').filter(Boolean)
    : [];
  return {
    file,
    headers,
    subject: headers.subject || '',
    from: headers.from || '',
    to: headers.to || '',
    envelopeTo,
    messageId: headers['message-id'] || '',
    date: headers.date || '',
    text,
    links: text.match(/https?:\/\/[^\s<>"]+/g) || [],
  };
}

/** Every message received so far, oldest first. */
export function allMail() {
  if (!hasMail()) return [];
  return fs
    .readdirSync(MAILDIR)
    .filter((name) => name.endsWith('.eml'))
    .sort()
    .map((name) => parseMail(path.join(MAILDIR, name)));
}

function matches(mail, { to, subject }) {
  const toOk =
    !to ||
    mail.envelopeTo.some((a) => a.toLowerCase() === to.toLowerCase()) ||
    mail.to.toLowerCase().includes(to.toLowerCase());
  const subjectOk =
    !subject || (subject instanceof RegExp ? subject.test(mail.subject) : mail.subject.includes(subject));
  return toOk && subjectOk;
}

/**
 * Waits (polling the folder) for the first message to `to` whose subject contains `subject` (a
 * string or a RegExp); `after`: ignore the messages that `allMail()` had returned before (pass
 * `allMail().length` taken before the step that sends it). Throws after `timeout` ms.
 */
export async function waitForMail({ to, subject, after = 0, timeout = 15000 } = {}) {
  if (!hasMail()) throw new Error('PORTAL_E2E_MAILDIR is not set: run the tests with `cargo xtask test e2e`');
  const until = Date.now() + timeout;
  for (;;) {
    const found = allMail().slice(after).find((mail) => matches(mail, { to, subject }));
    if (found) return found;
    if (Date.now() > until) {
      const seen = allMail().map((m) => `${m.envelopeTo.join(',')}: ${m.subject}`);
      throw new Error(`no email to ${to} with subject ${subject} within ${timeout} ms; received:\n${seen.join('\n')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The first link in `mail` that starts with `prefix` (e.g. `${BASE_URL}/password-reset#token=`). */
export function linkIn(mail, prefix) {
  const link = mail.links.find((l) => l.startsWith(prefix));
  if (!link) throw new Error(`no link starting ${prefix} in the email "${mail.subject}":\n${mail.text}`);
  return link;
}
