// The preparation of `cargo xtask bench`'s API load part (xtask/src/load.rs): against a running
// server started with `--demo`, signs in as the demo provider `provider1`, picks a ticket it may see
// and a valid ticket form (dated from the Illinois date today), checks each request answers 2xx
// once, and writes the three wrk scripts the load part runs:
//
//   health.lua   GET /api/health
//   read.lua     GET /api/tickets/{id} with the session cookie (session, access check, audit row)
//   submit.lua   POST /api/tickets with the whole form (a new ticket each time), with the
//                X-Requested-With and Origin headers every state-changing request must carry
//
// Each script spreads wrk's threads over SERVERS (round robin: two instances, two threads, one
// each) and prints one `RESULT key=value ...` line when wrk is done, which xtask reads.
//
// Usage: node bench/load-prep.mjs BASE_URL OUT_DIR SERVERS   (SERVERS: host:port,host:port)

import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

const [baseUrl, outDir, serversArg] = process.argv.slice(2);
if (!baseUrl || !outDir || !serversArg) {
  console.error('usage: node bench/load-prep.mjs BASE_URL OUT_DIR host:port[,host:port...]');
  process.exit(64);
}
const DEMO_PASSWORD = 'Demo-Portal-2026!';
const APP_HEADER = ['X-Requested-With', 'portal-app'];
const origin = new URL(baseUrl).origin;
const servers = serversArg.split(',').map((s) => {
  const at = s.lastIndexOf(':');
  return { host: s.slice(0, at), port: s.slice(at + 1) };
});

async function call(path, { method = 'GET', cookie, body } = {}) {
  const headers = { Accept: 'application/json' };
  if (cookie) headers.Cookie = cookie;
  if (method !== 'GET') {
    headers[APP_HEADER[0]] = APP_HEADER[1];
    headers.Origin = origin;
  }
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(new URL(path, baseUrl), {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) {
    throw new Error(`${method} ${path} answered ${response.status}: ${text.slice(0, 300)}`);
  }
  return { response, json: text ? JSON.parse(text) : null };
}

/** The Illinois date `days` from today, as YYYY-MM-DD. */
function illinoisDate(days) {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'America/Chicago',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date());
  const [y, m, d] = parts.split('-').map(Number);
  const date = new Date(Date.UTC(y, m - 1, d + days));
  return date.toISOString().slice(0, 10);
}

// Sign in as the demo provider.
const signIn = await call('/api/session', {
  method: 'POST',
  body: { username: 'provider1', password: DEMO_PASSWORD },
});
const cookie = signIn.response.headers
  .getSetCookie()
  .map((c) => c.split(';')[0])
  .find((c) => /^(__Host-)?portal_session=./.test(c));
if (!cookie) throw new Error('signing in as provider1 set no session cookie');

const session = (await call('/api/session', { cookie })).json;
const facility = session.facilities?.[0];
if (!facility) throw new Error('provider1 has no facility (was the server started with --demo?)');
const mco = (await call('/api/mcos', { cookie })).json.find((m) => m.active);
if (!mco) throw new Error('no active MCO');
const tickets = (await call('/api/tickets', { cookie })).json;
if (!tickets.length) throw new Error('provider1 sees no ticket (was the server started with --demo?)');
const ticketId = tickets[0].id;
await call(`/api/tickets/${ticketId}`, { cookie });

// A whole form that passes every check: the MCO received the dispute 45 days ago.
const form = {
  facility_id: facility.id,
  mco_id: mco.id,
  complaint_type: 'claims_payment',
  tracking_number: 'BENCH-0001',
  mco_received_on: illinoisDate(-45),
  program: 'medicaid',
  internal_process_exhausted: true,
  prior_authorization_not_obtained: false,
  multiple_claims: false,
  claims_file_id: null,
  member_first_name: 'Jamie',
  member_last_name: 'Rivera',
  rin: '900000118',
  service_from: illinoisDate(-120),
  service_to: illinoisDate(-118),
  claim_number: 'CLM-778899',
  description: 'The claim was denied as a duplicate but it is not one.',
  desired_outcome: 'Reprocess and pay the claim.',
  contact_name: 'Pat Lee',
  contact_phone: '217 555 0100',
  contact_email: 'pat.lee@example.com',
};
const submitted = await call('/api/tickets', { method: 'POST', cookie, body: form });
if (submitted.response.status !== 201) {
  throw new Error(`the first submission answered ${submitted.response.status}, not 201`);
}

/** A Lua long string holding `text` (no `]==]` can occur in these values). */
const lua = (text) => {
  if (text.includes(']==]')) throw new Error(`cannot quote ${text} for Lua`);
  return `[==[${text}]==]`;
};

const common = `-- Written by cargo xtask bench (bench/load-prep.mjs); do not edit.
local servers = {
${servers.map((s) => `  { host = ${lua(s.host)}, port = ${lua(s.port)} },`).join('\n')}
}
local next_server = 0

-- Thread i goes to server i (round robin): two instances, two threads, one each.
function setup(thread)
  local s = servers[(next_server % #servers) + 1]
  next_server = next_server + 1
  thread.addr = wrk.lookup(s.host, s.port)[1]
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d duration_us=%d p50_us=%d p99_us=%d status=%d connect=%d read=%d write=%d timeout=%d\\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.status, e.connect, e.read, e.write, e.timeout))
end
`;

mkdirSync(outDir, { recursive: true });
writeFileSync(
  join(outDir, 'health.lua'),
  `${common}
wrk.method = "GET"
wrk.path = "/api/health"
`,
);
writeFileSync(
  join(outDir, 'read.lua'),
  `${common}
wrk.method = "GET"
wrk.path = ${lua(`/api/tickets/${ticketId}`)}
wrk.headers["Cookie"] = ${lua(cookie)}
wrk.headers["Accept"] = "application/json"
`,
);
writeFileSync(
  join(outDir, 'submit.lua'),
  `${common}
wrk.method = "POST"
wrk.path = "/api/tickets"
wrk.headers["Cookie"] = ${lua(cookie)}
wrk.headers["Accept"] = "application/json"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["X-Requested-With"] = "portal-app"
wrk.headers["Origin"] = ${lua(origin)}
wrk.body = ${lua(JSON.stringify(form))}
`,
);
console.log(
  `load scripts written to ${outDir}: ticket ${ticketId}, facility ${facility.id}, MCO ${mco.id}, ` +
    `${servers.length} server(s)`,
);
