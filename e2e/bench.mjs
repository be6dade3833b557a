// First-load benchmark, run by `cargo xtask bench` (which builds the app,
// starts the server and sets BASE_URL and DIST_DIR):
//  (a) every file the build made (dist/): its size raw, gzip and brotli;
//  (b) the first visit to each public page and to the first page of each signed-in area, each in a
//      new browser context (an empty cache) of headless Chromium: the bytes Chromium received for
//      the page and everything it loaded until the app was ready and the network quiet (Chrome
//      DevTools Protocol, `Network.loadingFinished`), the first contentful paint and the time until
//      the app was interactive (its `performance.mark('app-interactive')`), median of 3 visits;
//      the public pages against the 150 KB budget;
//  (c) Lighthouse (npm `lighthouse` 12.2.3, which `cargo xtask bench` installs in target/lighthouse
//      and names in LIGHTHOUSE_BIN; left out when it is not set), its default mobile run, for each
//      public page: the performance score and the Largest Contentful Paint;
//  (d) the spreadsheet worker (crates/claims-worker), apart from the first load: its files' size
//      (raw, gzip, brotli), and the time to read and check a 100-claim template in the browser
//      through it, XLSX and CSV (median of several readings, each timed by the app as the
//      `performance.measure` "sheet-read"), with the time the worker took to start.
// Writes the numbers to e2e/results/bench.json as well; `cargo xtask bench` then adds the
// deadline engine's figures to it under `engine` (e2e/bench-engine.mjs).

import { readdir, mkdir, writeFile, readFile, stat, rm } from 'node:fs/promises';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BASE_URL, url, launchBrowser, newPage, signIn, API_HEADERS, DEMO_PASSWORD } from './support.mjs';
import { claimsRows, csv, xlsx, isoDaysAgo } from './claims_files.mjs';

const BUDGET_BYTES = 150 * 1024;
const RUNS = 3;
// Readings of each 100-claim file through the worker (the first one also starts the worker).
const WORKER_RUNS = 7;
// The worker's files, as Trunk names them (index.html, `data-bin="claims-worker"`).
const WORKER_FILES = ['claims-worker_loader.js', 'claims-worker.js', 'claims-worker_bg.wasm'];
// Exit status when everything ran but a public page's first load is over budget (1 means the bench
// itself failed).
const OVER_BUDGET = 2;
const here = path.dirname(fileURLToPath(import.meta.url));
const distDir = process.env.DIST_DIR || path.join(here, '..', 'dist');

/** The public pages (the public entry apps, public-<entry>.html), each held to the budget. */
const PUBLIC_PAGES = [
  '/',
  '/eligibility',
  '/eligibility/program',
  '/deadlines',
  '/deadlines/calculator',
  '/sign-in',
  '/register',
  '/register/name',
  '/statistics',
  '/sanctions',
];
/** The first page of each signed-in area, and the demo account that opens it. */
const SIGNED_IN_PAGES = [
  ['/tickets', 'provider1', 'provider'],
  ['/mco/tickets', 'mco-aetna', 'MCO'],
  ['/hfs/tickets', 'hfs-staff', 'HFS'],
  ['/admin/users', 'hfs-admin', 'administration'],
];

function kb(bytes) {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Every file of dist/ (not the .br and .gz copies): raw, gzip and brotli sizes. */
async function buildFiles() {
  const rows = [];
  const size = async (name) => {
    try {
      return (await stat(path.join(distDir, name))).size;
    } catch {
      return null;
    }
  };
  for (const name of (await readdir(distDir)).sort()) {
    if (/\.(br|gz)$/.test(name)) continue;
    if (!(await stat(path.join(distDir, name))).isFile()) continue;
    rows.push({ file: name, raw: await size(name), gzip: await size(name + '.gz'), brotli: await size(name + '.br') });
  }
  const width = Math.max(...rows.map((r) => r.file.length), 4);
  const cell = (v) => (v === null ? '-' : kb(v)).padStart(10);
  console.log(`\nFiles the build made (${path.relative(process.cwd(), distDir) || distDir})`);
  console.log(`  ${'file'.padEnd(width)}  ${'raw'.padStart(10)}  ${'gzip'.padStart(10)}  ${'brotli'.padStart(10)}`);
  for (const r of rows) console.log(`  ${r.file.padEnd(width)}  ${cell(r.raw)}  ${cell(r.gzip)}  ${cell(r.brotli)}`);
  return rows;
}

/** One first visit to `path` in a new context (signed in as `user` first, through the API, when
 * given): bytes Chromium received per file, first contentful paint, interactive. */
async function firstVisit(browser, path, user) {
  const { context, page, close } = await newPage(browser);
  try {
    if (user) {
      const signedIn = await context.request.post(url('/api/session'), {
        headers: API_HEADERS,
        data: { username: user, password: DEMO_PASSWORD },
      });
      if (!signedIn.ok()) throw new Error(`signing in ${user} answered ${signedIn.status()}`);
    }
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    const urls = new Map();
    const received = new Map();
    cdp.on('Network.requestWillBeSent', (e) => urls.set(e.requestId, e.request.url));
    cdp.on('Network.loadingFinished', (e) => received.set(e.requestId, e.encodedDataLength));
    await page.goto(url(path), { waitUntil: 'load' });
    const times = await page.waitForFunction(
      () => {
        const fcp = performance.getEntriesByName('first-contentful-paint')[0];
        const mark = performance.getEntriesByName('app-interactive')[0];
        return fcp && mark ? { fcp: fcp.startTime, interactive: mark.startTime } : null;
      },
      null,
      { timeout: 30_000 },
    );
    const run = await times.jsonValue();
    await page.waitForLoadState('networkidle');
    const files = [...received].map(([id, bytes]) => ({ file: new URL(urls.get(id) ?? id, BASE_URL).pathname, bytes }));
    return { ...run, bytes: files.reduce((sum, f) => sum + f.bytes, 0), files };
  } finally {
    await close();
  }
}

async function firstVisits() {
  const browser = await launchBrowser();
  const pages = [];
  try {
    const all = [
      ...PUBLIC_PAGES.map((p) => ({ path: p, area: 'public', user: null })),
      ...SIGNED_IN_PAGES.map(([p, user, area]) => ({ path: p, area, user })),
    ];
    for (const { path: p, area, user } of all) {
      const runs = [];
      for (let i = 0; i < RUNS; i++) runs.push(await firstVisit(browser, p, user));
      const bytes = median(runs.map((r) => r.bytes));
      pages.push({
        path: p,
        area,
        bytes,
        medianFcpMs: median(runs.map((r) => r.fcp)),
        medianInteractiveMs: median(runs.map((r) => r.interactive)),
        files: runs[0].files,
        within: area === 'public' ? bytes <= BUDGET_BYTES : null,
      });
    }
  } finally {
    await browser.close();
  }
  const width = Math.max(...pages.map((p) => p.path.length), 4);
  console.log(`\nFirst visit, empty cache, headless Chromium (median of ${RUNS}); bytes Chromium received`);
  console.log(`  ${'page'.padEnd(width)}  ${'area'.padEnd(14)}  ${'received'.padStart(10)}  ${'FCP'.padStart(7)}  ${'ready'.padStart(7)}  budget`);
  for (const p of pages) {
    const budget = p.within === null ? '' : p.within ? 'OK' : 'OVER 150 KB';
    console.log(
      `  ${p.path.padEnd(width)}  ${p.area.padEnd(14)}  ${kb(p.bytes).padStart(10)}  ${`${p.medianFcpMs.toFixed(0)} ms`.padStart(7)}  ${`${p.medianInteractiveMs.toFixed(0)} ms`.padStart(7)}  ${budget}`,
    );
  }
  const home = pages[0];
  console.log(`\n  what the first visit to ${home.path} received:`);
  for (const f of [...home.files].sort((a, b) => b.bytes - a.bytes)) {
    console.log(`    ${kb(f.bytes).padStart(10)}  ${f.file}`);
  }
  return pages;
}

/** Lighthouse's mobile run (its defaults: a mid-range phone, slow 4G) on each public page, one at a
 * time: the performance score (0-100), Largest Contentful Paint and the bytes it counted. */
async function lighthouse() {
  const bin = process.env.LIGHTHOUSE_BIN;
  if (!bin) {
    console.log('\nLighthouse: left out (LIGHTHOUSE_BIN is not set; `cargo xtask bench` sets it)');
    return null;
  }
  const run = promisify(execFile);
  const out = path.join(os.tmpdir(), `portal-lighthouse-${process.pid}.json`);
  const rows = [];
  for (const p of PUBLIC_PAGES) {
    await run(
      bin,
      [
        url(p),
        '--only-categories=performance',
        '--output=json',
        `--output-path=${out}`,
        '--quiet',
        '--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-background-networking',
      ],
      { env: { ...process.env, CHROME_PATH: process.env.CHROME_PATH || '/usr/bin/chromium' }, maxBuffer: 1 << 26 },
    );
    const report = JSON.parse(await readFile(out, 'utf8'));
    rows.push({
      path: p,
      performance: Math.round(report.categories.performance.score * 100),
      lcpMs: report.audits['largest-contentful-paint'].numericValue,
      fcpMs: report.audits['first-contentful-paint'].numericValue,
      bytes: report.audits['total-byte-weight'].numericValue,
    });
  }
  await rm(out, { force: true });
  const width = Math.max(...rows.map((r) => r.path.length), 4);
  console.log('\nLighthouse 12.2.3, mobile (its default throttling), performance only');
  console.log(`  ${'page'.padEnd(width)}  ${'score'.padStart(5)}  ${'LCP'.padStart(7)}  ${'FCP'.padStart(7)}  ${'bytes'.padStart(10)}`);
  for (const r of rows) {
    console.log(
      `  ${r.path.padEnd(width)}  ${String(r.performance).padStart(5)}  ${`${(r.lcpMs / 1000).toFixed(1)} s`.padStart(7)}  ${`${(r.fcpMs / 1000).toFixed(1)} s`.padStart(7)}  ${kb(r.bytes).padStart(10)}`,
    );
  }
  return rows;
}

/** The worker's files as built (raw, gzip and brotli copies from xtask/precompress.mjs). */
async function workerSize() {
  const rows = [];
  for (const name of WORKER_FILES) {
    const size = async (suffix) => (await stat(path.join(distDir, name + suffix))).size;
    rows.push({ file: `/${name}`, raw: await size(''), gzip: await size('.gz'), brotli: await size('.br') });
  }
  const total = (key) => rows.reduce((sum, r) => sum + r[key], 0);
  const sum = { raw: total('raw'), gzip: total('gzip'), brotli: total('brotli') };
  const width = Math.max(...rows.map((r) => r.file.length), 5);
  console.log(`\nSpreadsheet worker (loaded only by the pages that read a file, not in the first load)`);
  console.log(`  ${'file'.padEnd(width)}  ${'raw'.padStart(10)}  ${'gzip'.padStart(10)}  ${'brotli'.padStart(10)}`);
  for (const r of [...rows, { file: 'total', ...sum }]) {
    console.log(
      `  ${r.file.padEnd(width)}  ${kb(r.raw).padStart(10)}  ${kb(r.gzip).padStart(10)}  ${kb(r.brotli).padStart(10)}`,
    );
  }
  return { files: rows, total: sum };
}

/** A draft of provider1 answered up to the claims page, through the API; its id. */
async function claimsDraft(page) {
  const session = await (await page.request.get(url('/api/session'))).json();
  const facility = session.facilities[0];
  const mcos = await (await page.request.get(url('/api/mcos'))).json();
  const mco = mcos.find((m) => m.active);
  const created = await page.request.post(url('/api/drafts'), {
    headers: API_HEADERS,
    data: {
      facility_id: facility.id,
      mco_id: mco.id,
      complaint_type: 'claims_payment',
      tracking_number: 'TRK-BENCH-1',
      mco_received_on: isoDaysAgo(40),
      program: 'medicaid',
      internal_process_exhausted: true,
      prior_authorization_not_obtained: false,
      multiple_claims: true,
    },
  });
  if (!created.ok()) throw new Error(`POST /api/drafts answered ${created.status()}`);
  const draft = await created.json();
  return { id: draft.id, ticket: { mco: mco.name, medicaidId: facility.medicaid_id, complaintType: 'Claims/Payment' } };
}

/** Reads `file` on the claims page `runs` times; the app's "sheet-read" measure of each. */
async function timeReadings(page, file, runs) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    await page.evaluate(() => performance.clearMeasures('sheet-read'));
    await page.setInputFiles('#claims-file', file);
    const ms = await page.waitForFunction(
      () => {
        const status = document.querySelector('#claims-status')?.textContent ?? '';
        const m = performance.getEntriesByName('sheet-read');
        return m.length && /claims ready|need fixing|must/.test(status) ? [m[0].duration, status] : null;
      },
      null,
      { timeout: 60_000, polling: 20 },
    );
    const [duration, status] = await ms.jsonValue();
    if (!/100 claims ready/.test(status)) throw new Error(`${file.name}: the page says "${status}"`);
    times.push(duration);
  }
  return times;
}

async function workerTimes() {
  const browser = await launchBrowser();
  const { page, errors, close } = await newPage(browser);
  try {
    await signIn(page, 'provider1');
    const { id, ticket } = await claimsDraft(page);
    await page.goto(url(`/tickets/new/${id}/claims`), { waitUntil: 'load' });
    await page.locator('#claims-file').waitFor({ timeout: 30_000 });
    const rows = claimsRows(100, ticket, 'BENCH');
    const type = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    const files = {
      xlsx: { name: 'claims.xlsx', mimeType: type, buffer: xlsx('Claims', rows) },
      csv: { name: 'claims.csv', mimeType: 'text/csv', buffer: csv(rows) },
    };
    console.log(`\nReading and checking 100 claims in the browser through the worker (${WORKER_RUNS} readings each)`);
    const result = {};
    for (const [format, file] of Object.entries(files)) {
      const runs = await timeReadings(page, file, WORKER_RUNS);
      // The first XLSX reading also started the worker: left out of the median.
      const warm = format === 'xlsx' ? runs.slice(1) : runs;
      result[format] = { bytes: file.buffer.length, runsMs: runs, medianMs: median(warm) };
      console.log(
        `  ${format.padEnd(4)} ${kb(file.buffer.length).padStart(9)}: median ${median(warm).toFixed(1)} ms ` +
          `(runs ${runs.map((t) => t.toFixed(0)).join(', ')} ms)`,
      );
    }
    const start = await page.evaluate(() => performance.getEntriesByName('sheet-worker-start')[0]?.duration ?? null);
    result.workerStartMs = start;
    if (start !== null) console.log(`  starting the worker (download, compile, ready): ${start.toFixed(0)} ms`);
    if (errors.length) console.log(`  (logged errors: ${errors.map((e) => e.text).join(' | ')})`);
    return result;
  } finally {
    await close();
    await browser.close();
  }
}

async function main() {
  const files = await buildFiles();
  const pages = await firstVisits();
  let lighthouseRuns;
  try {
    lighthouseRuns = await lighthouse();
  } catch (err) {
    console.log(`Lighthouse failed: ${err.stack || err}`);
    lighthouseRuns = { error: String(err.message || err) };
    process.exitCode = 1;
  }
  let worker;
  try {
    worker = { size: await workerSize(), reading: await workerTimes() };
  } catch (err) {
    console.log(`worker bench failed: ${err.stack || err}`);
    worker = { error: String(err.message || err) };
    process.exitCode = 1;
  }
  const resultsDir = path.join(here, 'results');
  await mkdir(resultsDir, { recursive: true });
  const out = path.join(resultsDir, 'bench.json');
  await writeFile(
    out,
    JSON.stringify(
      {
        date: new Date().toISOString(),
        baseUrl: BASE_URL,
        budget: BUDGET_BYTES,
        files,
        pages,
        lighthouse: lighthouseRuns,
        worker,
      },
      null,
      2,
    ) + '\n',
  );
  console.log(`\nwrote ${path.relative(process.cwd(), out)}`);
  const over = pages.filter((p) => p.within === false);
  if (over.length && !process.exitCode) {
    console.log(`first load over the ${kb(BUDGET_BYTES)} budget: ${over.map((p) => `${p.path} ${kb(p.bytes)}`).join(', ')}`);
    process.exitCode = OVER_BUDGET;
  }
}

main().catch((err) => {
  console.error(`bench failed: ${err.stack || err}`);
  process.exitCode = 1;
});
