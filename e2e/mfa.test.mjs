// Two-step sign-in end to end against the real server (`cargo xtask test e2e`, `--demo`): an HFS
// administrator creates an HFS staff account (not a demo account, so it must enrol); the new user
// signs in, is led to set up two-step sign-in before any queue, adds the secret (the test computes
// the authenticator's codes, RFC 6238), saves the recovery codes, then signs in in two steps, with a
// code and with a recovery code. Every page is checked with axe-core.
//
// Run: BASE_URL=http://127.0.0.1:PORT node --test --test-concurrency=1 e2e/mfa.test.mjs

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  url,
  launchBrowser,
  newPage,
  expectNoErrors,
  expectNoAxeViolations,
  openAt,
  expectPage,
  mainH1Text,
  signIn,
  signOut,
  totp,
  API_HEADERS,
  SUMMARY,
} from './support.mjs';

const RUN = Date.now().toString(36).slice(-5);

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

/** Fills the sign-in form and sends it (without waiting to leave the page). */
async function sendPassword(page, username, password) {
  await openAt(page, '/sign-in', 'Sign in');
  await page.fill('#username', username);
  await page.fill('#password', password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

describe('two-step sign-in', () => {
  const username = `hfs-reviewer-${RUN}`;
  const password = `Lantern-Quay-${RUN}-77`;

  test('a new HFS staff account sets up two-step sign-in, then signs in in two steps', async () => {
    // An administrator (a demo account: one step) creates the account.
    const admin = await newPage(browser);
    await signIn(admin.page, 'hfs-admin');
    const created = await admin.page.request.post(url('/api/admin/users'), {
      headers: API_HEADERS,
      data: {
        username,
        email: `${username}@hfs.example`,
        first_name: 'Rene',
        last_name: `Okoye${RUN}`,
        role: 'hfs_staff',
        password,
      },
    });
    assert.equal(created.status(), 201, await created.text());
    await admin.close();

    const { page, errors, close } = await newPage(browser);
    // Not enrolled yet: the password alone signs in, and leads to the set-up page.
    await sendPassword(page, username, password);
    await expectPage(page, '/account/two-step', 'Set up two-step sign-in');
    // The API refuses every queue until then.
    const queue = await page.request.get(url('/api/hfs/registrations'));
    assert.equal(queue.status(), 403);
    assert.equal((await queue.json()).error, 'mfa_enrolment_required');
    const qr = page.getByRole('img', { name: /QR code/ });
    await qr.waitFor();
    assert.equal(await qr.locator('svg').count(), 1);
    await expectNoAxeViolations(page);

    const secret = (await page.locator('#two-step-secret').innerText()).trim();
    assert.match(secret, /^[A-Z2-7 ]{32,40}$/);

    // A code of the wrong form: the error summary and the field's message.
    await page.fill('#code', '12345');
    await page.getByRole('button', { name: 'Turn on two-step sign-in' }).click();
    await page.locator(SUMMARY).waitFor();
    assert.match(await page.locator(SUMMARY).innerText(), /6 digits/);
    await expectNoAxeViolations(page);

    const now = Math.floor(Date.now() / 1000);
    await page.fill('#code', totp(secret, now));
    await page.getByRole('button', { name: 'Turn on two-step sign-in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Save your recovery codes' }).waitFor();
    const codes = await page.getByRole('list', { name: 'Recovery codes' }).locator('li').allInnerTexts();
    assert.equal(codes.length, 10);
    for (const code of codes) assert.match(code, /^[a-z2-9]{5}-[a-z2-9]{5}$/);
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'I have saved my recovery codes' }).click();
    await expectPage(page, '/hfs/tickets', 'Tickets');
    expectNoErrors(errors, 'the set-up journey');
    await signOut(page);

    // Two steps now: the password, then the code (the next 30-second step's: the one used at
    // set-up is not accepted twice).
    await sendPassword(page, username, password);
    await page
      .getByRole('heading', { level: 1, name: 'Enter the code from your authenticator app' })
      .waitFor();
    assert.equal(new URL(page.url()).pathname, '/sign-in');
    await expectNoAxeViolations(page);
    await page.fill('#code', totp(secret, now));
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.locator(SUMMARY).waitFor();
    assert.match(await page.locator(SUMMARY).innerText(), /already used/);
    await expectNoAxeViolations(page);
    await page.fill('#code', totp(secret, now + 30));
    await page.getByRole('button', { name: 'Continue' }).click();
    await expectPage(page, '/hfs/tickets', 'Tickets');
    await signOut(page);

    // A recovery code instead of the app's code.
    await sendPassword(page, username, password);
    await page
      .getByRole('heading', { level: 1, name: 'Enter the code from your authenticator app' })
      .waitFor();
    await page.fill('#code', codes[0]);
    await page.getByRole('button', { name: 'Continue' }).click();
    await expectPage(page, '/hfs/tickets', 'Tickets');
    assert.equal(await mainH1Text(page), 'Tickets');
    // The one 422: the replayed code, refused on purpose.
    expectNoErrors(
      errors.filter((e) => !/422/.test(e.text) || !/\/api\/session\/mfa/.test(e.url ?? e.text)),
      'two-step sign-in',
    );
    await close();
  });

  test('demo accounts sign in in one step', async () => {
    const { page, errors, close } = await newPage(browser);
    await signIn(page, 'hfs-staff');
    await expectPage(page, '/hfs/tickets', 'Tickets');
    expectNoErrors(errors, 'a demo sign-in');
    await close();
  });
});
