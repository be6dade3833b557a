// HFS review, end to end against the real server (started by `cargo xtask test e2e` with the demo
// accounts): a registration approved and one denied in the UI; a provider's request for more
// facilities by CSV upload (with a row to fix), HFS approving one facility and denying the other,
// the invitation code from the demo outbox redeemed (keyboard only), and the facility in the
// switcher. Every page is checked with axe-core.
//
// Run: BASE_URL=http://127.0.0.1:PORT node --test --test-concurrency=1 e2e/hfs.test.mjs

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  url,
  launchBrowser,
  newPage,
  expectNoErrors,
  expectNoAxeViolations,
  expectPage,
  openAt,
  settledTitle,
  tabTo,
  SERVICE_NAME,
  SUMMARY,
  API_HEADERS,
  DEMO_PASSWORD,
  signIn,
  expectErrorTitle,
  expectBanner,
  confirmThroughApi,
} from './support.mjs';
import { waitForMail, linkIn } from './mail.mjs';


/** A unique suffix, so the tests can run twice on the same database. */
const RUN = Date.now().toString(36).slice(-5);

/** A valid NPI (Luhn check digit over the prefix 80840) from nine digits. */
function npi(nine) {
  const s = `80840${nine}`;
  let sum = 0;
  for (let i = 0; i < s.length; i++) {
    let d = Number(s[s.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return `${nine}${(10 - (sum % 10)) % 10}`;
}

/** Nine digits made from the run's suffix, different for each `n`. */
function nineDigits(n) {
  const base = parseInt(RUN, 36) % 10_000_000;
  return String(100_000_000 + base * 10 + n).slice(-9);
}

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

/** Registers a provider through the API (account, then profile): the registration is pending. */
async function registerThroughApi(request, who) {
  const account = await request.post(url('/api/registrations'), {
    headers: API_HEADERS,
    data: {
      email: who.email,
      username: who.username,
      password: DEMO_PASSWORD,
      confirm_password: DEMO_PASSWORD,
    },
  });
  assert.equal(account.status(), 201, `registration: ${await account.text()}`);
  // The account's email is confirmed through the emailed link before the request reaches HFS.
  await confirmThroughApi(request, who.email);
  const profile = await request.put(url('/api/me/profile'), {
    headers: API_HEADERS,
    data: {
      first_name: who.first,
      last_name: who.last,
      contact_email: who.email,
      contact_phone: '217-555-0142',
      organization_name: who.organization,
      organization_type: 'provider',
      medicaid_id: who.medicaidId ?? nineDigits(9),
      npi: who.npi ?? npi(nineDigits(8)),
    },
  });
  assert.equal(profile.status(), 200, `profile: ${await profile.text()}`);
}

describe('registration requests', () => {
  test('HFS staff approves a new registration; the registrant then sees the approval', async () => {
    const who = {
      username: `clinic-${RUN}`,
      email: `clinic-${RUN}@example.org`,
      first: 'Rosa',
      last: `Alvarez${RUN}`,
      organization: `Prairie Clinic ${RUN}`,
    };
    const registrant = await newPage(browser);
    await registerThroughApi(registrant.page.request, who);

    const staff = await newPage(browser);
    const { page } = staff;
    await signIn(page, 'hfs-staff');
    await openAt(page, '/hfs/registrations', 'Registration requests');
    assert.equal(await settledTitle(page), `Registration requests - ${SERVICE_NAME}`);
    const row = page.locator('tr', { hasText: `Rosa Alvarez${RUN}` });
    await row.waitFor();
    const rowText = await row.innerText();
    assert.match(rowText, /Prairie Clinic/);
    assert.match(rowText, /(left|Due today|overdue)/, 'the review clock is in words');
    await expectNoAxeViolations(page);

    await row.getByRole('link', { name: `Rosa Alvarez${RUN}` }).click();
    await page.getByRole('heading', { level: 1, name: `Rosa Alvarez${RUN}` }).waitFor();
    assert.match(await page.locator('main dl').innerText(), /Prairie Clinic/);
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Approve', exact: true }).click();
    await expectPage(page, '/hfs/registrations', 'Registration requests');
    await expectBanner(page, new RegExp(`approved Rosa Alvarez${RUN}'s registration`));
    await expectNoAxeViolations(page);
    expectNoErrors(staff.errors, 'the registration queue');
    await staff.close();

    // The registrant signs in and sees the approval.
    await registrant.close();
    const again = await newPage(browser);
    await signIn(again.page, who.username);
    await openAt(again.page, '/account', 'Your account');
    await again.page.getByText('HFS approved your registration').waitFor();
    await again.close();
  });

  test('denying needs a reason, shown with the error pattern', async () => {
    const who = {
      username: `lab-${RUN}`,
      email: `lab-${RUN}@example.org`,
      first: 'Omar',
      last: `Haddad${RUN}`,
      organization: `Lakeside Lab ${RUN}`,
    };
    const registrant = await newPage(browser);
    await registerThroughApi(registrant.page.request, who);
    await registrant.close();

    const { page, errors, close } = await newPage(browser);
    await signIn(page, 'hfs-staff');
    await openAt(page, '/hfs/registrations', 'Registration requests');
    await page.getByRole('link', { name: `Omar Haddad${RUN}` }).click();
    await page.getByRole('heading', { level: 1, name: `Omar Haddad${RUN}` }).waitFor();
    await page.getByRole('button', { name: 'Deny', exact: true }).click();
    await page.locator(SUMMARY).waitFor();
    await expectErrorTitle(page);
    assert.equal(
      await page.evaluate(() => document.activeElement?.getAttribute('aria-labelledby')),
      'error-summary-title',
      'the error summary takes focus',
    );
    await expectNoAxeViolations(page);
    await page.locator(`${SUMMARY} a`).first().click();
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'reason');

    await page.getByLabel('What is missing or wrong').fill('The Provider Medicaid ID does not match the NPI.');
    await page.getByRole('button', { name: 'Deny', exact: true }).click();
    await expectPage(page, '/hfs/registrations', 'Registration requests');
    await expectBanner(page, /denied Omar Haddad/);

    // The "Denied" filter lists it, with the reason on its page.
    await page.getByRole('link', { name: 'Denied', exact: true }).click();
    await page.locator('tr', { hasText: `Omar Haddad${RUN}` }).waitFor();
    await expectNoAxeViolations(page);
    expectNoErrors(errors, 'the denial');
    await close();
  });
});

describe('more facilities for a provider', () => {
  const good = { name: `North Shore Dialysis ${RUN}`, id: nineDigits(1), npi: npi(nineDigits(2)) };
  const fixed = { name: `Kankakee Home Health ${RUN}`, id: nineDigits(3), npi: npi(nineDigits(4)) };

  test('provider1 uploads the template as CSV, fixes a row, checks and sends the request', async () => {
    const { page, errors, close } = await newPage(browser);
    await signIn(page, 'provider1');
    await openAt(page, '/account/facilities/new', 'Ask for more facilities');
    await expectNoAxeViolations(page);
    await page.getByRole('link', { name: 'Download a blank template (CSV)' }).waitFor();

    // No file, then a file that is not a CSV.
    await page.getByRole('button', { name: 'Upload file' }).click();
    await page.locator(SUMMARY).getByText('Select a file').waitFor();
    await page.setInputFiles('#facility-file', {
      name: 'facilities.xlsx',
      mimeType: 'application/octet-stream',
      // A PDF, whatever its name says: the type is read from the bytes.
      buffer: Buffer.from('%PDF-1.4\x00'),
    });
    await page.getByRole('button', { name: 'Upload file' }).click();
    await page.locator(SUMMARY).getByText('The selected file must be a CSV').waitFor();
    await expectErrorTitle(page);

    // The template with two rows; the second has a 5-digit NPI.
    const csv =
      'Contact Email,Contact Phone,Provider/Facility Name,Provider/Facility Type,Provider Medicaid ID,NPI Number\r\n' +
      `ops@northshore.example,(847) 555-0101,${good.name},Dialysis center,${good.id},${good.npi}\r\n` +
      `intake@kankakee.example,815-555-0102,${fixed.name},Home health agency,${fixed.id},12345\r\n`;
    await page.setInputFiles('#facility-file', {
      name: 'facilities.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(csv),
    });
    await page.getByRole('button', { name: 'Upload file' }).click();
    await page.getByText('2 facilities read from facilities.csv').waitFor();
    const second = page.getByRole('group', { name: /Facility 2/ });
    assert.equal(await second.getByLabel('Provider/Facility Name').inputValue(), fixed.name);

    await page.getByRole('button', { name: 'Continue', exact: true }).click();
    await page.locator(SUMMARY).getByText('1 row needs fixing').waitFor();
    await expectErrorTitle(page);
    const problems = page.locator('#row-problems');
    const problemText = await problems.innerText();
    assert.match(problemText, /NPI Number/);
    assert.match(problemText, /12345/, 'the value as read');
    assert.match(problemText, /line 3 of the file/);
    await expectNoAxeViolations(page);
    // The summary's link goes to the table; the table's link to the field.
    await page.locator(SUMMARY).getByRole('link', { name: '1 row needs fixing' }).click();
    await problems.getByRole('link').first().click();
    const npiField = second.getByLabel('NPI Number');
    assert.ok(await npiField.evaluate((el) => el === document.activeElement), 'the NPI field has focus');
    assert.equal(await npiField.inputValue(), '12345', 'what was read stays');

    await npiField.fill(fixed.npi);
    await page.getByRole('button', { name: 'Continue', exact: true }).click();
    await expectPage(page, '/account/facilities/new', 'Check your request before sending it');
    const table = await page.locator('main table').innerText();
    assert.match(table, new RegExp(good.name));
    assert.match(table, new RegExp(fixed.npi));
    await expectNoAxeViolations(page);

    // Back keeps everything as typed.
    await page.goBack();
    await expectPage(page, '/account/facilities/new', 'Ask for more facilities');
    assert.equal(await second.getByLabel('NPI Number').inputValue(), fixed.npi);
    await page.getByRole('button', { name: 'Continue', exact: true }).click();
    await expectPage(page, '/account/facilities/new', 'Check your request before sending it');

    await page.getByRole('button', { name: 'Send request' }).click();
    await expectPage(page, '/account/facilities/new', 'Request sent');
    const sent = await page.locator('main').innerText();
    assert.match(sent, /You asked for 2 facilities/);
    assert.match(sent, /HFS will review it by (Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), \w+ \d+, \d{4}/);
    await expectNoAxeViolations(page);

    // The earlier requests list both, waiting for HFS.
    await page.getByRole('link', { name: 'Ask for more facilities' }).click();
    await expectPage(page, '/account/facilities/new', 'Ask for more facilities');
    const earlier = page.locator('section[aria-labelledby="earlier-heading"]');
    await earlier.getByText(good.name).waitFor();
    assert.match(await earlier.innerText(), /Waiting for HFS/);
    expectNoErrors(errors, 'the facility request');
    await close();
  });

  test('HFS staff approves one facility and denies the other', async () => {
    const { page, errors, close } = await newPage(browser);
    await signIn(page, 'hfs-staff');
    await openAt(page, '/hfs/facility-requests', 'Requests for more facilities');
    await page.locator('tbody th', { hasText: good.name }).waitFor();
    // The request is named by the organization that asked and its facilities.
    const request = page.locator('section[data-request]', { has: page.locator('tbody th', { hasText: good.name }) });
    assert.equal(
      (await request.locator('h2').innerText()).trim(),
      `Prairie View Community Hospital: ${good.name} and ${fixed.name}`,
    );
    assert.doesNotMatch(await page.locator('main').innerText(), /Request \d+ from/);
    assert.match(await request.innerText(), /Asked by provider1 on/);
    await expectNoAxeViolations(page);

    await page.getByRole('button', { name: `Approve ${good.name}` }).click();
    await expectBanner(page, new RegExp(`You approved ${good.name}`));

    await page.getByRole('button', { name: `Deny ${fixed.name}` }).click();
    const reason = page.getByLabel(`What is missing or wrong with ${fixed.name}`);
    // The box appears, then takes focus (after the page has drawn it): wait for both.
    await reason.waitFor();
    await reason
      .evaluate((el) => new Promise((resolve) => {
        const start = Date.now();
        const check = () => (el === document.activeElement || Date.now() - start > 5000 ? resolve() : setTimeout(check, 50));
        check();
      }));
    assert.ok(await reason.evaluate((el) => el === document.activeElement), 'the reason box has focus');
    await page.getByRole('button', { name: 'Deny this facility' }).click();
    await page.locator(SUMMARY).waitFor();
    await expectErrorTitle(page);
    await expectNoAxeViolations(page);
    await reason.fill('HFS has no provider with this Medicaid ID. Check it and ask again.');
    await page.getByRole('button', { name: 'Deny this facility' }).click();
    await expectBanner(page, new RegExp(`You denied ${fixed.name}`));
    await expectNoAxeViolations(page);
    expectNoErrors(errors, 'the facility queue');
    await close();
  });

  test('provider1 redeems the code from the outbox, keyboard only, and can switch to the facility', async () => {
    const { page, errors, close } = await newPage(browser);
    await openAt(page, '/demo/outbox', 'Emails sent');
    await expectNoAxeViolations(page);
    const email = page.locator('article', { hasText: good.name }).filter({ hasText: 'Your invitation code is' }).first();
    const body = await email.innerText();
    const code = body.match(/Your invitation code is:\s*([A-Z0-9-]+)/)?.[1];
    assert.ok(code, `an invitation code in the email:\n${body}`);

    await signIn(page, 'provider1');

    // The same invitation as the facility's contact received it: its link opens the page with the
    // code filled in (the code rides in the fragment, so it never reaches a server log).
    const received = await waitForMail({
      to: 'ops@northshore.example',
      subject: 'Your invitation to the Provider Resolution Portal',
    });
    assert.match(received.text, new RegExp(code));
    const link = linkIn(received, url('/account/invitation#code='));
    assert.equal(new URL(link).hash, `#code=${code}`);
    await page.goto(link);
    await page.getByRole('heading', { level: 1, name: 'Enter your invitation code' }).waitFor();
    await page.waitForFunction((want) => document.querySelector('#code')?.value === want, code);
    await expectNoAxeViolations(page);

    await openAt(page, '/account/invitation', 'Enter your invitation code');
    await expectNoAxeViolations(page);
    assert.equal(await page.locator('#code').inputValue(), '', 'without the link, the field is empty');

    // Keyboard only from here: an empty code first.
    await tabTo(page, '#code');
    await page.keyboard.press('Enter');
    await page.locator(SUMMARY).getByText('Enter the invitation code from your email').waitFor();
    await expectErrorTitle(page);
    assert.equal(
      await page.evaluate(() => document.activeElement?.getAttribute('aria-labelledby')),
      'error-summary-title',
    );
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'code');
    await page.keyboard.type('ABCDE-FGHJK-MNPQR-STUVW');
    await page.keyboard.press('Enter');
    await page.locator(SUMMARY).getByText('This invitation code is not valid or has expired').waitFor();
    await expectNoAxeViolations(page);
    await page.locator(SUMMARY).getByRole('link').first().focus();
    await page.keyboard.press('Enter');
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type(code);
    await page.keyboard.press('Enter');
    await page
      .getByRole('heading', { level: 1, name: `${good.name} is now one of your facilities` })
      .waitFor();
    assert.equal(await settledTitle(page), `Facility added - ${SERVICE_NAME}`);
    await expectNoAxeViolations(page);
    await tabTo(page, page.getByRole('link', { name: 'Go to your account' }));
    await page.keyboard.press('Enter');
    await expectPage(page, '/account', 'Your account');
    const options = await page.locator('#facility-switch option').allInnerTexts();
    assert.ok(
      options.some((o) => o.includes(good.name)),
      `the switcher lists the new facility: ${options.join(' | ')}`,
    );
    // The wrong code's 422 is logged by the browser itself; anything else is a failure.
    expectNoErrors(
      errors.filter((e) => !(e.text.includes('status of 422') && e.url.includes('/api/invitations/redeem'))),
      'redeeming an invitation',
    );
    await close();
  });
});

describe('who may see the HFS pages', () => {
  test('a provider cannot see the HFS queues', async () => {
    const { page, close } = await newPage(browser);
    await signIn(page, 'provider2');
    await openAt(page, '/hfs/registrations', 'You cannot see this page');
    await openAt(page, '/hfs/facility-requests', 'You cannot see this page');
    await close();
  });

  test('signed out, the queue asks to sign in', async () => {
    const { page, close } = await newPage(browser);
    await openAt(page, '/hfs/registrations', 'Sign in to see this page');
    await close();
  });
});

describe('identifiers already registered to another account', () => {
  // provider2's facility in the demo: Lakeshore Family Health Clinic.
  const LAKESHORE = { medicaidId: '100739264', npi: '1482039579' };

  test('HFS is warned of a registration whose NPI another account holds', async () => {
    const who = {
      username: `twin-${RUN}`,
      email: `twin-${RUN}@example.org`,
      first: 'Nora',
      last: `Twin${RUN}`,
      organization: `Lakeshore Twin ${RUN}`,
      medicaidId: nineDigits(7),
      npi: LAKESHORE.npi,
    };
    const registrant = await newPage(browser);
    await registerThroughApi(registrant.page.request, who);
    await registrant.close();

    const { page, errors, close } = await newPage(browser);
    try {
      await signIn(page, 'hfs-staff');
      await openAt(page, '/hfs/registrations', 'Registration requests');
      const row = page.locator('tr', { hasText: `Nora Twin${RUN}` });
      await row.waitFor();
      assert.match(await row.innerText(), /Medicaid ID or NPI already registered to another account/);
      await expectNoAxeViolations(page);

      await tabTo(page, row.getByRole('link', { name: `Nora Twin${RUN}` }), { max: 120 });
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { level: 1, name: `Nora Twin${RUN}` }).waitFor();
      const warning = page.locator('#already-registered');
      await warning.waitFor();
      const text = await warning.innerText();
      assert.match(text, /Already registered to another account/);
      assert.match(text, /provider2: the same NPI/);
      assert.doesNotMatch(text, /Lakeshore|100739264/, 'nothing more of the other account than its username');
      await expectNoAxeViolations(page);
      expectNoErrors(errors, 'the registration warning');
    } finally {
      await close();
    }
  });

  test('HFS is warned of a requested facility whose Medicaid ID another account holds', async () => {
    const name = `Lakeshore Annex ${RUN}`;
    const context = await browser.newContext();
    try {
      const signedIn = await context.request.post(url('/api/session'), {
        headers: API_HEADERS,
        data: { username: 'provider1', password: DEMO_PASSWORD },
      });
      assert.ok(signedIn.ok(), `provider1 signs in: ${signedIn.status()}`);
      const sent = await context.request.post(url('/api/facility-requests'), {
        headers: API_HEADERS,
        data: {
          contact_name: 'Maria Delgado',
          contact_phone: '(217) 555-0142',
          contact_email: 'provider1@example.com',
          facilities: [
            {
              contact_email: 'annex@lakeshore.example',
              contact_phone: '(312) 555-0199',
              name,
              facility_type: 'Clinic',
              medicaid_id: LAKESHORE.medicaidId,
              npi: npi(nineDigits(6)),
            },
          ],
        },
      });
      assert.equal(sent.status(), 201, `the request: ${await sent.text()}`);
    } finally {
      await context.close();
    }

    const { page, errors, close } = await newPage(browser);
    try {
      await signIn(page, 'hfs-staff');
      await openAt(page, '/hfs/facility-requests', 'Requests for more facilities');
      const row = page.locator('tbody tr', { has: page.locator('th', { hasText: name }) });
      await row.waitFor();
      const warning = row.locator('[data-already-registered]');
      await warning.waitFor();
      assert.match(await warning.innerText(), /provider2: the same Provider Medicaid ID/);
      const request = page.locator('section[data-request]', { has: page.locator('tbody th', { hasText: name }) });
      assert.equal((await request.locator('h2').innerText()).trim(), `Prairie View Community Hospital: ${name}`);
      await expectNoAxeViolations(page);
      expectNoErrors(errors, 'the facility warning');
    } finally {
      await close();
    }
  });
});
