// Tickets, end to end against the real server started with `--demo` (docs/tickets.md): the
// provider's "My tickets" (masked Recipient IDs, countdowns in words, filters), the MCO's
// "Presented to us" and its 404 for another MCO's ticket, and one ticket from submission to HFS's
// decision across the three roles: HFS presents it, the MCO asks for information, the provider
// answers (keyboard only, with a file), the MCO responds, the provider contests and asks for
// review, HFS decides and the ticket is closed. Every page and state is checked with axe-core.
//
// Run: BASE_URL=http://127.0.0.1:PORT node --test --test-concurrency=1 e2e/tickets.test.mjs

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
  SUMMARY,
  API_HEADERS,
  DEMO_PASSWORD,
  signIn,
  signOut,
  expectErrorTitle,
  expectBanner,
} from './support.mjs';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

/** The tickets `username` may see, through the API, in a context of its own. */
async function ticketsOf(username, query = '') {
  const context = await browser.newContext();
  try {
    const signedIn = await context.request.post(url('/api/session'), {
      headers: API_HEADERS,
      data: { username, password: DEMO_PASSWORD },
    });
    assert.ok(signedIn.ok(), `sign-in of ${username}: ${signedIn.status()}`);
    const answer = await context.request.get(url(`/api/tickets${query}`));
    assert.equal(answer.status(), 200, `GET /api/tickets${query} as ${username}`);
    return await answer.json();
  } finally {
    await context.close();
  }
}

/** Waits until the ticket page shows `status` in words. */
async function expectStatus(page, status) {
  try {
    await page.waitForFunction(
      (text) => document.querySelector('#ticket-status')?.textContent?.trim() === text,
      status,
      { timeout: 10_000, polling: 100 },
    );
  } catch {
    const shown = await page.locator('#ticket-status').textContent().catch(() => '(none)');
    assert.fail(`expected the ticket's status "${status}", it shows "${shown}"`);
  }
}

/** Opens the ticket's page by its number's link in a list table. */
async function openFromList(page, table, number) {
  const link = page.locator(`${table} a`, { hasText: number }).first();
  const href = await link.getAttribute('href');
  await link.click();
  await expectPage(page, href, `Ticket ${number}`);
}

/** What a countdown may say (shared/spec/ux.md): words first. */
const COUNTDOWN_WORDS = /(\d+ (day|hour|minute)s? \d+ (hour|minute|second)s? left|Due today by 11:59pm Illinois time|\d+ days? overdue)/;

describe('ticket lists', () => {
  test('provider1 sees My tickets: masked Recipient IDs, whose clock it is, live countdowns, filters', async () => {
    const { page, errors, close } = await newPage(browser);
    try {
      await signIn(page, 'provider1');
      await page.locator('header nav').getByRole('link', { name: 'My tickets', exact: true }).click();
      await expectPage(page, '/tickets', 'My tickets');
      const table = page.locator('#my-tickets');
      await table.waitFor();
      const text = await table.innerText();
      assert.doesNotMatch(text, /\d{9}/, 'no full Recipient ID (9 digits) in the list');
      assert.match(text, /•••• \d{4}/, 'Recipient IDs shown as their last four digits');
      assert.match(text, COUNTDOWN_WORDS, 'a countdown in words');
      assert.match(text, /(You must|The MCO must|HFS must|You can)/, 'whose clock it is, in words');
      assert.ok((await table.locator('caption').count()) === 1, 'the table has a caption');
      assert.ok((await table.locator('th[scope="col"]').count()) >= 5, 'column headers have scope');
      assert.equal(await page.getByRole('button', { name: 'File a dispute' }).count(), 1);
      assert.equal(await settledTitle(page), 'My tickets - Illinois Medicaid Provider Resolution Portal');
      await expectNoAxeViolations(page);

      // Filter by status, in the address (no PHI there).
      await page.selectOption('#status', 'with_mco');
      await page.getByRole('button', { name: 'Apply', exact: true }).click();
      await page.waitForURL((u) => u.search.includes('status=with_mco'));
      const onlyWithMco = () => {
        const rows = [...document.querySelectorAll('#my-tickets tbody tr')];
        return rows.length > 0 && rows.every((r) => r.cells[1].textContent.trim() === 'With the MCO');
      };
      await page.waitForFunction(onlyWithMco, null, { timeout: 10_000 }).catch(async () => {
        const statuses = await page.locator('#my-tickets tbody tr td:nth-child(2)').allInnerTexts();
        assert.fail(`only tickets with the MCO should be listed, got: ${statuses.join(', ')}`);
      });
      assert.equal(await page.locator('#status').inputValue(), 'with_mco', 'the filter keeps its value');
      await expectNoAxeViolations(page);

      // Newest first.
      await page.selectOption('#status', '');
      await page.selectOption('#sort', 'newest');
      await page.getByRole('button', { name: 'Apply', exact: true }).click();
      await page.waitForURL((u) => u.search.includes('sort=newest'));
      await page.locator('#my-tickets caption', { hasText: 'newest first' }).waitFor();
      await expectNoAxeViolations(page);
      expectNoErrors(errors, 'My tickets');
    } finally {
      await close();
    }
  });

  test('mco-aetna sees Presented to us and cannot open a Molina ticket of provider2', async () => {
    const molina = (await ticketsOf('provider2')).find(
      (t) => /molina/i.test(t.mco.name) && t.status !== 'submitted',
    );
    assert.ok(molina, 'provider2 has a Molina ticket presented to Molina');
    const { page, errors, close } = await newPage(browser);
    try {
      await signIn(page, 'mco-aetna');
      await page.locator('header nav').getByRole('link', { name: 'Presented to us', exact: true }).click();
      await expectPage(page, '/mco/tickets', 'Presented to us');
      const table = page.locator('#mco-tickets');
      await table.waitFor();
      const text = await table.innerText();
      assert.doesNotMatch(text, /\d{9}/, 'no full Recipient ID in the list');
      assert.doesNotMatch(text, new RegExp(molina.number), 'no Molina ticket in the list');
      assert.match(text, /You must respond by|Nothing for you to do now|You must/);
      await expectNoAxeViolations(page);

      await page.goto(url(`/tickets/${molina.id}`));
      await expectPage(page, `/tickets/${molina.id}`, 'Page not found');
      assert.equal(await settledTitle(page), 'Page not found - Illinois Medicaid Provider Resolution Portal');
      await expectNoAxeViolations(page);
      // The 404 of the API is expected; no other error.
      expectNoErrors(errors.filter((e) => !/404|Not Found/i.test(e.text)), 'Presented to us');
    } finally {
      await close();
    }
  });
});

describe('one ticket from submission to HFS decision', () => {
  let ticket;
  before(async () => {
    const submitted = await ticketsOf('provider1', '?status=submitted');
    ticket = submitted.find((t) => /aetna/i.test(t.mco.name)) ?? submitted[0];
    assert.ok(ticket, 'provider1 has a submitted demo ticket');
  });

  /** Signs `username` in and opens the ticket's page. */
  async function openTicket(page, username) {
    await signIn(page, username);
    await openAt(page, `/tickets/${ticket.id}`, `Ticket ${ticket.number}`);
    assert.equal(
      await settledTitle(page),
      `Ticket ${ticket.number} - Illinois Medicaid Provider Resolution Portal`,
    );
  }

  test('hfs-staff finds it in To check and presents it to the MCO', async () => {
    const { page, errors, close } = await newPage(browser);
    try {
      await signIn(page, 'hfs-staff');
      await page.goto(url('/hfs/tickets'));
      await expectPage(page, '/hfs/tickets', 'Tickets');
      const toCheck = page.locator('#to-check');
      await toCheck.waitFor();
      assert.match(await toCheck.innerText(), new RegExp(ticket.number));
      assert.match(await toCheck.innerText(), /You must present the ticket to the MCO by/);
      assert.doesNotMatch(await page.locator('main').innerText(), /\d{9}/);
      await expectNoAxeViolations(page);

      await openFromList(page, '#to-check', ticket.number);
      await expectStatus(page, 'Submitted, HFS checking');
      // The claim, with the member's full Recipient ID, is on the ticket's page only.
      await page.locator('#claim-heading').waitFor();
      assert.ok(!(await page.title()).match(/\d{9}/), 'no Recipient ID in the title');
      await expectNoAxeViolations(page);

      await page.getByRole('button', { name: 'Present to the MCO', exact: true }).click();
      await expectBanner(page, /presented to the MCO/);
      await expectStatus(page, 'With the MCO');
      assert.equal(await page.locator('[data-action="present"]').count(), 0, 'no second presentation');
      await expectNoAxeViolations(page);
      expectNoErrors(errors, 'presenting');
    } finally {
      await close();
    }
  });

  test('mco-aetna asks for information (an empty request is refused first)', async () => {
    const { page, errors, close } = await newPage(browser);
    try {
      await signIn(page, 'mco-aetna');
      await page.goto(url('/mco/tickets'));
      await expectPage(page, '/mco/tickets', 'Presented to us');
      await page.locator('#mco-tickets').waitFor();
      await openFromList(page, '#mco-tickets', ticket.number);
      await expectStatus(page, 'With the MCO');
      await expectNoAxeViolations(page);

      await page.getByRole('button', { name: 'Ask for information', exact: true }).click();
      await page.locator(SUMMARY).waitFor();
      await expectErrorTitle(page);
      assert.match(await page.locator(SUMMARY).innerText(), /Enter the information you need/);
      assert.match(await page.locator('#request-info-message-error').innerText(), /Enter the information you need/);
      await expectNoAxeViolations(page);

      await page.getByLabel('What information do you need?').fill('Send the itemized bill for the dates of service.');
      await page.getByRole('button', { name: 'Ask for information', exact: true }).click();
      await expectBanner(page, /request for information was sent/);
      await expectStatus(page, 'Information requested');
      assert.equal(await page.locator(SUMMARY).count(), 0, 'the error summary is gone');
      await expectNoAxeViolations(page);
      expectNoErrors(errors, 'asking for information');
    } finally {
      await close();
    }
  });

  test('provider1 answers with a file, keyboard only', async () => {
    const { page, errors, close } = await newPage(browser);
    try {
      await openTicket(page, 'provider1');
      await expectStatus(page, 'Information requested');
      assert.match(await page.locator('#next-clock').innerText(), /You must answer by/);
      assert.match(await page.locator('#next-clock').innerText(), COUNTDOWN_WORDS);
      await expectNoAxeViolations(page);

      // A file is chosen (the only step a keyboard cannot script), then uploaded with the keyboard.
      await page.setInputFiles('#provide-info-file', {
        name: 'itemized-bill.pdf',
        mimeType: 'application/pdf',
        buffer: Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n'),
      });
      await tabTo(page, page.getByRole('button', { name: 'Upload file', exact: true }), { max: 80 });
      await page.keyboard.press('Enter');
      await page.getByText('itemized-bill.pdf').first().waitFor({ timeout: 10_000 });

      await tabTo(page, '#provide-info-message', { max: 10 });
      await page.keyboard.type('The itemized bill is attached. It was also sent to the MCO on the day of the appeal.');
      await tabTo(page, '#provide-info-submit', { max: 5 });
      await page.keyboard.press('Enter');
      await expectBanner(page, /answer was sent/);
      await expectStatus(page, 'With the MCO');
      assert.match(await page.locator('#files-heading + table').innerText(), /itemized-bill\.pdf/);
      const href = await page.locator('#files-heading + table a').first().getAttribute('href');
      assert.match(href, new RegExp(`^/api/tickets/${ticket.id}/attachments/\\d+$`));
      await expectNoAxeViolations(page);
      expectNoErrors(errors, 'answering');
    } finally {
      await close();
    }
  });

  test('mco-aetna responds: Upheld, with a contact', async () => {
    const { page, errors, close } = await newPage(browser);
    try {
      await openTicket(page, 'mco-aetna');
      await expectStatus(page, 'With the MCO');
      await page.getByLabel('Upheld', { exact: true }).check();
      await page.getByLabel("The MCO's written response").fill('The denial stands: the service needed a prior authorization.');
      await page.getByLabel('Contact name').fill('Pat Reviewer');
      await page.getByLabel('Contact phone').fill('217-555-0100');
      await page.getByLabel('Contact email').fill('pat.reviewer@example.com');
      await page.getByRole('button', { name: 'Send the response', exact: true }).click();
      await expectBanner(page, /response was sent/);
      await expectStatus(page, 'MCO responded');
      assert.match(await page.locator('#mco-response').innerText(), /Upheld/);
      await expectNoAxeViolations(page);
      expectNoErrors(errors, 'responding');
    } finally {
      await close();
    }
  });

  test('provider1 contests the response and asks HFS to review', async () => {
    const { page, errors, close } = await newPage(browser);
    try {
      await openTicket(page, 'provider1');
      await expectStatus(page, 'MCO responded');
      assert.match(await page.locator('#next-clock').innerText(), /You must accept or contest the response by/);
      await expectNoAxeViolations(page);
      await page.getByLabel('Why do you contest the response?').fill('A prior authorization was not needed for this service.');
      await page.getByRole('button', { name: 'Contest the response', exact: true }).click();
      await expectBanner(page, /contested/);
      await expectStatus(page, 'Contested');
      await expectNoAxeViolations(page);

      await page.getByLabel('Why do you ask for HFS review?').fill('The MCO did not answer the point about the authorization.');
      await page.getByRole('button', { name: 'Ask HFS to review', exact: true }).click();
      await expectBanner(page, /HFS review was sent/);
      await expectStatus(page, 'Administrative Review');
      await expectNoAxeViolations(page);
      expectNoErrors(errors, 'contesting');
    } finally {
      await close();
    }
  });

  test('hfs-staff records the final decision and the ticket is closed', async () => {
    const { page, errors, close } = await newPage(browser);
    try {
      await openTicket(page, 'hfs-staff');
      await expectStatus(page, 'Administrative Review');
      await expectNoAxeViolations(page);
      if ((await page.locator('[data-action="decide"]').count()) === 0) {
        await page.getByRole('button', { name: 'Information is in', exact: true }).click();
        await expectBanner(page, /information is recorded/);
      }
      await page.getByLabel("HFS's final decision").fill('The MCO is to reprocess the claim and pay it.');
      await page.getByRole('button', { name: 'Record the final decision', exact: true }).click();
      await expectBanner(page, /final decision was recorded/);
      await expectStatus(page, 'Closed');
      assert.match(await page.locator('#closed-reason').innerText(), /HFS made its final decision/);
      assert.equal(await page.locator('[data-action]:not([data-action="message"])').count(), 0);
      const history = await page.locator('#history-heading + table').innerText();
      assert.match(history, /reprocess the claim/);
      await expectNoAxeViolations(page);
      expectNoErrors(errors, 'deciding');

      // The provider sees it closed, with the reason in words.
      await signOut(page);
      await openTicket(page, 'provider1');
      await expectStatus(page, 'Closed');
      assert.match(await page.locator('#closed-reason').innerText(), /HFS made its final decision/);
      await expectNoAxeViolations(page);
    } finally {
      await close();
    }
  });
});

describe('a refusal from the server', () => {
  test('an action taken on a stale page shows the server\'s 409 message in the error summary', async () => {
    const submitted = (await ticketsOf('hfs-staff', '?status=submitted')).filter(
      (t) => /molina/i.test(t.mco.name),
    );
    assert.ok(submitted.length > 0, 'a submitted Molina ticket to present');
    const ticket = submitted[0];
    const { page, errors, close } = await newPage(browser);
    try {
      await signIn(page, 'hfs-staff');
      await openAt(page, `/tickets/${ticket.id}`, `Ticket ${ticket.number}`);
      await page.locator('[data-action="present"]').waitFor();
      // Someone else presents it meanwhile (the same account, from another browser).
      const other = await browser.newContext();
      await other.request.post(url('/api/session'), {
        headers: API_HEADERS,
        data: { username: 'hfs-staff', password: DEMO_PASSWORD },
      });
      const presented = await other.request.post(url(`/api/tickets/${ticket.id}/actions`), {
        headers: API_HEADERS,
        data: { action: 'present' },
      });
      assert.equal(presented.status(), 200);
      await other.close();

      await page.getByRole('button', { name: 'Present to the MCO', exact: true }).click();
      await page.locator(SUMMARY).waitFor();
      await expectErrorTitle(page);
      const message = (await page.locator(SUMMARY).innerText()).replace('There is a problem', '').trim();
      assert.ok(message.length > 0, 'the server\'s words are shown');
      await expectNoAxeViolations(page);
      expectNoErrors(errors.filter((e) => !/409|Conflict/i.test(e.text)), 'the refusal');
    } finally {
      await close();
    }
  });
});
