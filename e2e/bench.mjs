// First-load benchmark, run by `cargo xtask bench` (which builds the app,
// starts the server and sets BASE_URL and DIST_DIR):
//  (a) bytes on the wire for `/` and everything dist/index.html loads, asked
//      for with `Accept-Encoding: br`, against a budget;
//  (b) first contentful paint and time until the app is interactive
//      (its `performance.mark('app-interactive')`), median of 5 cold loads
//      in headless Chromium.
// Writes the numbers to e2e/results/bench.json as well; `cargo xtask bench` then adds the
// deadline engine's figures to it under `engine` (e2e/bench-engine.mjs).

import http from 'node:http';
import { readFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BASE_URL, url, launchBrowser, newPage } from './support.mjs';

const BUDGET_BYTES = 150 * 1024;
const RUNS = 5;
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

async function main() {
  const size = await transferSize();
  console.log(`\nPaint timing in headless Chromium (${RUNS} cold loads of /)`);
  const timing = await paintTimes();
  const resultsDir = path.join(here, 'results');
  await mkdir(resultsDir, { recursive: true });
  const out = path.join(resultsDir, 'bench.json');
  await writeFile(
    out,
    JSON.stringify({ date: new Date().toISOString(), baseUrl: BASE_URL, size, timing }, null, 2) + '\n',
  );
  console.log(`\nwrote ${path.relative(process.cwd(), out)}`);
  if (!size.within) {
    console.log(`first-load transfer ${kb(size.total)} is over the ${kb(BUDGET_BYTES)} budget`);
    process.exitCode = OVER_BUDGET;
  }
}

main().catch((err) => {
  console.error(`bench failed: ${err.stack || err}`);
  process.exitCode = 1;
});
