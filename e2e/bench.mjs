// First-load benchmark, run by `cargo xtask bench` (which builds the app,
// starts the server and sets BASE_URL and DIST_DIR):
//  (a) bytes on the wire for `/` and everything dist/index.html loads, asked
//      for with `Accept-Encoding: br`, against a budget;
//  (b) first contentful paint and time until the app is interactive
//      (its `performance.mark('app-interactive')`), median of 5 cold loads
//      in headless Chromium.
//  (c) the spreadsheet worker (crates/claims-worker), apart from the first load: its files' size
//      (raw, gzip, brotli), and the time to read and check a 100-claim template in the browser
//      through it, XLSX and CSV (median of several readings, each timed by the app as the
//      `performance.measure` "sheet-read"), with the time the worker took to start.
// Writes the numbers to e2e/results/bench.json as well; `cargo xtask bench` then adds the
// deadline engine's figures to it under `engine` (e2e/bench-engine.mjs).

import http from 'node:http';
import { readFile, mkdir, writeFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BASE_URL, url, launchBrowser, newPage, signIn, API_HEADERS } from './support.mjs';
import { claimsRows, csv, xlsx, isoDaysAgo } from './claims_files.mjs';

const BUDGET_BYTES = 150 * 1024;
const RUNS = 5;
// Readings of each 100-claim file through the worker (the first one also starts the worker).
const WORKER_RUNS = 7;
// The worker's files, as Trunk names them (index.html, `data-bin="claims-worker"`).
const WORKER_FILES = ['claims-worker_loader.js', 'claims-worker.js', 'claims-worker_bg.wasm'];
// Exit status when everything ran but the bundle is over budget (1 means the bench itself failed).
const OVER_BUDGET = 2;
const here = path.dirname(fileURLToPath(import.meta.url));
const distDir = process.env.DIST_DIR || path.join(here, '..', 'dist');

/** GET with the given headers; counts the body bytes exactly as sent (no decompression). */
function rawGet(target, headers = {}) {
  return new Promise((resolve, reject) => {
    const req = http.get(target, { headers }, (res) => {
      let bytes = 0;
      res.on('data', (chunk) => {
        bytes += chunk.length;
      });
      res.on('end', () =>
        resolve({
          status: res.statusCode,
          bytes,
          encoding: res.headers['content-encoding'] || 'identity',
          type: res.headers['content-type'] || '',
        }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.setTimeout(30_000, () => req.destroy(new Error(`timeout fetching ${target}`)));
  });
}

/** The local files that dist/index.html makes the browser load on first visit. */
function firstLoadAssets(html) {
  const assets = new Set();
  const add = (ref) => {
    if (!ref || /^(data:|https?:|\/\/|#)/.test(ref)) return;
    assets.add(new URL(ref, BASE_URL + '/').pathname);
  };
  for (const [tag] of html.matchAll(/<(script|link)\b[^>]*>/gi)) {
    // Attribute values may be quoted or not (Trunk minifies index.html).
    const attr = (name) => {
      const m = tag.match(new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s"'>]+))`, 'i'));
      return m ? (m[1] ?? m[2] ?? m[3]) : undefined;
    };
    if (/^<script/i.test(tag)) {
      add(attr('src'));
    } else {
      const rel = (attr('rel') || '').toLowerCase();
      if (/\b(stylesheet|modulepreload|preload|icon)\b/.test(rel)) add(attr('href'));
    }
  }
  // Trunk's inline loader imports the JS glue and fetches the _bg.wasm.
  for (const [, ref] of html.matchAll(/["']([^"'\s]+(?:_bg\.wasm|\.js))["']/g)) add(ref);
  return [...assets];
}

function kb(bytes) {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

async function transferSize() {
  const html = await readFile(path.join(distDir, 'index.html'), 'utf8');
  const files = ['/', ...firstLoadAssets(html)];
  const rows = [];
  for (const file of files) {
    const raw = await rawGet(url(file), { 'accept-encoding': 'identity' });
    const br = await rawGet(url(file), { 'accept-encoding': 'br' });
    if (raw.status !== 200 || br.status !== 200) {
      throw new Error(`GET ${file} answered ${raw.status}/${br.status}`);
    }
    rows.push({ file, raw: raw.bytes, wire: br.bytes, encoding: br.encoding });
  }
  const total = rows.reduce((sum, r) => sum + r.wire, 0);
  const totalRaw = rows.reduce((sum, r) => sum + r.raw, 0);
  const width = Math.max(...rows.map((r) => r.file.length), 4);
  console.log(`\nFirst-load transfer (Accept-Encoding: br) from ${BASE_URL}`);
  console.log(`  ${'file'.padEnd(width)}  ${'raw'.padStart(10)}  ${'on the wire'.padStart(11)}  encoding`);
  for (const r of rows) {
    console.log(`  ${r.file.padEnd(width)}  ${kb(r.raw).padStart(10)}  ${kb(r.wire).padStart(11)}  ${r.encoding}`);
  }
  const within = total < BUDGET_BYTES;
  console.log(`  ${'total'.padEnd(width)}  ${kb(totalRaw).padStart(10)}  ${kb(total).padStart(11)}`);
  console.log(`  target < ${kb(BUDGET_BYTES)}: ${within ? 'OK' : 'OVER BUDGET'}`);
  const notBrotli = rows.filter((r) => r.encoding !== 'br' && r.raw > 1024);
  if (notBrotli.length) {
    console.log(`  note: sent without brotli: ${notBrotli.map((r) => `${r.file} (${r.encoding})`).join(', ')}`);
  }
  return { rows, total, totalRaw, budget: BUDGET_BYTES, within };
}

async function paintTimes() {
  const browser = await launchBrowser();
  const runs = [];
  try {
    for (let i = 0; i < RUNS; i++) {
      // A new context each time: empty cache, cold load.
      const { page, errors, close } = await newPage(browser);
      try {
        await page.goto(url('/'), { waitUntil: 'load' });
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
        runs.push(run);
        console.log(
          `  run ${i + 1}: first contentful paint ${run.fcp.toFixed(0)} ms, interactive ${run.interactive.toFixed(0)} ms`,
        );
        if (errors.length) {
          console.log(`  (run ${i + 1} logged errors: ${errors.map((e) => e.text).join(' | ')})`);
        }
      } finally {
        await close();
      }
    }
  } finally {
    await browser.close();
  }
  const fcp = median(runs.map((r) => r.fcp));
  const interactive = median(runs.map((r) => r.interactive));
  console.log(`  median of ${RUNS}: first contentful paint ${fcp.toFixed(0)} ms, interactive ${interactive.toFixed(0)} ms`);
  return { runs, medianFcpMs: fcp, medianInteractiveMs: interactive };
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
  const size = await transferSize();
  console.log(`\nPaint timing in headless Chromium (${RUNS} cold loads of /)`);
  const timing = await paintTimes();
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
    JSON.stringify({ date: new Date().toISOString(), baseUrl: BASE_URL, size, timing, worker }, null, 2) + '\n',
  );
  console.log(`\nwrote ${path.relative(process.cwd(), out)}`);
  if (!size.within && !process.exitCode) {
    console.log(`first-load transfer ${kb(size.total)} is over the ${kb(BUDGET_BYTES)} budget`);
    process.exitCode = OVER_BUDGET;
  }
}

main().catch((err) => {
  console.error(`bench failed: ${err.stack || err}`);
  process.exitCode = 1;
});
