// HFS administrators' pages, end to end against the real server (started by `cargo xtask test e2e`
// with the demo accounts): a staff account for an MCO created (and the new user signs in), an
// account disabled and enabled again, the MCO list changed, a closure day added to the State calendar
// and removed. Every page is checked with axe-core.
//
// Run: BASE_URL=http://127.0.0.1:PORT node --test --test-concurrency=1 e2e/admin.test.mjs

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
  tabTo,
  pressButton,
  settledTitle,
  fillDate,
  SERVICE_NAME,
  SUMMARY,
  API_HEADERS,
  signIn,
  expectErrorTitle,
  expectBanner,
  chooseRadio,
  continueByKeyboard,
} from './support.mjs';
import { hasMail, waitForMail } from './mail.mjs';

const RUN = Date.now().toString(36).slice(-5);

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

describe('users', () => {
  const username = `mco-staff-${RUN}`;
  const newPassword = `Meridian-Desk-${RUN}-42`;

  test('an administrator creates an MCO staff account, who can then sign in', async () => {
    const { page, errors, close } = await newPage(browser);
    await signIn(page, 'hfs-admin');
    await openAt(page, '/admin/users', 'Users');
    assert.equal(await settledTitle(page), `Users - ${SERVICE_NAME}`);
    const users = page.locator('table', { hasText: 'Portal users' });
    await users.getByRole('rowheader', { name: 'provider1', exact: true }).waitFor();
    await expectNoAxeViolations(page);

    // Nothing entered: every problem in the summary, the title marked.
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.locator(SUMMARY).waitFor();
    await expectErrorTitle(page);
    const summary = await page.locator(SUMMARY).innerText();
    assert.match(summary, /role/i);
    await expectNoAxeViolations(page);

    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Email address').fill(`${username}@meridian.example`);
    await page.getByLabel('First name').fill('Dana');
    await page.getByLabel('Last name').fill(`Okafor${RUN}`);
    await page.getByLabel('MCO staff').check();
    const mco = page.getByLabel('MCO', { exact: true });
    await mco.waitFor();
    const firstMco = await mco.locator('option').nth(1).innerText();
    await mco.selectOption({ label: firstMco });
    await page.getByLabel('Password', { exact: true }).fill(newPassword);
    await page.getByRole('button', { name: 'Create account' }).click();
    await expectBanner(page, new RegExp(`Account created: ${username} \\(MCO staff\\)`));
    const row = users.locator('tr', { hasText: username });
    await row.waitFor();
    assert.match(await row.innerText(), new RegExp(firstMco));
    await expectNoAxeViolations(page);
    expectNoErrors(errors, 'the users page');
    await close();

    // The new account works.
    const other = await newPage(browser);
    await signIn(other.page, username, newPassword);
    const session = await other.page.request.get(url('/api/session'));
    assert.equal(session.status(), 200);
    assert.equal((await session.json()).role, 'mco');
    await other.close();
  });

  test('an administrator disables an account and enables it again', async () => {
    const { page, errors, close } = await newPage(browser);
    await signIn(page, 'hfs-admin');
    await openAt(page, '/admin/users', 'Users');
    const row = page.locator('tr', { hasText: username });
    // Disabling goes through a check page saying what it does; Back changes nothing.
    await tabTo(page, row.getByRole('button', { name: `Disable ${username}` }), { max: 200 });
    await page.keyboard.press('Enter');
    await expectPage(page, '/admin/users', 'Check before you disable this account');
    assert.match(await page.locator('#check-answers').innerText(), new RegExp(username));
    assert.match(await page.locator('#check-warning').innerText(), /signed out at once/);
    assert.match(await page.locator('#check-warning').innerText(), /cannot be undone/);
    await expectNoAxeViolations(page);
    await page.locator('#check-back').focus();
    await page.keyboard.press('Enter');
    await expectPage(page, '/admin/users', 'Users');
    await row.getByText('Active', { exact: true }).waitFor();
    await page.waitForFunction(() => document.activeElement?.textContent?.startsWith('Disable'), null, { timeout: 5_000 });
    await page.keyboard.press('Enter');
    await expectPage(page, '/admin/users', 'Check before you disable this account');
    await pressButton(page, `Disable the account ${username}`);
    await expectBanner(page, new RegExp(`${username} is disabled`));
    await row.getByText('Disabled', { exact: true }).waitFor();

    const refused = await page.request.fetch(url('/api/session'), {
      method: 'POST',
      headers: API_HEADERS,
      data: { username, password: newPassword },
      failOnStatusCode: false,
    });
    assert.equal(refused.status(), 401, 'a disabled user cannot sign in');

    await row.getByRole('button', { name: `Enable ${username}` }).click();
    await expectBanner(page, new RegExp(`${username} can sign in again`));
    await row.getByText('Active', { exact: true }).waitFor();

    // Their own row has no button: an administrator cannot lock themselves out by a slip.
    const mine = page.locator('tbody tr', { has: page.locator('th', { hasText: /^hfs-admin$/ }) });
    await mine.getByText('Your account').waitFor();
    assert.equal(await mine.getByRole('button').count(), 0);
    expectNoErrors(errors, 'disabling a user');
    await close();
  });

  test("an administrator changes a staff account's role through a check page, by keyboard", async () => {
    const { page, errors, close } = await newPage(browser);
    await signIn(page, 'hfs-admin');
    const staff = `hfs-role-${RUN}`;
    const made = await page.request.post(url('/api/admin/users'), {
      headers: API_HEADERS,
      data: {
        username: staff, email: `${staff}@hfs.example`, first_name: 'Rosa', last_name: `Lind${RUN}`,
        role: 'hfs_staff', mco_id: null, password: newPassword,
      },
    });
    assert.equal(made.status(), 201, await made.text());
    const { id } = await made.json();

    await openAt(page, '/admin/users', 'Users');
    const link = page.getByRole('link', { name: `Change role of ${staff}` });
    await link.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: `Change the role of ${staff}` }).waitFor();
    assert.equal(new URL(page.url()).pathname, `/admin/users/${id}/role`);
    await page.getByText('Their role now: HFS portal staff').waitFor();
    await expectNoAxeViolations(page);

    // Continue without a choice: the summary says what to do.
    await continueByKeyboard(page);
    await page.locator(SUMMARY).getByText('Select the new role').waitFor();
    await expectErrorTitle(page);
    await expectNoAxeViolations(page);

    // The check page says what changes; nothing is changed before "Change role".
    await chooseRadio(page, page.getByLabel('HFS administrator', { exact: true }));
    await continueByKeyboard(page);
    const check = page.getByRole('heading', { level: 1, name: 'Check the role change' });
    await check.waitFor();
    assert.ok(await check.evaluate((el) => el === document.activeElement), 'the heading has focus');
    const text = await page.locator('main').innerText();
    assert.match(text, /Role now\s+HFS portal staff/);
    assert.match(text, /New role\s+HFS administrator/);
    assert.match(text, /What changes/);
    assert.match(text, /emailed/);
    await expectNoAxeViolations(page);
    const before = await page.request.get(url('/api/admin/users?limit=500'));
    assert.equal((await before.json()).find((u) => u.id === id).role, 'hfs_staff');

    await pressButton(page, 'Change role');
    await expectBanner(page, new RegExp(`${staff} is now HFS administrator`));
    assert.equal(new URL(page.url()).pathname, '/admin/users');
    const row = page.locator('tr', { hasText: staff });
    await row.getByText('HFS administrator', { exact: true }).waitFor();
    await expectNoAxeViolations(page);

    // Their own role has no link; another's role page refuses their own.
    const mine = page.locator('tbody tr', { has: page.locator('th', { hasText: /^hfs-admin$/ }) });
    assert.equal(await mine.getByRole('link', { name: /Change role/ }).count(), 0);
    expectNoErrors(errors, 'changing a role');
    await close();

    // The account now has the administrator's rights.
    const other = await newPage(browser);
    await signIn(other.page, staff, newPassword);
    const session = await other.page.request.get(url('/api/session'));
    assert.equal((await session.json()).role, 'hfs_admin');
    await other.close();
  });

  test('HFS staff who are not administrators cannot see the admin pages', async () => {
    const { page, close } = await newPage(browser);
    await signIn(page, 'hfs-staff');
    for (const path of ['/admin/users', '/admin/mcos', '/admin/calendar', '/admin/outbox']) {
      await openAt(page, path, 'You cannot see this page');
    }
    await close();
  });
});

describe('MCOs', () => {
  test('an administrator adds, renames and makes inactive an MCO', async () => {
    const name = `Prairie Health Plan ${RUN}`;
    const renamed = `Prairie Health Plan of Illinois ${RUN}`;
    const { page, errors, close } = await newPage(browser);
    await signIn(page, 'hfs-admin');
    await openAt(page, '/admin/mcos', 'MCOs');
    await expectNoAxeViolations(page);

    await page.getByRole('button', { name: 'Add MCO' }).click();
    await page.locator(SUMMARY).getByText("Enter the MCO's name").waitFor();
    await expectErrorTitle(page);

    await page.getByLabel('MCO name').fill(name);
    await page.getByRole('button', { name: 'Add MCO' }).click();
    await expectBanner(page, new RegExp(`${name} is added`));
    const row = page.locator('tr', { hasText: name });
    await row.waitFor();
    assert.match(await row.innerText(), /Active/);

    await row.getByRole('button', { name: `Rename ${name}` }).click();
    const field = page.getByLabel(`New name for ${name}`);
    assert.ok(await field.evaluate((el) => el === document.activeElement), 'the new name has focus');
    await field.fill(renamed);
    await page.getByRole('button', { name: 'Save' }).click();
    await expectBanner(page, new RegExp(`is renamed ${renamed}`));

    const renamedRow = page.locator('tr', { hasText: renamed });
    await renamedRow.getByRole('button', { name: `Make inactive ${renamed}` }).click();
    await expectBanner(page, /is now inactive/);
    await renamedRow.getByText('Inactive', { exact: true }).waitFor();
    await expectNoAxeViolations(page);
    expectNoErrors(errors, 'the MCO page');
    await close();
  });
});

describe('State calendar', () => {
  test('an administrator adds a closure day and removes it', async () => {
    const { page, errors, close } = await newPage(browser);
    await signIn(page, 'hfs-admin');
    await openAt(page, '/admin/calendar', 'State calendar changes');
    await expectNoAxeViolations(page);

    // Not a real date: one message, the fields kept as typed.
    await fillDate(page, 'closure', ['2', '31', '2027']);
    await page.getByLabel('Name').fill("Governor's proclamation");
    await page.getByRole('button', { name: 'Add closure day' }).click();
    await page.locator(SUMMARY).getByText(/must be a real date/).waitFor();
    await expectErrorTitle(page);
    assert.equal(await page.inputValue('#closure-day'), '31');
    await expectNoAxeViolations(page);

    // Wednesday, March 17, 2027 is no State holiday.
    await fillDate(page, 'closure', ['mar', '17', '2027']);
    await page.getByRole('button', { name: 'Add closure day' }).click();
    await expectBanner(page, /State offices are now closed on Wednesday, March 17, 2027/);
    const row = page.locator('tr', { hasText: 'Wednesday, March 17, 2027' });
    await row.waitFor();
    assert.match(await row.innerText(), /Governor's proclamation/);

    await row.getByRole('button', { name: /Remove the change of Wednesday, March 17, 2027/ }).click();
    await expectBanner(page, /now open on Wednesday, March 17, 2027/);
    await row.waitFor({ state: 'detached' });
    await expectNoAxeViolations(page);
    expectNoErrors(errors, 'the calendar page');
    await close();
  });
});

describe('Email', () => {
  test('the demo reminder reaches the provider through the SMTP server, and administrators see it sent', async () => {
    if (hasMail()) {
      // The demo's information request is answered by the next business day: the first clock
      // run reminded provider1, and the sender handed it to the test SMTP server.
      const mail = await waitForMail({ to: 'provider1@example.com', subject: /^Reminder: answer the MCO's request by / });
      assert.match(mail.subject, /– PRP-\d{4}-\d{6}$/);
      assert.match(mail.messageId, /^<outbox-\d+@localhost>$/);
      assert.ok(mail.date, 'a Date header');
      assert.ok(mail.links.some((l) => /\/tickets\/\d+$/.test(l)), mail.text);
    }
    const { page, errors, close } = await newPage(browser);
    await signIn(page, 'hfs-admin');
    await openAt(page, '/admin/outbox', 'Email');
    await page.locator('#outbox').waitFor();
    await expectNoAxeViolations(page);
    await page.getByLabel('Business days before the due date').fill('ten');
    await page.getByRole('button', { name: 'Save the reminders' }).click();
    await page.locator(SUMMARY).getByText('Enter whole numbers of business days').waitFor();
    await expectErrorTitle(page);
    await page.getByLabel('Business days before the due date').fill('2, 0');
    await page.getByRole('button', { name: 'Save the reminders' }).click();
    await expectBanner(page, /Reminders now go out 2, 0 business days before/);
    await expectNoAxeViolations(page);
    expectNoErrors(errors, 'the email page');
    await close();
  });
});

describe('pages of the users', () => {
  test('more than 50 users: the count, Next by keyboard, the page in the address, kept by a reload', async () => {
    const { page, errors, close } = await newPage(browser);
    await signIn(page, 'hfs-admin');
    // 55 more staff accounts through the API, named to sort after every other user.
    for (let i = 0; i < 55; i++) {
      const name = `zz-pager-${RUN}-${String(i).padStart(2, '0')}`;
      const made = await page.request.post(url('/api/admin/users'), {
        headers: API_HEADERS,
        data: {
          username: name, email: `${name}@hfs.example`, first_name: 'Page', last_name: `Tester${i}`,
          role: 'hfs_staff', mco_id: null, password: `Pager-Desk-${RUN}-42`,
        },
      });
      assert.equal(made.status(), 201, await made.text());
    }
    const first = await page.request.get(url('/api/admin/users?limit=50&offset=0'));
    const total = Number(first.headers()['x-total-count']);
    assert.ok(total > 55, `more than one page: ${total}`);

    await openAt(page, '/admin/users', 'Users');
    const count = page.locator('#users-count');
    await count.waitFor();
    assert.equal(await count.innerText(), `Showing 1 to 50 of ${total} users`);
    const rows = page.locator('table', { hasText: 'Portal users' }).locator('tbody tr');
    assert.equal(await rows.count(), 50);
    const pages = page.getByRole('navigation', { name: "Pages of the portal's users" });
    assert.equal(await pages.locator('[aria-current="page"]').innerText(), '1');
    await expectNoAxeViolations(page);

    // Next, by keyboard: the second page, in the address, is the API's second page.
    await page.locator('#page-next').focus();
    await page.keyboard.press('Enter');
    await page.waitForURL((u) => u.searchParams.get('page') === '2');
    await page.locator('#users-count', { hasText: 'Showing 51 to' }).waitFor();
    assert.equal(await count.innerText(), `Showing 51 to ${Math.min(total, 100)} of ${total} users`);
    assert.equal(await pages.locator('[aria-current="page"]').innerText(), '2');
    const second = await (await page.request.get(url('/api/admin/users?limit=50&offset=50'))).json();
    assert.deepEqual(
      await rows.evaluateAll((trs) => trs.map((tr) => tr.querySelector('th').innerText.trim())),
      second.map((u) => u.username),
    );
    await expectNoAxeViolations(page);

    // A reload keeps the page; Previous goes back to the first.
    await page.reload({ waitUntil: 'load' });
    await page.locator('#users-count', { hasText: 'Showing 51 to' }).waitFor();
    await page.locator('#page-previous').focus();
    await page.keyboard.press('Enter');
    await page.waitForURL((u) => !u.searchParams.has('page'));
    await page.locator('#users-count', { hasText: 'Showing 1 to 50' }).waitFor();
    expectNoErrors(errors, 'the pages of the users');
    await close();
  });
});
