// Shared helpers for the end-to-end tests (node:test + playwright-core + axe-core).
//
// Run them with `cargo xtask test e2e`, which builds the app, starts the server
// on a free port with a fresh database and sets BASE_URL. To run them against a
// server you started yourself:
//   BASE_URL=http://127.0.0.1:8080 node --test --test-concurrency=1 e2e/

import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';

function baseUrl() {
  const value = process.env.BASE_URL;
  if (!value) {
    throw new Error(
      'BASE_URL is not set. Run the end-to-end tests with `cargo xtask test e2e` ' +
        '(it starts the server), or start the server yourself and set ' +
        'BASE_URL=http://127.0.0.1:PORT',
    );
  }
  return value.replace(/\/+$/, '');
}

/** The server under test, without a trailing slash, e.g. `http://127.0.0.1:41234`. */
export const BASE_URL = baseUrl();

/** An absolute URL on the server under test: `url('/api/health')`. */
export function url(path = '/') {
  return new URL(path, BASE_URL + '/').href;
}

/** Debian's Chromium; override with CHROMIUM_PATH. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** Flags that keep Chromium quiet and working on a closed network, as root, in a container. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-dev-shm-usage',
];

/** Starts headless Chromium. Close it in an `after` hook. */
export async function launchBrowser() {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
    headless: process.env.HEADED ? false : true,
  });
}

/**
 * A page in a new browser context (axe needs one), recording problems.
 *
 * Returns `{ context, page, errors, close }`. `errors` collects console errors
 * and uncaught page errors as `{ kind, text, url }`; check it with
 * `expectNoErrors(errors)`. Call `close()` when done (it closes the context).
 */
export async function newPage(browser, contextOptions = {}) {
  const context = await browser.newContext(contextOptions);
  const page = await context.newPage();
  const errors = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') {
      errors.push({ kind: 'console.error', text: msg.text(), url: msg.location()?.url ?? '' });
    }
  });
  page.on('pageerror', (err) => {
    errors.push({ kind: 'page error', text: String(err?.stack || err), url: page.url() });
  });
  return { context, page, errors, close: () => context.close() };
}

/** Fails with every recorded console error and page error, if any. */
export function expectNoErrors(errors, what = 'the page') {
  if (errors.length === 0) return;
  const lines = errors.map((e) => `  - ${e.kind}: ${e.text}${e.url ? ` (${e.url})` : ''}`);
  assert.fail(`${errors.length} console/page error(s) on ${what}:\n${lines.join('\n')}`);
}

/**
 * Opens `path` and waits until the app has mounted, that is until it has set
 * `performance.mark('app-interactive')`. Returns the navigation response.
 */
export async function openApp(page, path = '/', { timeout = 30_000 } = {}) {
  const response = await page.goto(url(path), { waitUntil: 'load' });
  try {
    await page.waitForFunction(
      () => performance.getEntriesByName('app-interactive').length > 0,
      null,
      { timeout },
    );
  } catch (err) {
    throw new Error(
      `the app at ${url(path)} did not set performance.mark('app-interactive') within ` +
        `${timeout} ms (did it fail to load or mount?): ${err.message}`,
    );
  }
  return response;
}

/** Tags of the WCAG 2.1 A and AA rules. */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/**
 * Runs axe-core on the page (WCAG 2.1 A + AA) and fails with a readable list
 * of the violations, if any. `configure(builder)` may narrow it further, e.g.
 * `(b) => b.include('main')`.
 */
export async function expectNoAxeViolations(page, configure = (b) => b) {
  const builder = configure(new AxeBuilder({ page }).withTags(AXE_TAGS));
  const results = await builder.analyze();
  const violations = results.violations;
  if (violations.length === 0) return;
  const lines = [];
  for (const v of violations) {
    lines.push(`  - ${v.id} (${v.impact ?? 'unknown impact'}): ${v.help}`);
    for (const node of v.nodes.slice(0, 10)) {
      lines.push(`      at ${node.target.join(' ')}`);
      if (node.failureSummary) {
        lines.push(...node.failureSummary.split('\n').map((l) => `         ${l.trim()}`));
      }
    }
    if (v.nodes.length > 10) lines.push(`      ... and ${v.nodes.length - 10} more`);
    lines.push(`      ${v.helpUrl}`);
  }
  assert.fail(
    `${violations.length} accessibility violation(s) on ${page.url()}:\n${lines.join('\n')}`,
  );
}

/** A short description of the focused element, for messages: `a "Skip to main content"`. */
export async function describeFocused(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return '(nothing: body)';
    const name =
      el.getAttribute('aria-label') || el.textContent?.trim().replace(/\s+/g, ' ').slice(0, 60) || '';
    const id = el.id ? `#${el.id}` : '';
    return `${el.tagName.toLowerCase()}${id} "${name}"`;
  });
}

/**
 * Presses Tab (Shift+Tab with `{ backwards: true }`) until `target` has focus:
 * `target` is a Playwright locator or a CSS selector. Returns how many presses
 * it took; fails after `max` presses, listing what got focus on the way.
 */
export async function tabTo(page, target, { max = 40, backwards = false } = {}) {
  const locator = typeof target === 'string' ? page.locator(target) : target;
  const key = backwards ? 'Shift+Tab' : 'Tab';
  const seen = [];
  for (let presses = 1; presses <= max; presses++) {
    await page.keyboard.press(key);
    const focused = await locator
      .first()
      .evaluate((el) => el === document.activeElement)
      .catch(() => false);
    if (focused) return presses;
    seen.push(await describeFocused(page));
  }
  assert.fail(
    `${target} did not get focus after ${max} presses of ${key}; focus went to:\n` +
      seen.map((s, i) => `  ${i + 1}. ${s}`).join('\n'),
  );
}

/** The service's name: every page title ends with " - " and it. */
export const SERVICE_NAME = 'Illinois Medicaid Provider Resolution Portal';

/**
 * A new page (see `newPage`) whose clock starts at `time` and then runs on by itself; it can be
 * moved on with `handle.context.clock`. Under a fake clock `openApp`'s performance mark is not
 * seen: wait for the page's heading with `expectPage` instead.
 */
export async function newPageAt(browser, time) {
  const handle = await newPage(browser);
  await handle.context.clock.install({ time });
  return handle;
}

/** The text of the page's `<main>` heading, or null. */
export async function mainH1Text(page) {
  return page.evaluate(() => document.querySelector('main h1')?.textContent?.trim() ?? null);
}

/** Waits until the app shows `path` with `h1` as its heading; fails with what it shows instead. */
export async function expectPage(page, path, h1) {
  try {
    await page.waitForURL((u) => u.pathname === path, { timeout: 10_000 });
    await page.waitForFunction(
      (text) => document.querySelector('main h1')?.textContent?.trim() === text,
      h1,
      { timeout: 10_000, polling: 100 },
    );
  } catch {
    assert.fail(
      `expected ${path} with the heading "${h1}", but the page is ${page.url()} ` +
        `with the heading "${await mainH1Text(page)}"`,
    );
  }
}

/** Loads `path` in the page (a fresh start of the app), checks it answers 200, waits for `h1`. */
export async function openAt(page, path, h1) {
  const response = await page.goto(url(path), { waitUntil: 'load' });
  assert.equal(response?.status(), 200, `GET ${path} should answer 200`);
  await expectPage(page, path, h1);
}

/** The page's own title, once the app has set it (the shell's <title> is just the service name). */
export async function settledTitle(page) {
  await page
    .waitForFunction((name) => document.title.endsWith(` - ${name}`), SERVICE_NAME, {
      timeout: 5_000,
      polling: 100,
    })
    .catch(() => {});
  return page.title();
}

/** Types a date into the three fields `{id}-day`, `{id}-month`, `{id}-year`. */
export async function fillDate(page, id, [day, month, year]) {
  await page.fill(`#${id}-day`, day);
  await page.fill(`#${id}-month`, month);
  await page.fill(`#${id}-year`, year);
}

/** The password of every demo account (`portal-server --demo`). */
export const DEMO_PASSWORD = 'Demo-Portal-2026!';

/**
 * Signs in through the sign-in page, as a user would, and waits until the app has left it (to
 * `/account`, or `/hfs/registrations` for HFS). Works under a fake clock too.
 */
export async function signIn(page, username, password = DEMO_PASSWORD) {
  await openAt(page, '/sign-in', 'Sign in');
  await page.fill('#username', username);
  await page.fill('#password', password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForURL((u) => u.pathname !== '/sign-in', { timeout: 15_000 });
}

/** Signs out with the header's "Sign out" button and waits for the sign-in page. */
export async function signOut(page) {
  await page.locator('header').getByRole('button', { name: 'Sign out', exact: true }).click();
  await expectPage(page, '/sign-in', 'Sign in');
}

/** The error summary ("There is a problem") and the success banner, as selectors. */
export const SUMMARY = '[aria-labelledby="error-summary-title"]';
export const BANNER = '[aria-labelledby="success-banner-title"]';

/** The header every call to the API from outside the app sends. */
export const API_HEADERS = { 'X-Requested-With': 'portal-app' };

/** Checks that the page's title is marked as having errors. */
export async function expectErrorTitle(page) {
  const title = await settledTitle(page);
  assert.ok(title.startsWith('Error: '), `the title should start with "Error: ", got "${title}"`);
}

/** Waits until the success banner says `pattern`. */
export async function expectBanner(page, pattern) {
  try {
    await page.locator(BANNER).getByText(pattern).waitFor({ timeout: 10_000 });
  } catch {
    const shown = await page.locator(BANNER).innerText().catch(() => '(no banner)');
    assert.fail(`expected the success banner to say ${pattern}, it says: ${shown}`);
  }
}
