// Shared helpers for the end-to-end tests (node:test + playwright-core + axe-core).
//
// Run them with `cargo xtask test e2e`, which builds the app, starts the server
// on a free port with a fresh database and sets BASE_URL. To run them against a
// server you started yourself:
//   BASE_URL=http://127.0.0.1:8080 node --test --test-concurrency=1 e2e/

import { hasMail, allMail } from './mail.mjs';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
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

/** Types a date into the three fields, in their order: `{id}-month`, `{id}-day`, `{id}-year`. */
export async function fillDate(page, id, [month, day, year]) {
  await page.fill(`#${id}-month`, month);
  await page.fill(`#${id}-day`, day);
  await page.fill(`#${id}-year`, year);
}

/** A phone's width (an iPhone 12 to 15: 390 CSS pixels). */
export const PHONE = { width: 390, height: 844 };

/**
 * Makes the page as wide as a phone ([PHONE]) and checks that it does not scroll sideways (the
 * document is no wider than the window), naming what sticks out when it does.
 */
export async function expectNoSidewaysScroll(page, what = 'the page') {
  await page.setViewportSize(PHONE);
  const found = await page.evaluate(
    () =>
      new Promise((resolve) =>
        requestAnimationFrame(() =>
          requestAnimationFrame(() => {
            const root = document.documentElement;
            const width = root.clientWidth;
            const wide = [...document.querySelectorAll('body *')]
              .filter((el) => el.getBoundingClientRect().right > width + 1)
              .filter((el) => !el.closest('.table-frame, .sr-only, .sr-only-focusable'))
              .slice(0, 5)
              .map((el) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}.${[...el.classList].join('.')}`);
            resolve({ scroll: root.scrollWidth, client: width, wide });
          }),
        ),
      ),
  );
  assert.ok(
    found.scroll <= found.client,
    `${what} scrolls sideways at ${PHONE.width}px: ${found.scroll} > ${found.client}; wider: ${found.wide.join(', ')}`,
  );
}

/** The password of every demo account (`portal-server --demo`). */
export const DEMO_PASSWORD = 'Demo-Portal-2026!';

/**
 * Signs in through the sign-in page, as a user would, and waits until the app has left it (to the
 * user's queue: `/tickets`, `/mco/tickets` or `/hfs/tickets`). Works under a fake clock too.
 */
export async function signIn(page, username, password = DEMO_PASSWORD) {
  await openAt(page, '/sign-in', 'Sign in');
  await page.fill('#username', username);
  await page.fill('#password', password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForURL((u) => u.pathname !== '/sign-in', { timeout: 15_000 });
  await appSettled(page);
}

/**
 * Waits until the app on the page is ready and staying: a public entry app (public-<entry>.html)
 * loads an address it does not hold afresh from the server (another entry, or the whole portal,
 * index.html), showing `#loading-elsewhere` meanwhile; this waits for that load too.
 */
export async function appSettled(page, { timeout = 30_000 } = {}) {
  const started = Date.now();
  for (;;) {
    try {
      await page.waitForFunction(
        // Not `performance.mark('app-interactive')`: a test's fake clock (page.clock) hides it.
        () =>
          document.readyState === 'complete' &&
          document.querySelector('main h1') !== null &&
          !document.getElementById('loading-elsewhere'),
        null,
        { timeout: Math.max(1_000, timeout - (Date.now() - started)), polling: 100 },
      );
      return;
    } catch (err) {
      // The page was replaced while it was being read: read the new one.
      if (/context was destroyed|navigat/i.test(err.message) && Date.now() - started < timeout) {
        continue;
      }
      throw err;
    }
  }
}

/**
 * The RFC 6238 code (6 digits, 30-second steps, HMAC-SHA-1) of an authenticator secret in base32
 * (spaces ignored) at `unixSeconds`: what an authenticator app shows. Written from the RFC with
 * node's crypto.
 */
export function totp(secret, unixSeconds = Math.floor(Date.now() / 1000)) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const bits = secret
    .replace(/[\s=]/g, '')
    .toUpperCase()
    .split('')
    .map((c) => {
      const value = alphabet.indexOf(c);
      if (value < 0) throw new Error(`not base32: ${c}`);
      return value.toString(2).padStart(5, '0');
    })
    .join('');
  const key = Buffer.alloc(Math.floor(bits.length / 8));
  for (let i = 0; i < key.length; i += 1) key[i] = parseInt(bits.slice(i * 8, i * 8 + 8), 2);
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(unixSeconds / 30)));
  const mac = createHmac('sha1', key).update(counter).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const number = (mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return String(number).padStart(6, '0');
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

/** Runs axe-core (see `expectNoAxeViolations`) and names `what` in the failure. */
export async function axeOn(page, what) {
  await expectNoAxeViolations(page).catch((e) => {
    throw new Error(`axe on ${what}: ${e.message}`);
  });
}

/** The Illinois date `days` days before now, as [month, day, year] texts for `fillDate`. */
export function daysAgo(days) {
  const d = new Date(Date.now() - days * 86_400_000);
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: 'America/Chicago',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
  }).formatToParts(d);
  const get = (t) => parts.find((p) => p.type === t).value;
  return [get('month'), get('day'), get('year')];
}

/** Presses Tab until the button named `name` has focus, then Enter. */
export async function pressButton(page, name, { max = 120 } = {}) {
  await tabTo(page, page.getByRole('button', { name, exact: true }), { max });
  await page.keyboard.press('Enter');
}

/** Presses Continue from the keyboard (Tab to it, Enter). */
export async function continueByKeyboard(page) {
  await pressButton(page, 'Continue', { max: 80 });
}

/**
 * Selects a radio with the Space key once it has focus: `target` is the radio's id or a locator
 * (e.g. `page.getByLabel('Upheld', { exact: true })`).
 */
export async function chooseRadio(page, target) {
  const radio = typeof target === 'string' ? page.locator(`#${target}`) : target;
  await radio.focus();
  await page.keyboard.press('Space');
  assert.ok(await radio.isChecked(), `${target} should be checked`);
}

/** Replaces the text of the field `selector` by typing `text` into it, as a keyboard does. */
export async function typeInto(page, selector, text) {
  await page.focus(selector);
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.keyboard.type(text);
}

/** The headings of the ticket entry pages (`docs/tickets.md`), by the last part of their path. */
export const ENTRY_H1 = {
  start: 'File a dispute with an MCO',
  facility: 'Which facility is this dispute for?',
  mco: 'Which MCO is the dispute with?',
  type: 'What is the complaint about?',
  dispute: 'Your dispute with the MCO',
  program: "The program and the MCO's process",
  'claims-count': 'How many claims is this dispute about?',
  claims: 'Upload the claims template',
  member: 'About the member',
  claim: 'What is the claim number?',
  details: 'Tell us about the dispute',
  contact: 'Who should be contacted about this ticket?',
  files: 'Add files to support your dispute (optional)',
  check: 'Check your answers before submitting your ticket',
  submitted: 'Ticket submitted',
};

/** Waits for the entry page `step` of the draft `draftId`, with its heading. */
export async function atEntryStep(page, draftId, step) {
  await expectPage(page, `/tickets/new/${draftId}/${step}`, ENTRY_H1[step]);
}

/** Starts a new draft from /tickets/new (checked with axe) by keyboard; returns its id. */
export async function startDraft(page) {
  await openAt(page, '/tickets/new', ENTRY_H1.start);
  await axeOn(page, '/tickets/new');
  await pressButton(page, 'Start a new ticket');
  await page.waitForURL((u) => /^\/tickets\/new\/\d+\/facility$/.test(u.pathname));
  const id = Number(new URL(page.url()).pathname.split('/')[3]);
  await atEntryStep(page, id, 'facility');
  return id;
}

/** A small PDF to upload. */
export function pdfFile(name) {
  return {
    name,
    mimeType: 'application/pdf',
    buffer: Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n'),
  };
}

/** The answers `enterSingleClaimTicket` gives unless told others. */
export const SINGLE_CLAIM_ANSWERS = {
  mco: 'Aetna Better Health of Illinois',
  complaintType: 'Claims/Payment',
  trackingNumber: 'TRK-2026-0042',
  /** The MCO received the dispute this many days ago: 30 to 60 is inside the filing window. */
  receivedDaysAgo: 40,
  firstName: 'Jordan',
  lastName: 'Rivera',
  rin: '123 456 789',
  serviceDaysAgo: 50,
  claimNumber: 'CLM-0001',
  description: 'The MCO denied the claim as a duplicate. It is not one.',
  desiredOutcome: 'Pay the claim at the contracted rate.',
  /** The issue stops a member from getting care now: the ticket is expedited. */
  accessToCare: false,
  /** A file for the files page (see `pdfFile`), or null for none. */
  file: pdfFile('claim.pdf'),
};

/**
 * Enters a ticket of one claim as the signed-in provider, one question a page as `docs/tickets.md`
 * lists them, from the keyboard (Tab to a control; Space for radios; typing; Enter on buttons;
 * only the file is chosen by script), checking every page with axe-core, and submits it.
 *
 * - `answers`: overrides of `SINGLE_CLAIM_ANSWERS`.
 * - `arrive[step](draftId)`: runs on arrival at the page `step` (`facility` ... `check`), before its
 *   answers are given: for checks of what the page shows and of its errors. The helper then gives
 *   every answer of the page again, so a hook may leave wrong ones.
 * - `answered[step](draftId)`: runs once the page's answers are given, before Continue.
 *
 * Returns `{ draftId, ticketId, number, path }` with the page on `/tickets/{id}/submitted`.
 */
export async function enterSingleClaimTicket(page, answers = {}, { arrive = {}, answered = {} } = {}) {
  const a = { ...SINGLE_CLAIM_ANSWERS, ...answers };
  const draftId = await startDraft(page);
  const step = async (name, answer) => {
    await atEntryStep(page, draftId, name);
    await arrive[name]?.(draftId);
    await answer();
    await answered[name]?.(draftId);
    await axeOn(page, `the entry page ${name}`);
  };
  const typeDate = async (id, [month, day, year]) => {
    await typeInto(page, `#${id}-month`, month);
    await typeInto(page, `#${id}-day`, day);
    await typeInto(page, `#${id}-year`, year);
  };

  await step('facility', async () => {
    // The user's facility is preselected; the first one otherwise.
    if (!(await page.isChecked('#facility'))) await chooseRadio(page, 'facility');
  });
  await continueByKeyboard(page);
  await step('mco', () => chooseRadio(page, page.getByLabel(a.mco, { exact: true })));
  await continueByKeyboard(page);
  await step('type', () => chooseRadio(page, page.getByLabel(a.complaintType, { exact: true })));
  await continueByKeyboard(page);

  await step('dispute', async () => {
    await typeInto(page, '#tracking-number', a.trackingNumber);
    await typeDate('received', daysAgo(a.receivedDaysAgo));
    // The filing window is worked out live as the date is typed.
    await page
      .waitForFunction(
        () =>
          document
            .querySelector('#filing-window')
            ?.textContent.includes('You can file this dispute now, until'),
        null,
        { timeout: 10_000 },
      )
      .catch(async () => {
        const shown = await page.locator('#filing-window').innerText().catch(() => '(none)');
        assert.fail(`the filing window should be open, it says: ${shown}`);
      });
  });
  await continueByKeyboard(page);

  await step('program', async () => {
    await chooseRadio(page, 'program'); // Medicaid, through an MCO
    await chooseRadio(page, 'internal-process'); // Yes
    await chooseRadio(page, 'prior-authorization-2'); // No
  });
  await continueByKeyboard(page);
  // One claim (the first choice); 2 to 100 go on the template (e2e/claims.test.mjs).
  await step('claims-count', () => chooseRadio(page, page.getByLabel('One claim', { exact: true })));
  await continueByKeyboard(page);

  await step('member', async () => {
    await typeInto(page, '#member-first-name', a.firstName);
    await typeInto(page, '#member-last-name', a.lastName);
    await typeInto(page, '#rin', a.rin);
    await typeDate('service-from', daysAgo(a.serviceDaysAgo));
  });
  await continueByKeyboard(page);
  await step('claim', () => typeInto(page, '#claim-number', a.claimNumber));
  await continueByKeyboard(page);
  await step('details', async () => {
    await typeInto(page, '#description', a.description);
    await typeInto(page, '#desired-outcome', a.desiredOutcome);
    if (a.accessToCare) {
      await tabTo(page, '#access-to-care');
      await page.keyboard.press('Space');
      assert.ok(await page.isChecked('#access-to-care'), 'the access-to-care box is ticked');
    }
  });
  await continueByKeyboard(page);

  await step('contact', async () => {
    // Filled in from the profile.
    await page.waitForFunction(() => document.querySelector('#contact-email')?.value.includes('@'));
    assert.ok((await page.inputValue('#contact-name')).length > 0, 'the name is prefilled');
  });
  await continueByKeyboard(page);

  await step('files', async () => {
    if (!a.file) return;
    // Choosing a file is the only step a keyboard cannot script; it is uploaded with the keyboard.
    await page.setInputFiles('#file', a.file);
    await pressButton(page, 'Upload file');
    await page.waitForFunction(
      (name) => document.querySelector('#files')?.textContent.includes(name),
      a.file.name,
    );
  });
  await continueByKeyboard(page);

  await step('check', async () => {});
  await pressButton(page, 'Submit your ticket', { max: 160 });
  await page.waitForURL((u) => /^\/tickets\/\d+\/submitted$/.test(u.pathname));
  const path = new URL(page.url()).pathname;
  await expectPage(page, path, ENTRY_H1.submitted);
  const number = (await page.locator('#ticket-number').innerText()).trim();
  assert.match(number, /^PRP-\d{4}-\d{6}$/);
  await axeOn(page, 'the submitted page');
  return { draftId, ticketId: Number(path.split('/')[2]), number, path };
}

/**
 * The path and fragment (`/confirm-email#token=...`) of the newest emailed link to `to` that opens
 * `path`, read from the email received: `cargo xtask test e2e` runs an SMTP sink whose folder is
 * `PORTAL_E2E_MAILDIR` (`e2e/mail.mjs` reads it). Without it (a server started by hand with
 * `--demo` and no `--smtp-url`), the email is read from the demo outbox (`/api/demo/outbox`).
 * Only the link's path and fragment are kept, and opened on this server.
 */
export async function emailedLink(request, to, path) {
  const pattern = new RegExp(`https?://[^\\s/]+(${path}#[a-z]+=[A-Za-z0-9_-]+)`);
  for (let attempt = 0; attempt < 150; attempt++) {
    const texts = hasMail()
      ? allMail()
          .reverse()
          .filter((m) => m.envelopeTo.some((a) => a.toLowerCase() === to.toLowerCase()))
          .map((m) => m.text)
      : (await (await request.get(url('/api/demo/outbox'))).json())
          .filter((m) => m.to.toLowerCase() === to.toLowerCase())
          .map((m) => m.body);
    for (const text of texts) {
      const found = text.match(pattern);
      if (found) return found[1];
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.fail(`no email to ${to} with a link to ${path}`);
}

/** Whether an email to `to` with this subject was received (or, without the sink, queued). */
export async function emailedSubject(request, to, subject) {
  for (let attempt = 0; attempt < 150; attempt++) {
    const found = hasMail()
      ? allMail().some(
          (m) => m.subject === subject && m.envelopeTo.some((a) => a.toLowerCase() === to.toLowerCase()),
        )
      : (await (await request.get(url('/api/demo/outbox'))).json()).some(
          (m) => m.to === to && m.subject === subject,
        );
    if (found) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

/** Confirms the address `to` through its newest emailed confirmation link (through the API). */
export async function confirmThroughApi(request, to) {
  const link = await emailedLink(request, to, '/confirm-email');
  const token = link.split('#token=')[1];
  const answer = await request.post(url('/api/email-confirmation'), {
    headers: API_HEADERS,
    data: { token },
  });
  assert.equal(answer.status(), 204, `confirm ${to}: ${await answer.text()}`);
}
