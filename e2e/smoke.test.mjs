// Smoke tests: the app shell, the not-found page, the API's 404 and the
// security headers. Run with `cargo xtask test e2e`.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  url,
  launchBrowser,
  newPage,
  openApp,
  expectNoErrors,
  expectNoAxeViolations,
  describeFocused,
  tabTo,
} from './support.mjs';

const PHONE = '877-782-5565';
const EMAIL = 'HFS.PortalInquiries@illinois.gov';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

test('home page: landmarks, skip link first, contact details, no errors, no axe violations', async () => {
  const { page, errors, close } = await newPage(browser);
  try {
    const response = await openApp(page, '/');
    assert.equal(response?.status(), 200, 'GET / should answer 200');

    assert.ok((await page.locator('h1').count()) >= 1, 'the home page should have an <h1>');
    assert.equal(await page.locator('main').count(), 1, 'the home page should have one <main>');

    // From the top of the page, the first Tab lands on the skip link.
    await page.keyboard.press('Tab');
    const skip = await page.evaluate(() => {
      const el = document.activeElement;
      return el && { tag: el.tagName, text: el.textContent ?? '', href: el.getAttribute('href') ?? '' };
    });
    assert.ok(
      skip?.tag === 'A' && skip.text.includes('Skip to main content'),
      `the first Tab should focus a "Skip to main content" link, got ${await describeFocused(page)}`,
    );
    if (skip.href.startsWith('#') && skip.href.length > 1) {
      const id = decodeURIComponent(skip.href.slice(1));
      const exists = await page.evaluate((id) => document.getElementById(id) !== null, id);
      assert.ok(exists, `the skip link points to #${id}, which is not on the page`);
    }

    const footer = page.locator('footer');
    assert.ok((await footer.count()) >= 1, 'the home page should have a <footer>');
    const footerText = await footer.first().innerText();
    assert.ok(footerText.includes(PHONE), `the footer should show ${PHONE}; it says: ${footerText}`);
    assert.ok(footerText.includes(EMAIL), `the footer should show ${EMAIL}; it says: ${footerText}`);

    await expectNoAxeViolations(page);
    expectNoErrors(errors, 'the home page');
  } finally {
    await close();
  }
});

test('an unknown app path shows "Page not found" without axe violations', async () => {
  const { page, errors, close } = await newPage(browser);
  try {
    const response = await openApp(page, '/no-such-page');
    const status = response?.status();
    assert.ok(status === 200 || status === 404, `GET /no-such-page answered ${status}`);
    const h1 = page.locator('h1');
    assert.equal(await h1.count(), 1, 'the not-found page should have one <h1>');
    assert.equal((await h1.innerText()).trim(), 'Page not found');
    await expectNoAxeViolations(page);
    // A 404 status for the document itself is logged by Chromium as a console
    // error; that one is expected, anything else is not.
    const unexpected = errors.filter(
      (e) => !(status === 404 && e.kind === 'console.error' && e.text.includes('404') && e.url === url('/no-such-page')),
    );
    expectNoErrors(unexpected, 'the not-found page');
  } finally {
    await close();
  }
});

test('GET /api/no-such-thing answers 404 with a JSON body', async () => {
  const response = await fetch(url('/api/no-such-thing'));
  assert.equal(response.status, 404);
  const type = response.headers.get('content-type') ?? '';
  assert.match(type, /^application\/(problem\+)?json/, `content-type is "${type}"`);
  const text = await response.text();
  assert.doesNotThrow(() => JSON.parse(text), `the body is not JSON: ${text}`);
});

test('GET / sends a CSP that allows wasm but not eval, and cache-control: no-store', async () => {
  const response = await fetch(url('/'));
  assert.equal(response.status, 200);
  const csp = response.headers.get('content-security-policy');
  assert.ok(csp, 'GET / should send a Content-Security-Policy header');
  assert.ok(csp.includes("'wasm-unsafe-eval'"), `the CSP should allow 'wasm-unsafe-eval': ${csp}`);
  assert.ok(!/(^|[\s;])'unsafe-eval'/.test(csp), `the CSP must not allow 'unsafe-eval': ${csp}`);
  const cacheControl = response.headers.get('cache-control') ?? '';
  assert.ok(
    cacheControl.split(',').some((d) => d.trim().toLowerCase() === 'no-store'),
    `GET / should send cache-control: no-store, got "${cacheControl}"`,
  );
});

test('the start button is announced as a button and answers Space as well as Enter', async () => {
  const { page, errors, close } = await newPage(browser);
  try {
    await openApp(page, '/');
    const start = page.getByRole('button', { name: 'Check if you can file a dispute' });
    await tabTo(page, start);
    await page.keyboard.press('Space');
    await page.waitForURL(url('/eligibility'));
    assert.equal(
      await page.locator('main h1').textContent(),
      'Check if you can file a dispute with HFS',
    );
    const next = page.getByRole('button', { name: 'Start now' });
    await tabTo(page, next);
    await page.keyboard.press('Enter');
    await page.waitForURL(url('/eligibility/program'));
    expectNoErrors(errors);
  } finally {
    await close();
  }
});
