// Deadline engine benchmark, the browser half and the summary; run by `cargo xtask bench` after
// the first-load part (e2e/bench.mjs) and after it has run, in target/bench/ (BENCH_DIR):
//  - the native timelines example (native-LABEL.json, one per Rust build),
//  - the business-day comparison with NumPy (busdays/busdays.json, from bench/busdays_numpy.py),
//  - the wasm build of the engine (engine-wasm/pkg/, from xtask/engine-wasm/lib.rs).
// This script measures timelines per second in headless Chromium with that wasm build (the same
// 10,000 tickets as native; both must arrive at the same check number), prints the summary block
// and adds everything to e2e/results/bench.json under `engine`.
// A part that xtask could not run leaves a file PART.skipped with the reason.
//
//   node e2e/bench-engine.mjs target/bench
//
// Exit status 1 when a part failed or disagreed.

import http from 'node:http';
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const SECONDS = 2;
const WARMUP_MS = 500;
const here = path.dirname(fileURLToPath(import.meta.url));
const benchDir = path.resolve(process.argv[2] || path.join(here, '..', 'target', 'bench'));
const resultsFile = path.join(here, 'results', 'bench.json');
const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
// The flags of e2e/support.mjs (which needs BASE_URL, so it is not imported here).
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-dev-shm-usage',
];

const problems = [];

async function readJson(file) {
  try {
    return JSON.parse(await readFile(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/** Why a part did not run: the text of PART.skipped, or a default. */
async function skipped(part, otherwise = 'did not run') {
  try {
    return (await readFile(path.join(benchDir, `${part}.skipped`), 'utf8')).trim();
  } catch {
    return otherwise;
  }
}

const TYPES = { '.js': 'text/javascript', '.wasm': 'application/wasm', '.html': 'text/html' };

/** Serves `dir` on 127.0.0.1 (a free port), with an empty page at `/`. */
function serve(dir) {
  const server = http.createServer(async (req, res) => {
    const pathname = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (pathname === '/') {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,">' +
          '<title>Deadline engine benchmark</title></head><body><p>engine</p></body></html>',
      );
      return;
    }
    const file = path.join(dir, path.normalize(pathname).replace(/^(\.\.[/\\])+/, ''));
    if (!file.startsWith(dir + path.sep)) {
      res.writeHead(403).end();
      return;
    }
    try {
      const body = await readFile(file);
      res.writeHead(200, {
        'content-type': TYPES[path.extname(file)] || 'application/octet-stream',
        'cache-control': 'no-store',
      });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve, reject) => {
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

/** Timelines per second of the wasm build in headless Chromium. */
async function chromiumTimelines(pkgDir) {
  const js = 'engine_wasm_bench.js';
  if (!existsSync(path.join(pkgDir, js))) {
    return { skipped: await skipped('wasm', `${path.join(pkgDir, js)} is missing`) };
  }
  const server = await serve(pkgDir);
  const base = `http://127.0.0.1:${server.address().port}`;
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (err) => errors.push(String(err)));
    page.on('console', (msg) => msg.type() === 'error' && errors.push(msg.text()));
    await page.goto(base + '/', { waitUntil: 'load' });
    const run = await page.evaluate(
      async ({ module, seconds, warmupMs }) => {
        const m = await import(module);
        await m.default();
        const tickets = m.prepare();
        let check = m.pass();
        const warm = performance.now();
        while (performance.now() - warm < warmupMs) check = m.pass();
        let passes = 0;
        const started = performance.now();
        let now = started;
        while (now - started < seconds * 1000) {
          check = m.pass();
          passes += 1;
          now = performance.now();
        }
        return { tickets, passes, ms: now - started, check };
      },
      { module: `${base}/${js}`, seconds: SECONDS, warmupMs: WARMUP_MS },
    );
    if (errors.length) problems.push(`Chromium logged errors: ${errors.join(' | ')}`);
    const perSecond = Math.round((run.passes * run.tickets) / (run.ms / 1000));
    console.log(
      `  ${run.passes * run.tickets} timelines in ${(run.ms / 1000).toFixed(2)} s (${run.passes} passes), check ${run.check}`,
    );
    await context.close();
    return {
      timelinesPerSecond: perSecond,
      tickets: run.tickets,
      passes: run.passes,
      seconds: run.ms / 1000,
      check: run.check,
      browser: `Chromium ${browser.version()}`,
      build: 'wasm32-unknown-unknown, the workspace release profile, wasm-bindgen --target web',
    };
  } finally {
    await browser.close();
    server.close();
  }
}

const fmt = (n) => Math.round(n).toLocaleString('en-US');
const ms = (n) => `${n.toFixed(1)} ms`;

function ratioWords(rustMs, numpyMs) {
  return rustMs <= numpyMs
    ? `Rust is ${(numpyMs / rustMs).toFixed(1)}x faster`
    : `NumPy is ${(rustMs / numpyMs).toFixed(1)}x faster`;
}

async function main() {
  const native = {};
  for (const label of ['release', 'opt3']) {
    native[label] = (await readJson(path.join(benchDir, `native-${label}.json`))) ?? {
      skipped: await skipped(`native-${label}`),
    };
  }

  console.log(`\nTimelines per second in headless Chromium (wasm, ${SECONDS} s after a warm-up)`);
  let browser;
  try {
    browser = await chromiumTimelines(path.join(benchDir, 'engine-wasm', 'pkg'));
  } catch (err) {
    browser = { failed: String(err.message || err) };
    problems.push(`Chromium: ${browser.failed}`);
  }
  if (browser.skipped) console.log(`  skipped: ${browser.skipped}`);
  if (browser.check && native.release.check && browser.check !== native.release.check) {
    problems.push(
      `the wasm build computed different timelines (check ${browser.check}) than the native one (check ${native.release.check})`,
    );
  }

  const busdays = (await readJson(path.join(benchDir, 'busdays', 'busdays.json'))) ?? {
    skipped: await skipped('busdays'),
  };
  if (busdays.problems?.length) problems.push(...busdays.problems.map((p) => `business days: ${p}`));
  for (const [label, b] of Object.entries(busdays.builds ?? {})) {
    if (b.agree !== busdays.dates) {
      problems.push(`business days: Rust (${label}) and NumPy disagree on ${busdays.dates - b.agree} dates`);
    }
  }

  // The summary block.
  const lines = ['', 'Deadline engine'];
  const perSecond = (what, r) =>
    `  timelines per second, ${what.padEnd(23)}${
      r?.timelinesPerSecond != null ? fmt(r.timelinesPerSecond).padStart(12) : `   ${r?.skipped ?? r?.failed ?? 'not run'}`
    }`;
  lines.push(perSecond('native (release):', native.release));
  lines.push(perSecond('native (opt-level 3):', native.opt3));
  lines.push(perSecond('Chromium (wasm):', browser));
  if (browser.check && native.release.check) {
    lines.push(
      `  same timelines native and wasm: ${browser.check === native.release.check ? 'yes' : 'NO'} (check ${browser.check})`,
    );
  }
  const total = busdays.dates ?? 1_000_000;
  lines.push(`Business days vs NumPy busday_offset (${fmt(total)} dates, same holidays)`);
  if (busdays.skipped) {
    lines.push(`  skipped: ${busdays.skipped}`);
    const rust = await readJson(path.join(benchDir, 'busdays', 'rust-release.json'));
    if (rust) lines.push(`  Rust: ${ms(rust.bestMs)} (NumPy not run)`);
  } else {
    const release = busdays.builds?.release;
    const opt3 = busdays.builds?.opt3;
    lines.push(`  agree on ${release?.agree ?? 0} of ${total} dates`);
    for (const d of release?.firstDisagreements ?? []) {
      lines.push(`    ${d.date} (${d.weekday}) + ${d.n}: Rust ${d.rust}, NumPy ${d.numpy}`);
    }
    if (release) {
      lines.push(
        `  Rust: ${ms(release.rustBestMs)}   NumPy: ${ms(busdays.numpyBestMs)}   ${ratioWords(release.rustBestMs, busdays.numpyBestMs)}`,
      );
    }
    if (opt3) {
      const agreeNote = opt3.agree === total ? '' : `   (agrees on only ${opt3.agree})`;
      lines.push(
        `  Rust at opt-level 3: ${ms(opt3.rustBestMs)}   ${ratioWords(opt3.rustBestMs, busdays.numpyBestMs)}${agreeNote}`,
      );
    }
    lines.push(`  (best of 5 each; NumPy ${busdays.numpyVersion} on Python ${busdays.python})`);
  }
  for (const p of problems) lines.push(`error: ${p}`);
  console.log(lines.join('\n'));

  // Into e2e/results/bench.json, beside the first-load figures.
  await mkdir(path.dirname(resultsFile), { recursive: true });
  const results = (await readJson(resultsFile)) ?? {};
  results.engine = {
    date: new Date().toISOString(),
    timelinesPerSecond: {
      native: native.release,
      nativeOptLevel3: native.opt3,
      chromiumWasm: browser,
    },
    businessDaysVsNumpy: busdays,
    problems,
  };
  await writeFile(resultsFile, JSON.stringify(results, null, 2) + '\n');
  console.log(`\nwrote ${path.relative(process.cwd(), resultsFile)} (engine)`);
  if (problems.length) process.exitCode = 1;
}

main().catch((err) => {
  console.error(`engine bench failed: ${err.stack || err}`);
  process.exitCode = 1;
});
