// Accounts, end to end: signing in and out, the header by role, the role guard, registering (with
// a mouse and with the keyboard only), the account page by status, changing a password, the
// facility switcher, and the session-timeout warning (WCAG 2.2.1) under Playwright's fake clock.
//
// Needs the server started with `--demo` (`cargo xtask test e2e` does): provider1, provider2,
// agent1 (3 facilities), mco-aetna, hfs-staff, hfs-admin, password `Demo-Portal-2026!`. Failed
// sign-ins use usernames no other test uses, so no demo account is throttled.
//
// Run: BASE_URL=http://127.0.0.1:PORT node --test --test-concurrency=1 e2e/accounts.test.mjs

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  url,
  launchBrowser,
  newPage,
  newPageAt,
  expectNoErrors,
  expectNoAxeViolations,
  describeFocused,
  tabTo,
  expectPage,
  openAt,
  signIn,
  signOut,
  DEMO_PASSWORD,
  SUMMARY,
  expectErrorTitle,
  confirmThroughApi,
  continueByKeyboard,
  typeInto,
} from './support.mjs';

const NEW_PASSWORD_HINT = 'At least 12 characters. A long phrase is easiest to remember.';
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
];

/** "2026-11-25" -> "Wednesday, November 25, 2026". */
function longDate(iso) {
  const [y, m, d] = iso.split('-').map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  return `${WEEKDAYS[date.getUTCDay()]}, ${MONTHS[m - 1]} ${d}, ${y}`;
}

/** A username no other run has used. */
function freshUsername(prefix = 'reg') {
  return `${prefix}-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e6).toString(36)}`;
}

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

/** Waits until the error summary shows and has focus; returns its messages. */
async function expectSummaryFocused(page) {
  await page.locator(SUMMARY).waitFor({ timeout: 10_000 });
  await page.waitForFunction(
    (sel) => document.activeElement === document.querySelector(sel),
    SUMMARY,
    { timeout: 5_000, polling: 100 },
  ).catch(async () => {
    assert.fail(`the error summary should take focus; focus is on ${await describeFocused(page)}`);
  });
  return page.locator(`${SUMMARY} li`).allInnerTexts();
}

async function headerText(page) {
  return (await page.locator('header').innerText()).replace(/\s+/g, ' ');
}

async function clickButton(page, name) {
  await page.getByRole('button', { name, exact: true }).click();
}

/** Fills the first registration page and sends it; waits for the profile's first page. */
async function createAccount(page, username, password = 'correct horse battery staple 42') {
  await openAt(page, '/register', 'Create an account');
  await page.fill('#email', `${username}@example.org`);
  await page.fill('#username', username);
  await page.fill('#password', password);
  await page.fill('#confirm_password', password);
  await clickButton(page, 'Continue');
  await expectPage(page, '/register/name', 'Your name and contact details');
}

/** Fills both profile pages with valid answers (overridable) and arrives at the summary. */
async function fillProfile(page, { first = 'Pat', last = 'Kim', medicaidId = '123456789' } = {}) {
  await expectPage(page, '/register/name', 'Your name and contact details');
  await page.fill('#first_name', first);
  await page.fill('#last_name', last);
  await page.fill('#contact_email', `${first.toLowerCase()}@example.org`);
  await page.fill('#contact_phone', '217 555 0123');
  await clickButton(page, 'Continue');
  await expectPage(page, '/register/organization', 'Your organization');
  await page.fill('#organization_name', `${last} Health`);
  await page.check('#organization_type');
  await page.fill('#medicaid_id', medicaidId);
  await clickButton(page, 'Continue');
  await expectPage(page, '/register/check', 'Check your answers before sending your registration request');
}

describe('signing in and out', () => {
  test('the sign-in page has labelled fields with autocomplete, and links to register and the checker', async () => {
    const { page, errors, close } = await newPage(browser);
    try {
      await openAt(page, '/sign-in', 'Sign in');
      assert.equal(await page.getAttribute('#username', 'autocomplete'), 'username');
      assert.equal(await page.getAttribute('#password', 'autocomplete'), 'current-password');
      assert.equal(await page.getAttribute('#password', 'type'), 'password');
      const main = page.locator('main');
      assert.ok(await main.getByRole('link', { name: 'Register for an account' }).isVisible());
      assert.ok(await main.getByRole('link', { name: /check if you can file/i }).isVisible());
      const header = await headerText(page);
      assert.match(header, /Sign in/);
      assert.match(header, /Register/);
      await expectNoAxeViolations(page);
      expectNoErrors(errors, '/sign-in');
    } finally {
      await close();
    }
  });

  test('empty fields say what to enter', async () => {
    const { page, close } = await newPage(browser);
    try {
      await openAt(page, '/sign-in', 'Sign in');
      await clickButton(page, 'Sign in');
      const messages = await expectSummaryFocused(page);
      assert.deepEqual(messages, ['Enter your username', 'Enter your password']);
      await expectErrorTitle(page);
    } finally {
      await close();
    }
  });

  test('a wrong password: one message linked to the username, password cleared, username kept', async () => {
    const { page, errors, close } = await newPage(browser);
    try {
      const username = freshUsername('nobody');
      await openAt(page, '/sign-in', 'Sign in');
      await page.fill('#username', username);
      await page.fill('#password', 'not the right password at all');
      await clickButton(page, 'Sign in');
      const messages = await expectSummaryFocused(page);
      assert.deepEqual(messages, ['Enter a correct username and password']);
      await expectErrorTitle(page);
      assert.equal(await page.inputValue('#username'), username);
      assert.equal(await page.inputValue('#password'), '');
      assert.equal(await page.getAttribute(`${SUMMARY} a`, 'href'), '#username');
      await page.click(`${SUMMARY} a`);
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'username');
      await expectNoAxeViolations(page);
      expectNoErrors(errors.filter((e) => !/401/.test(e.text)), '/sign-in after a wrong password');
    } finally {
      await close();
    }
  });

  test('repeated failures: the server\'s "Too many failed sign-ins" message is shown', async () => {
    const { page, close } = await newPage(browser);
    try {
      const username = freshUsername('throttled');
      await openAt(page, '/sign-in', 'Sign in');
      let messages = [];
      for (let attempt = 1; attempt <= 6; attempt++) {
        await page.fill('#username', username);
        await page.fill('#password', `wrong password number ${attempt}`);
        await clickButton(page, 'Sign in');
        await page.waitForFunction(
          (n) => document.title.startsWith('Error: ') && document.querySelector('#password')?.value === '',
          attempt,
          { timeout: 10_000, polling: 50 },
        );
        messages = await page.locator(`${SUMMARY} li`).allInnerTexts();
        if (/Too many failed sign-ins/.test(messages.join(' '))) break;
      }
      assert.match(messages.join(' '), /Too many failed sign-ins\. Try again in \d+ (second|minute)s?/);
      assert.equal(await page.inputValue('#username'), username);
    } finally {
      await close();
    }
  });

  test('after signing in, focus is on the new page\'s heading', async () => {
    const { page, close } = await newPage(browser);
    try {
      await signIn(page, 'provider1');
      await expectPage(page, '/tickets', 'My tickets');
      await page.waitForFunction(
        () => document.activeElement === document.querySelector('main h1'),
        null,
        { timeout: 5_000, polling: 100 },
      ).catch(async () => assert.fail(`focus is on ${await describeFocused(page)}`));
    } finally {
      await close();
    }
  });

  test('a provider signs in to its account, sees its name and role, and signs out', async () => {
    const { page, errors, close } = await newPage(browser);
    try {
      await signIn(page, 'provider1');
      await expectPage(page, '/tickets', 'My tickets');
      await openAt(page, '/account', 'Your account');
      const header = await headerText(page);
      assert.match(header, /Signed in as .+ \(Provider or billing agent\)/);
      const nav = page.getByRole('navigation', { name: 'Account' });
      for (const name of ['Your account', 'Add facilities', 'Redeem an invitation']) {
        assert.ok(await nav.getByRole('link', { name, exact: true }).isVisible(), `link ${name}`);
      }
      for (const name of ['Registrations', 'Users', 'MCOs', 'Sign in', 'Register']) {
        assert.equal(await nav.getByRole('link', { name, exact: true }).count(), 0, `no link ${name}`);
      }
      // One facility: no switcher. (Other test files may have given provider1 more since.)
      const facilities = (await (await page.request.get(url('/api/session'))).json()).facilities;
      assert.equal(await page.locator('#facility-switch').count(), facilities.length >= 2 ? 1 : 0);
      // The approved account lists its facility with Medicaid ID and NPI.
      const table = page.locator('main table');
      assert.match(await table.innerText(), /Provider Medicaid ID/);
      assert.match(await table.innerText(), /You are working for this facility now/);
      await expectNoAxeViolations(page);

      await signOut(page);
      assert.match(await page.locator('main [role="status"]').innerText(), /You have signed out/);
      assert.match(await headerText(page), /Sign in/);
      assert.doesNotMatch(await headerText(page), /Signed in as/);
      // The session is gone on the server too.
      const answer = await page.request.get(url('/api/session'));
      assert.equal(answer.status(), 401);
      expectNoErrors(errors.filter((e) => !/401/.test(e.text)), 'sign in and out');
    } finally {
      await close();
    }
  });

  test('HFS staff land on their tickets queue; the admin also sees Users, MCOs and Calendar', async () => {
    const { page, close } = await newPage(browser);
    try {
      await signIn(page, 'hfs-staff');
      await page.waitForURL((u) => u.pathname === '/hfs/tickets');
      let nav = page.getByRole('navigation', { name: 'Account' });
      await nav.getByRole('link', { name: 'Registrations', exact: true }).waitFor();
      assert.ok(await nav.getByRole('link', { name: 'Facility requests', exact: true }).isVisible());
      assert.equal(await nav.getByRole('link', { name: 'Users', exact: true }).count(), 0);
      assert.equal(await nav.getByRole('link', { name: 'Add facilities', exact: true }).count(), 0);
      await signOut(page);

      await signIn(page, 'hfs-admin');
      await page.waitForURL((u) => u.pathname === '/hfs/tickets');
      nav = page.getByRole('navigation', { name: 'Account' });
      for (const name of ['Registrations', 'Facility requests', 'Users', 'MCOs', 'Calendar']) {
        await nav.getByRole('link', { name, exact: true }).waitFor({ timeout: 5_000 });
      }
      assert.match(await headerText(page), /\(HFS administrator\)/);
    } finally {
      await close();
    }
  });

  test('an MCO user lands on Presented to us, and has an account page', async () => {
    const { page, close } = await newPage(browser);
    try {
      await signIn(page, 'mco-aetna');
      await expectPage(page, '/mco/tickets', 'Presented to us');
      await openAt(page, '/account', 'Your account');
      assert.match(await page.locator('main').innerText(), /MCO staff/);
      await expectNoAxeViolations(page);
    } finally {
      await close();
    }
  });

  test('pages for a role: signed out, a sign-in prompt; the wrong role, "You cannot see this page"', async () => {
    const { page, close } = await newPage(browser);
    try {
      await openAt(page, '/account', 'Sign in to see this page');
      await expectNoAxeViolations(page);
      // Signing in from the prompt comes back to the page.
      await page.locator('main').getByRole('button', { name: 'Sign in' }).click();
      await expectPage(page, '/sign-in', 'Sign in');
      await page.fill('#username', 'provider2');
      await page.fill('#password', DEMO_PASSWORD);
      await clickButton(page, 'Sign in');
      await expectPage(page, '/account', 'Your account');

      await openAt(page, '/hfs/registrations', 'You cannot see this page');
      await expectNoAxeViolations(page);
    } finally {
      await close();
    }
  });
});

describe('registering', () => {
  test('the account step checks every field, keeps what was typed, and refuses a weak password', async () => {
    const { page, errors, close } = await newPage(browser);
    try {
      await openAt(page, '/register', 'Create an account');
      assert.match(await page.locator('main').innerText(), /Register/);
      assert.equal(await page.locator('#password-hint').innerText(), NEW_PASSWORD_HINT);
      assert.equal(await page.getAttribute('#password', 'autocomplete'), 'new-password');
      assert.equal(await page.getAttribute('#confirm_password', 'autocomplete'), 'new-password');
      assert.equal(await page.getAttribute('#email', 'autocomplete'), 'email');
      await expectNoAxeViolations(page);

      await clickButton(page, 'Continue');
      const messages = await expectSummaryFocused(page);
      assert.equal(messages.length, 3, `three messages, got ${JSON.stringify(messages)}`);
      assert.equal(messages[0], 'Enter your email address');
      await expectErrorTitle(page);
      assert.equal(await page.getAttribute(`${SUMMARY} li:first-child a`, 'href'), '#email');
      await expectNoAxeViolations(page);

      await page.fill('#email', 'someone@example.org');
      await page.fill('#username', 'someone');
      await page.fill('#password', 'short');
      await page.fill('#confirm_password', 'short');
      await clickButton(page, 'Continue');
      const again = await expectSummaryFocused(page);
      assert.deepEqual(again, ['Password must be 12 characters or more']);
      assert.equal(await page.inputValue('#email'), 'someone@example.org');
      assert.equal(await page.inputValue('#username'), 'someone');

      // The "Show" button reveals the password and hides it again.
      await page.locator('#password').locator('xpath=..').getByRole('button', { name: 'Show password' }).click();
      assert.equal(await page.getAttribute('#password', 'type'), 'text');
      await page.getByRole('button', { name: 'Hide password' }).click();
      assert.equal(await page.getAttribute('#password', 'type'), 'password');
      expectNoErrors(errors, '/register');
    } finally {
      await close();
    }
  });

  test('a new user registers, fills the profile, checks it and sees when HFS will review it', async () => {
    const { page, errors, close } = await newPage(browser);
    try {
      const username = freshUsername();
      await createAccount(page, username);
      assert.match(await headerText(page), new RegExp(`Signed in as ${username}`));
      await expectNoAxeViolations(page);

      // The name page: errors first.
      await clickButton(page, 'Continue');
      const messages = await expectSummaryFocused(page);
      assert.deepEqual(messages, [
        'Enter your first name',
        'Enter your last name',
        'Enter your contact phone number',
      ]);
      // The contact email starts as the account's email.
      assert.ok((await page.locator('#contact_email').inputValue()).includes('@'), 'the contact email is prefilled');
      await expectErrorTitle(page);
      await expectNoAxeViolations(page);
      for (const [id, ac] of [
        ['first_name', 'given-name'],
        ['last_name', 'family-name'],
        ['contact_email', 'email'],
        ['contact_phone', 'tel'],
      ]) {
        assert.equal(await page.getAttribute(`#${id}`, 'autocomplete'), ac, `#${id} autocomplete`);
      }
      await page.fill('#first_name', 'Maria');
      await page.fill('#last_name', 'Lopez');
      await page.fill('#contact_email', 'maria.lopez@example.org');
      await page.fill('#contact_phone', '217-555-0100');
      await clickButton(page, 'Continue');

      await expectPage(page, '/register/organization', 'Your organization');
      await expectNoAxeViolations(page);
      assert.match(await page.locator('main').innerText(), /NPI \(optional\)/);
      assert.match(
        await page.locator('#npi-hint').innerText(),
        /Leave blank only if you are an atypical provider with no NPI/,
      );
      await clickButton(page, 'Continue');
      const orgMessages = await expectSummaryFocused(page);
      assert.ok(orgMessages.includes('Select your organization type'), JSON.stringify(orgMessages));
      await expectNoAxeViolations(page);
      await page.fill('#organization_name', 'Prairie Family Clinic');
      await page.check('#organization_type');
      await page.fill('#medicaid_id', '123 456 789');
      await page.fill('#npi', '1234567893');
      await clickButton(page, 'Continue');

      await expectPage(page, '/register/check', 'Check your answers before sending your registration request');
      const summary = await page.locator('main dl').innerText();
      for (const text of ['Maria', 'Lopez', 'maria.lopez@example.org', 'Prairie Family Clinic', '1234567893']) {
        assert.ok(summary.includes(text), `the summary shows ${text}`);
      }
      await expectNoAxeViolations(page);

      // Change the first name and come back to the summary.
      await page.getByRole('link', { name: 'Change your first name' }).click();
      await expectPage(page, '/register/name', 'Your name and contact details');
      assert.equal(await page.inputValue('#first_name'), 'Maria');
      await page.fill('#first_name', 'María');
      await clickButton(page, 'Continue');
      await expectPage(page, '/register/check', 'Check your answers before sending your registration request');
      assert.match(await page.locator('main dl').innerText(), /María/);

      await clickButton(page, 'Send registration request');
      await expectPage(page, '/account', 'Registration request sent');
      const registration = await (await page.request.get(url('/api/me/registration'))).json();
      assert.equal(registration.status, 'pending');
      const main = await page.locator('main').innerText();
      assert.ok(
        main.includes(`HFS will review it by ${longDate(registration.review_due_on)}`),
        `the page says when HFS will review it (${registration.review_due_on}); it shows:\n${main}`,
      );
      assert.match(main, /You cannot enter a ticket until your registration is approved/);
      assert.match(main, /left/, 'a countdown in words');
      await expectNoAxeViolations(page);
      // Not approved yet: no links to add facilities.
      const nav = page.getByRole('navigation', { name: 'Account' });
      assert.equal(await nav.getByRole('link', { name: 'Add facilities', exact: true }).count(), 0);
      // The profile pages now say the request was sent.
      await openAt(page, '/register/name', 'Your registration request was sent');
      expectNoErrors(errors, 'the registration journey');
    } finally {
      await close();
    }
  });

  test('a new user can register with the keyboard only', async () => {
    const { page, errors, close } = await newPage(browser);
    try {
      const username = freshUsername('keys');
      const password = 'a long phrase for the keyboard test';
      await openAt(page, '/register', 'Create an account');
      await tabTo(page, '#email');
      await page.keyboard.type(`${username}@example.org`);
      await page.keyboard.press('Tab');
      await page.keyboard.type(username);
      await page.keyboard.press('Tab');
      await page.keyboard.type(password);
      await tabTo(page, '#confirm_password');
      await page.keyboard.type(password);
      await page.keyboard.press('Enter');
      await expectPage(page, '/register/name', 'Your name and contact details');

      await tabTo(page, '#first_name');
      await page.keyboard.type('Ken');
      await page.keyboard.press('Tab');
      await page.keyboard.type('Oduya');
      await page.keyboard.press('Tab');
      await page.keyboard.type('ken@example.org');
      await page.keyboard.press('Tab');
      await page.keyboard.type('(312) 555-0199');
      await page.keyboard.press('Enter');
      await expectPage(page, '/register/organization', 'Your organization');

      await tabTo(page, '#organization_name');
      await page.keyboard.type('Lakeshore Billing');
      await tabTo(page, '#organization_type');
      await page.keyboard.press('ArrowDown'); // the second option: billing agent
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'organization_type-2');
      await page.keyboard.press('Tab');
      await page.keyboard.type('987654321');
      await page.keyboard.press('Enter');
      await expectPage(page, '/register/check', 'Check your answers before sending your registration request');
      assert.match(await page.locator('main dl').innerText(), /Billing agent/);
      assert.match(await page.locator('main dl').innerText(), /None \(atypical provider\)/);

      await tabTo(page, page.getByRole('button', { name: 'Send registration request' }), { max: 60 });
      await page.keyboard.press('Enter');
      await expectPage(page, '/account', 'Registration request sent');
      expectNoErrors(errors, 'the keyboard-only registration');
    } finally {
      await close();
    }
  });

  test('a denied registrant reads the reason in HFS\'s words and corrects the profile it sent', async () => {
    const { page, errors, close } = await newPage(browser);
    const hfs = await newPage(browser);
    try {
      const username = freshUsername('denied');
      await createAccount(page, username);
      await fillProfile(page, { first: 'Ana', last: 'Ruiz', medicaidId: '111222333' });
      await clickButton(page, 'Send registration request');
      await expectPage(page, '/account', 'Registration request sent');
      // Both addresses are confirmed through their emailed links before HFS sees the request
      // (the journey in the browser is e2e/password_reset.test.mjs's).
      await confirmThroughApi(page.request, `${username}@example.org`);
      await confirmThroughApi(page.request, 'ana@example.org');

      // HFS staff deny it (through the API: the review pages are tested in hfs.test.mjs).
      const reason = 'The Provider Medicaid ID does not match our records. Check it and send the request again.';
      await signIn(hfs.page, 'hfs-staff');
      const queue = await (await hfs.page.request.get(url('/api/hfs/registrations?status=pending'))).json();
      const entry = queue.find((r) => r.username === username);
      assert.ok(entry, `${username} is in the queue`);
      const denied = await hfs.page.request.post(url(`/api/hfs/registrations/${entry.user_id}/deny`), {
        headers: { 'X-Requested-With': 'portal-app' },
        data: { reason },
      });
      assert.equal(denied.status(), 204);

      await openAt(page, '/account', 'HFS could not approve your registration');
      assert.ok((await page.locator('main').innerText()).includes(reason), 'the reason in HFS\'s words');
      await expectNoAxeViolations(page);
      await page.locator('main').getByRole('button', { name: 'Correct your details and send the request again' }).click();
      await expectPage(page, '/register/name', 'Your name and contact details');
      await page.waitForFunction(() => document.querySelector('#first_name')?.value === 'Ana', null, { timeout: 5_000 });
      assert.equal(await page.inputValue('#last_name'), 'Ruiz');
      await clickButton(page, 'Continue');
      await expectPage(page, '/register/organization', 'Your organization');
      assert.equal(await page.inputValue('#medicaid_id'), '111222333');
      await page.fill('#medicaid_id', '444555666');
      await clickButton(page, 'Continue');
      await expectPage(page, '/register/check', 'Check your answers before sending your registration request');
      assert.match(await page.locator('main dl').innerText(), /444555666/);
      await clickButton(page, 'Send registration request');
      await expectPage(page, '/account', 'Registration request sent');
      expectNoErrors(errors, 'correcting a denied registration');
    } finally {
      await close();
      await hfs.close();
    }
  });

  test('a reload, a new tab or signing in again in the middle of registering loses nothing', async () => {
    const { page, context, errors, close } = await newPage(browser);
    try {
      const username = freshUsername('resume');
      const password = 'correct horse battery staple 42';
      await createAccount(page, username, password);
      // The contact email starts as the account's email.
      await page.waitForFunction(
        (email) => document.querySelector('#contact_email')?.value === email,
        `${username}@example.org`,
        { timeout: 5_000 },
      );
      await typeInto(page, '#first_name', 'Rosa');
      await typeInto(page, '#last_name', 'Banks');
      await typeInto(page, '#contact_phone', '(217) 555-0177');
      await continueByKeyboard(page);
      await expectPage(page, '/register/organization', 'Your organization');

      // A reload on the second step: the first step's answers are still there.
      await page.reload();
      await expectPage(page, '/register/organization', 'Your organization');
      await typeInto(page, '#organization_name', 'Banks Family Clinic');
      await page.locator('#organization_type').focus();
      await page.keyboard.press('Space');
      await typeInto(page, '#medicaid_id', '123123123');
      await continueByKeyboard(page);
      await expectPage(page, '/register/check', 'Check your answers before sending your registration request');

      // A new tab of the same browser: /register resumes at the step reached, every answer filled.
      const tab = await context.newPage();
      await openAt(tab, '/register', 'Check your answers before sending your registration request');
      assert.equal(new URL(tab.url()).pathname, '/register/check');
      await tab.waitForFunction(() => /Banks Family Clinic/.test(document.querySelector('main dl')?.innerText ?? ''), null, { timeout: 5_000 });
      const answers = await tab.locator('main dl').innerText();
      assert.match(answers, /Rosa/);
      assert.match(answers, /Banks/);
      assert.match(answers, new RegExp(`${username}@example.org`));
      assert.match(answers, /123123123/);
      await expectNoAxeViolations(tab);
      await tab.close();

      // Signed out (as after a timeout) and in again: the same.
      await signOut(page);
      await signIn(page, username, password);
      await openAt(page, '/register', 'Check your answers before sending your registration request');
      await page.waitForFunction(() => /Banks Family Clinic/.test(document.querySelector('main dl')?.innerText ?? ''), null, { timeout: 5_000 });
      await tabTo(page, page.getByRole('button', { name: 'Send registration request' }), { max: 60 });
      await page.keyboard.press('Enter');
      await expectPage(page, '/account', 'Registration request sent');
      expectNoErrors(errors, 'resuming a registration');
    } finally {
      await close();
    }
  });

  test('a signed-in user who has not sent the profile is asked to finish registering', async () => {
    const { page, close } = await newPage(browser);
    try {
      const username = freshUsername('half');
      await createAccount(page, username);
      await openAt(page, '/account', 'Finish your registration');
      await expectNoAxeViolations(page);
      await page.locator('main').getByRole('button', { name: 'Finish your registration' }).click();
      await expectPage(page, '/register/name', 'Your name and contact details');
    } finally {
      await close();
    }
  });
});

describe('your account', () => {
  test('changing the password: wrong current password, then success, then signing in with the new one', async () => {
    const { page, errors, close } = await newPage(browser);
    try {
      const username = freshUsername('pw');
      const first = 'the first long password phrase';
      const second = 'another long password phrase';
      await createAccount(page, username, first);
      await openAt(page, '/account/password', 'Change your password');
      assert.equal(await page.getAttribute('#current_password', 'autocomplete'), 'current-password');
      assert.equal(await page.getAttribute('#new_password', 'autocomplete'), 'new-password');
      await expectNoAxeViolations(page);

      await page.fill('#current_password', 'this is not my password');
      await page.fill('#new_password', second);
      await page.fill('#confirm_password', second);
      await clickButton(page, 'Change password');
      const messages = await expectSummaryFocused(page);
      assert.deepEqual(messages, ['Enter your current password correctly']);
      await expectErrorTitle(page);

      await page.fill('#current_password', first);
      await clickButton(page, 'Change password');
      await expectPage(page, '/account/password', 'Your password has been changed');
      await expectNoAxeViolations(page);

      await signOut(page);
      await signIn(page, username, second);
      await expectPage(page, '/account', 'Finish your registration');
      expectNoErrors(errors.filter((e) => !/422/.test(e.text)), 'changing the password');
    } finally {
      await close();
    }
  });

  test('a billing agent with three facilities switches facility with the Switch button only', async () => {
    const { page, errors, close } = await newPage(browser);
    try {
      await signIn(page, 'agent1');
      await expectPage(page, '/tickets', 'My tickets');
      // The header says which facility the agent works for, and how many it has.
      assert.match(await page.locator('#working-for').innerText(), /^Working for .+ \(one of your 3 facilities\)$/);
      await openAt(page, '/account', 'Your account');
      const select = page.getByLabel('Facility you are working for');
      await select.waitFor();
      const options = await select.locator('option').allInnerTexts();
      assert.equal(options.length, 3, `three facilities: ${options}`);
      const before = await select.inputValue();
      const rows = page.locator('main table tbody tr');
      assert.equal(await rows.count(), 3);
      const currentRow = () =>
        page.locator('main table tbody tr', { hasText: 'You are working for this facility now' }).locator('th').innerText();
      const firstCurrent = await currentRow();

      // Choosing changes nothing yet.
      const otherValue = await select.locator('option').nth(2).getAttribute('value');
      const otherName = options[2].trim();
      assert.notEqual(otherValue, before);
      await select.selectOption(otherValue);
      await page.waitForTimeout(300);
      assert.equal(await currentRow(), firstCurrent);
      const session = await (await page.request.get(url('/api/session'))).json();
      assert.equal(String(session.facility_id), before);

      await page.getByRole('button', { name: 'Switch', exact: true }).click();
      await page.locator('#facility-switch-status').getByText(`You are now working for ${otherName}`).waitFor();
      assert.match(await currentRow(), new RegExp(otherName));
      const after = await (await page.request.get(url('/api/session'))).json();
      assert.equal(String(after.facility_id), otherValue);
      await expectNoAxeViolations(page);
      expectNoErrors(errors, 'the facility switcher');
    } finally {
      await close();
    }
  });
});

describe('session timeout (fake clock)', () => {
  test('a warning at 13 minutes takes focus and keeps it; "Stay signed in" keeps the session', async () => {
    const { page, errors, close } = await newPageAt(browser, new Date());
    try {
      await signIn(page, 'provider2');
      await expectPage(page, '/tickets', 'My tickets');
      // Every answer of the page is in before the clock moves: an answer arriving later counts as
      // activity at the moved time, and the warning would come later (seen on a loaded machine).
      await page.waitForLoadState('networkidle');
      const dialog = page.getByRole('alertdialog', { name: 'You will be signed out soon' });
      await page.clock.fastForward('12:30');
      await page.clock.runFor(2000);
      assert.equal(await dialog.count(), 0, 'no warning before 13 minutes');

      await page.clock.fastForward('00:35');
      await page.clock.runFor(1000);
      await dialog.waitFor({ timeout: 5_000 });
      assert.equal(await dialog.getAttribute('aria-modal'), 'true');
      assert.match(await dialog.innerText(), /We will sign you out in (1 minute|2 minutes)/);
      await page.waitForFunction(
        () => document.querySelector('[role="alertdialog"]')?.contains(document.activeElement),
        null,
        { timeout: 5_000, polling: 100 },
      );
      // Focus stays inside the dialog.
      for (let i = 0; i < 5; i++) {
        await page.keyboard.press('Tab');
        const inside = await page.evaluate(() =>
          document.querySelector('[role="alertdialog"]').contains(document.activeElement),
        );
        assert.ok(inside, `focus left the dialog after ${i + 1} Tab presses: ${await describeFocused(page)}`);
      }
      await expectNoAxeViolations(page);

      await page.getByRole('button', { name: 'Stay signed in' }).click();
      await dialog.waitFor({ state: 'detached', timeout: 5_000 });
      await page.clock.runFor(2000);
      assert.equal(await dialog.count(), 0);
      assert.match(await headerText(page), /Signed in as/);
      assert.equal((await page.request.get(url('/api/session'))).status(), 200);

      // Escape also means "stay".
      await page.clock.fastForward('13:05');
      await page.clock.runFor(1000);
      await dialog.waitFor({ timeout: 5_000 });
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached', timeout: 5_000 });
      assert.equal(new URL(page.url()).pathname, '/tickets');
      expectNoErrors(errors, 'the timeout warning');
    } finally {
      await close();
    }
  });

  test('after 15 minutes without activity the app signs out and says why', async () => {
    const { page, close } = await newPageAt(browser, new Date());
    try {
      await signIn(page, 'mco-aetna');
      await expectPage(page, '/mco/tickets', 'Presented to us');
      await page.clock.fastForward('14:00');
      await page.clock.runFor(1000);
      await page.getByRole('alertdialog').waitFor({ timeout: 5_000 });
      await page.clock.fastForward('01:05');
      await page.clock.runFor(1000);
      await expectPage(page, '/sign-in', 'Sign in');
      assert.match(
        await page.locator('main').innerText(),
        /You were signed out because you were inactive for 15 minutes\. Sign in again to continue\./,
      );
      assert.doesNotMatch(page.url(), /inactive|signed/i, 'the message is not in the URL');
      assert.doesNotMatch(await headerText(page), /Signed in as/);
      assert.equal((await page.request.get(url('/api/session'))).status(), 401);
      await expectNoAxeViolations(page);
    } finally {
      await close();
    }
  });
});
