// Password reset and address confirmation, end to end in Chromium, by keyboard, with axe on every
// page: the link is read from the email the SMTP sink received (docs/accounts.md, "Password reset" and
// "Confirmed addresses").
//
// Run: BASE_URL=http://127.0.0.1:PORT node --test --test-concurrency=1 e2e/password_reset.test.mjs

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  url,
  launchBrowser,
  newPage,
  expectNoErrors,
  expectPage,
  openAt,
  tabTo,
  pressButton,
  axeOn,
  signIn,
  SUMMARY,
  API_HEADERS,
  emailedLink,
  emailedSubject,
} from './support.mjs';

const RUN = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4).toString(36)}`;
const FIRST_PASSWORD = 'Lantern-Orchard-4417-first';
const NEW_PASSWORD = 'Quartz-Meadow-Violin-82-new';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

/** Tabs to the field `selector` and types `text` into it. */
async function typeByKeyboard(page, selector, text) {
  await tabTo(page, selector, { max: 60 });
  await page.keyboard.type(text);
}

describe('password reset', () => {
  test('a user who forgot the password gets a link by email and chooses a new one', async () => {
    const { page, errors, close } = await newPage(browser);
    try {
      const username = `forgot-${RUN}`;
      const email = `${username}@example.org`;
      const made = await page.request.post(url('/api/registrations'), {
        headers: API_HEADERS,
        data: { email, username, password: FIRST_PASSWORD, confirm_password: FIRST_PASSWORD },
      });
      assert.equal(made.status(), 201, await made.text());
      await page.context().clearCookies();

      await openAt(page, '/sign-in', 'Sign in');
      await tabTo(page, page.getByRole('link', { name: 'Forgot your password?' }), { max: 60 });
      await page.keyboard.press('Enter');
      await expectPage(page, '/forgot-password', 'Reset your password');
      await axeOn(page, '/forgot-password');

      // Nothing typed: the error summary, axe-clean.
      await pressButton(page, 'Send me a link');
      await page.locator(SUMMARY).waitFor({ timeout: 10_000 });
      await axeOn(page, '/forgot-password with an error');

      await typeByKeyboard(page, '#identifier', username);
      await pressButton(page, 'Send me a link');
      await expectPage(page, '/forgot-password/sent', 'Check your email');
      await axeOn(page, '/forgot-password/sent');

      // The link from the email: the token leaves the address bar once read.
      const link = await emailedLink(page.request, email, '/password-reset');
      await page.goto(url(link), { waitUntil: 'load' });
      await expectPage(page, '/password-reset', 'Choose a new password');
      assert.equal(await page.evaluate(() => location.hash), '', 'the token is removed from the URL');
      await axeOn(page, '/password-reset');

      // The password rules apply.
      await typeByKeyboard(page, '#password', 'too short');
      await pressButton(page, 'Change password');
      await page.locator(SUMMARY).waitFor({ timeout: 10_000 });
      assert.match(await page.locator(SUMMARY).innerText(), /12 characters or more/);
      await axeOn(page, '/password-reset with an error');

      await page.focus('#password');
      await page.keyboard.press('Control+A');
      await page.keyboard.type(NEW_PASSWORD);
      await pressButton(page, 'Change password');
      await expectPage(page, '/password-reset/done', 'Your password has been changed');
      await axeOn(page, '/password-reset/done');

      // The account is told, and the new password signs in.
      const told = await emailedSubject(page.request, email, 'Your Provider Resolution Portal password was changed');
      assert.ok(told, 'the account is emailed that its password changed');
      await signIn(page, username, NEW_PASSWORD);
      await page.context().clearCookies();

      // The link works once.
      await page.goto(url(link), { waitUntil: 'load' });
      await expectPage(page, '/password-reset', 'Choose a new password');
      await typeByKeyboard(page, '#password', 'Another-Good-Password-93');
      await pressButton(page, 'Change password');
      await expectPage(page, '/password-reset', 'This link cannot be used');
      assert.match(await page.locator('main').innerText(), /Ask for a new link/);
      await axeOn(page, 'a used reset link');
      // 401: the account page's request after the cookies are cleared; 422: the refused used link.
      expectNoErrors(errors.filter((e) => !/422|401/.test(e.text)), 'the reset journey');
    } finally {
      await close();
    }
  });
});

describe('confirming the email address', () => {
  // Every e2e file registers from 127.0.0.1: the e2e server accepts 100 registrations a quarter
  // hour from one address (`--registrations-per-address`), not the default 10.
  test('a new registrant confirms the account email through the emailed link before HFS sees the request', async () => {
    const { page, errors, close } = await newPage(browser);
    try {
      const username = `confirm-${RUN}`;
      const email = `${username}@example.org`;
      await openAt(page, '/register', 'Create an account');
      await typeByKeyboard(page, '#email', email);
      await typeByKeyboard(page, '#username', username);
      await typeByKeyboard(page, '#password', FIRST_PASSWORD);
      await typeByKeyboard(page, '#confirm_password', FIRST_PASSWORD);
      await pressButton(page, 'Continue');
      await expectPage(page, '/register/name', 'Your name and contact details');

      // The account page asks to confirm the address, and sends the link again on request.
      await openAt(page, '/account', 'Finish your registration');
      assert.match(await page.locator('main').innerText(), /Confirm your email address/);
      await axeOn(page, '/account before the email is confirmed');
      await pressButton(page, 'Send the link again');
      await page.getByText('We have sent the link again').waitFor({ timeout: 10_000 });
      await axeOn(page, '/account after sending the link again');

      // HFS does not see the account until it is confirmed.
      const link = await emailedLink(page.request, email, '/confirm-email');
      await page.goto(url(link), { waitUntil: 'load' });
      await expectPage(page, '/confirm-email', 'Your email address is confirmed');
      assert.equal(await page.evaluate(() => location.hash), '', 'the token is removed from the URL');
      await axeOn(page, '/confirm-email');
      const registration = await (await page.request.get(url('/api/me/registration'))).json();
      assert.equal(registration.email_confirmed, true);

      await tabTo(page, page.getByRole('link', { name: 'Go to your account' }), { max: 60 });
      await page.keyboard.press('Enter');
      await expectPage(page, '/account', 'Finish your registration');
      assert.doesNotMatch(await page.locator('main').innerText(), /Send the link again/);

      // The same link again: refused, with what to do.
      await page.goto(url(link), { waitUntil: 'load' });
      await expectPage(page, '/confirm-email', 'This confirmation link cannot be used');
      await axeOn(page, 'a used confirmation link');
      expectNoErrors(errors.filter((e) => !/422/.test(e.text)), 'the confirmation journey');
    } finally {
      await close();
    }
  });
});
