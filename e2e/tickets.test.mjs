// Tickets, end to end against the real server started with `--demo` (docs/tickets.md): the
// provider's "My tickets" (masked Recipient IDs, countdowns in words, filters), the MCO's
// "Presented to us" and its 404 for another MCO's ticket; one ticket from entry to HFS's decision
// across the three roles, keyboard only: provider1 enters it one question a page and submits it,
// HFS presents it, the MCO asks for information, the provider answers with a file, the MCO
// responds, the provider contests and asks for review, HFS decides and the ticket is closed; the
// one extension asked for by the MCO, approved by HFS (the new due date in words) or refused (the
// reason in the history); HFS closing a submitted ticket as incomplete, the provider seeing why.
// Every page and state is checked with axe-core.
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
  pressButton,
  pdfFile,
  enterSingleClaimTicket,
} from './support.mjs';
import { inPageOrder } from './workflow_support.mjs';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

/** `GET path` of the API as `username`, in a context of its own; the answer's JSON. */
async function apiGet(username, path) {
  const context = await browser.newContext();
  try {
    const signedIn = await context.request.post(url('/api/session'), {
      headers: API_HEADERS,
      data: { username, password: DEMO_PASSWORD },
    });
    assert.ok(signedIn.ok(), `sign-in of ${username}: ${signedIn.status()}`);
    const answer = await context.request.get(url(path));
    assert.equal(answer.status(), 200, `GET ${path} as ${username}`);
    return await answer.json();
  } finally {
    await context.close();
  }
}

/** The tickets `username` may see, through the API. */
async function ticketsOf(username, query = '') {
  return apiGet(username, `/api/tickets${query}`);
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

/** Opens the ticket's page by its number's link in a list table, from the keyboard. */
async function openFromList(page, table, number) {
  const link = page.locator(`${table} a`, { hasText: number }).first();
  const href = await link.getAttribute('href');
  await tabTo(page, link, { max: 200 });
  await page.keyboard.press('Enter');
  await expectPage(page, href, `Ticket ${number}`);
}

/** Signs `username` in and opens the ticket's page (its title is checked). */
async function openTicket(page, username, ticket) {
  assert.ok(ticket, 'the ticket of this test is known (an earlier step failed?)');
  await signIn(page, username);
  await openAt(page, `/tickets/${ticket.id}`, `Ticket ${ticket.number}`);
  assert.equal(
    await settledTitle(page),
    `Ticket ${ticket.number} - Illinois Medicaid Provider Resolution Portal`,
  );
}

/** Tabs to the field `selector` and types `text` into it. */
async function tabAndType(page, selector, text) {
  await tabTo(page, selector, { max: 150 });
  await page.keyboard.type(text);
}

/** Tabs into the radio group whose first radio is `#id` (none chosen yet) and chooses that one. */
async function chooseFirstRadio(page, id) {
  await tabTo(page, `#${id}`, { max: 150 });
  await page.keyboard.press('Space');
  assert.ok(await page.isChecked(`#${id}`), `#${id} should be checked`);
}

/** Presses the button `name` from the keyboard: the action forms are far down the page. */
const press = (page, name) => pressButton(page, name, { max: 150 });

/** An ISO date in words, as the app writes it: "Monday, March 2, 2026". */
function dateWords(iso) {
  const d = new Date(`${iso}T12:00:00Z`);
  const part = (o) => new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', ...o }).format(d);
  return `${part({ weekday: 'long' })}, ${part({ month: 'long' })} ${d.getUTCDate()}, ${d.getUTCFullYear()}`;
}

/** The due date shown in the ticket page's Deadlines table for the clock `key`. */
async function dueShown(page, key) {
  return (await page.locator(`tr[data-clock="${key}"] td`).nth(1).innerText()).trim();
}

/** The due date (ISO) of the clock `key` of a ticket, as the API gives it to `username`. */
async function dueOf(username, ticketId, key) {
  const detail = await apiGet(username, `/api/tickets/${ticketId}`);
  const clock = detail.deadlines.find((d) => d.key === key);
  assert.ok(clock, `the ticket has the clock ${key}`);
  return { due: clock.due_on, detail };
}

/** What a countdown may say (`docs/pages.md`): words first. */
const COUNTDOWN_WORDS = /(\d+ (day|hour|minute)s? \d+ (hour|minute|second)s? left|Due today by 11:59 p.m. Central time|\d+ days? overdue)/;

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
      await page.getByRole('button', { name: 'Apply filters', exact: true }).click();
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
      await page.getByRole('button', { name: 'Apply filters', exact: true }).click();
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

describe('one ticket from entry to HFS decision, keyboard only', () => {
  // Unique for this run: the database may hold earlier runs' tickets.
  const RUN = Date.now().toString(36).toUpperCase();
  let ticket;

  test('provider1 enters it one question a page and submits it', async () => {
    const { page, errors, close } = await newPage(browser);
    try {
      await signIn(page, 'provider1');
      const entered = await enterSingleClaimTicket(page, {
        mco: 'Aetna Better Health of Illinois',
        trackingNumber: `ABH-E2E-${RUN}`,
        claimNumber: `CLM-${RUN}`,
        file: pdfFile('denial-letter.pdf'),
      });
      ticket = { id: entered.ticketId, number: entered.number };
      assert.match(await page.locator('main').innerText(), /presents it to Aetna Better Health of Illinois by/);

      // Its page: HFS is checking it; the dispute as entered, with the file.
      await openAt(page, `/tickets/${ticket.id}`, `Ticket ${ticket.number}`);
      await expectStatus(page, 'Submitted, HFS checking');
      assert.match(await page.locator('#next-clock').innerText(), /HFS must present the ticket to the MCO by/);
      const dispute = await page.locator('#claim-heading + dl').innerText();
      for (const shown of [`ABH-E2E-${RUN}`, `CLM-${RUN}`, '123456789', 'Aetna Better Health of Illinois']) {
        assert.ok(dispute.includes(shown), `the ticket's page shows ${shown}`);
      }
      assert.match(await page.locator('section[aria-labelledby="files-heading"] table').innerText(), /denial-letter\.pdf/);
      assert.doesNotMatch(page.url() + (await page.title()), /123456789/, 'no Recipient ID in the URL or title');
      await expectNoAxeViolations(page);
      expectNoErrors(errors, 'entering the ticket');
    } finally {
      await close();
    }
  });

  test('hfs-staff finds it in To check and presents it to the MCO', async () => {
    assert.ok(ticket, 'the ticket was entered');
    const { page, errors, close } = await newPage(browser);
    try {
      await signIn(page, 'hfs-staff');
      await openAt(page, '/hfs/tickets', 'Tickets');
      const toCheck = page.locator('#to-check');
      await toCheck.waitFor();
      const row = toCheck.locator(`tr[data-ticket="${ticket.number}"]`);
      assert.match(await row.innerText(), /You must present the ticket to the MCO by/);
      assert.doesNotMatch(await page.locator('main').innerText(), /\d{9}/);
      await expectNoAxeViolations(page);

      await openFromList(page, '#to-check', ticket.number);
      await expectStatus(page, 'Submitted, HFS checking');
      // The claim, with the member's full Recipient ID, is on the ticket's page only.
      await page.locator('#claim-heading').waitFor();
      assert.ok(!(await page.title()).match(/\d{9}/), 'no Recipient ID in the title');
      await expectNoAxeViolations(page);

      // HFS confirms the ticket is complete before presenting it: not ticked, it is refused.
      assert.match(
        await page.locator('[data-action="present"]').innerText(),
        /I have checked that the ticket is complete and was filed in time/,
      );
      await press(page, 'Present to the MCO');
      await page.locator(SUMMARY).waitFor();
      await expectErrorTitle(page);
      assert.match(await page.locator(SUMMARY).innerText(), /Confirm that you checked the ticket is complete/);
      assert.match(await page.locator('#present-confirm-error').innerText(), /Confirm that you checked/);
      await expectNoAxeViolations(page);
      await tabTo(page, '#present-confirm', { max: 150 });
      await page.keyboard.press('Space');
      assert.ok(await page.isChecked('#present-confirm'), 'ticked from the keyboard');
      await press(page, 'Present to the MCO');
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
    assert.ok(ticket, 'the ticket was entered');
    const { page, errors, close } = await newPage(browser);
    try {
      await signIn(page, 'mco-aetna');
      await openAt(page, '/mco/tickets', 'Presented to us');
      await page.locator('#mco-tickets').waitFor();
      await openFromList(page, '#mco-tickets', ticket.number);
      await expectStatus(page, 'With the MCO');
      await expectNoAxeViolations(page);

      await press(page, 'Ask for information');
      await page.locator(SUMMARY).waitFor();
      await expectErrorTitle(page);
      assert.match(await page.locator(SUMMARY).innerText(), /Enter the information you need/);
      assert.match(await page.locator('#request-info-message-error').innerText(), /Enter the information you need/);
      await expectNoAxeViolations(page);

      await tabAndType(page, '#request-info-message', 'Send the itemized bill for the dates of service.');
      await press(page, 'Ask for information');
      await expectBanner(page, /request for information was sent/);
      await expectStatus(page, 'Information requested');
      assert.equal(await page.locator(SUMMARY).count(), 0, 'the error summary is gone');
      await expectNoAxeViolations(page);
      expectNoErrors(errors, 'asking for information');
    } finally {
      await close();
    }
  });

  test('provider1 answers with a file', async () => {
    const { page, errors, close } = await newPage(browser);
    try {
      await openTicket(page, 'provider1', ticket);
      await expectStatus(page, 'Information requested');
      assert.match(await page.locator('#next-clock').innerText(), /You must answer by/);
      assert.match(await page.locator('#next-clock').innerText(), COUNTDOWN_WORDS);
      // What the MCO asked, in its words, right under the status and above the answer form;
      // then the dispute's facts; the history last.
      const words = page.locator('#their-words');
      assert.equal((await words.locator('h2').innerText()).trim(), 'What the MCO asked');
      assert.match(await words.innerText(), /Send the itemized bill for the dates of service\./);
      assert.deepEqual(
        await inPageOrder(page, [
          '#status-panel',
          '#their-words',
          '[data-action="provide_info"]',
          '#claim-heading',
          '#history-heading',
        ]),
        true,
        'status, the request, the answer form, the facts, the history: in that order',
      );
      await expectNoAxeViolations(page);

      // A file is chosen (the only step a keyboard cannot script), then uploaded with the keyboard.
      await page.setInputFiles('#provide-info-file', pdfFile('itemized-bill.pdf'));
      await press(page, 'Upload file');
      await page.getByText('itemized-bill.pdf').first().waitFor({ timeout: 10_000 });

      await tabAndType(page, '#provide-info-message', 'The itemized bill is attached. It was also sent to the MCO on the day of the appeal.');
      await press(page, 'Send your answer');
      await expectBanner(page, /answer was sent/);
      await expectStatus(page, 'With the MCO');
      assert.match(await page.locator('section[aria-labelledby="files-heading"] table').innerText(), /itemized-bill\.pdf/);
      const hrefs = await page.locator('section[aria-labelledby="files-heading"] table a').evaluateAll((links) =>
        links.map((a) => a.getAttribute('href')),
      );
      for (const href of hrefs) {
        assert.match(href, new RegExp(`^/api/tickets/${ticket.id}/attachments/\\d+$`));
      }
      await expectNoAxeViolations(page);
      expectNoErrors(errors, 'answering');
    } finally {
      await close();
    }
  });

  test('mco-aetna responds: Upheld, with a contact', async () => {
    const { page, errors, close } = await newPage(browser);
    try {
      await openTicket(page, 'mco-aetna', ticket);
      await expectStatus(page, 'With the MCO');
      // The provider's answer, above the MCO's response form.
      assert.match(await page.locator('#their-words').innerText(), /The itemized bill is attached/);
      // The contact is prefilled from the MCO user's account: its name and email (no phone held).
      assert.equal(await page.inputValue('#respond-contact-name'), 'Kevin Brandt');
      assert.equal(await page.inputValue('#respond-contact-email'), 'mco-aetna@example.com');
      assert.equal(await page.inputValue('#respond-contact-phone'), '');
      await chooseFirstRadio(page, 'respond-outcome'); // Upheld
      await tabAndType(page, '#respond-response', 'The denial stands: the service needed a prior authorization.');
      await tabTo(page, '#respond-contact-name', { max: 150 });
      await page.keyboard.press('Control+A');
      await page.keyboard.type('Pat Reviewer');
      await tabAndType(page, '#respond-contact-phone', '217-555-0100');
      await press(page, 'Send the response');

      // The check page: what will be sent, that it cannot be undone; nothing sent yet.
      await expectPage(page, `/tickets/${ticket.id}`, 'Check your response before you send it');
      assert.equal(await settledTitle(page), 'Check your response before you send it - Illinois Medicaid Provider Resolution Portal');
      const answers = await page.locator('#check-answers').innerText();
      for (const shown of ['Upheld', 'The denial stands', 'Pat Reviewer', '217-555-0100', 'mco-aetna@example.com']) {
        assert.ok(answers.includes(shown), `the check page shows ${shown}: ${answers}`);
      }
      assert.match(await page.locator('#check-warning').innerText(), /cannot be undone/);
      assert.equal((await dueOf('mco-aetna', ticket.id, 'mco_response')).detail.mco_response, null, 'not sent yet');
      await expectNoAxeViolations(page);

      // Change goes back to the field with everything typed kept.
      await tabTo(page, page.getByRole('link', { name: /^Change the MCO's written response/ }), { max: 60 });
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => document.activeElement?.id === 'respond-response', null, { timeout: 5_000 });
      assert.equal(await page.inputValue('#respond-response'), 'The denial stands: the service needed a prior authorization.');
      assert.equal(await page.inputValue('#respond-contact-name'), 'Pat Reviewer');
      assert.equal(await page.inputValue('#respond-contact-phone'), '217-555-0100');
      assert.ok(await page.isChecked('#respond-outcome'), 'the outcome stays chosen');
      await page.keyboard.press('End');
      await page.keyboard.type(' Call us to discuss it.');
      await press(page, 'Send the response');
      await expectPage(page, `/tickets/${ticket.id}`, 'Check your response before you send it');
      assert.match(await page.locator('#check-answers').innerText(), /prior authorization\. Call us to discuss it\./);
      await press(page, 'Send the response');
      await expectBanner(page, /response was sent/);
      await expectStatus(page, 'MCO responded');
      assert.match(await page.locator('#mco-response').innerText(), /Upheld/);
      assert.match(await page.locator('#mco-response').innerText(), /Pat Reviewer/);
      await expectNoAxeViolations(page);
      expectNoErrors(errors, 'responding');
    } finally {
      await close();
    }
  });

  test('provider1 contests the response and asks HFS to review', async () => {
    const { page, errors, close } = await newPage(browser);
    try {
      await openTicket(page, 'provider1', ticket);
      await expectStatus(page, 'MCO responded');
      assert.match(await page.locator('#next-clock').innerText(), /You must accept or contest the response by/);
      await expectNoAxeViolations(page);
      // The MCO's response, right under the status, above "Accept" and "Contest".
      assert.match(await page.locator('#mco-response').innerText(), /Upheld/);
      assert.equal(
        await inPageOrder(page, ['#status-panel', '#mco-response', '[data-action="accept"]', '[data-action="contest"]', '#claim-heading']),
        true,
        'the response comes before accepting or contesting it',
      );
      await tabAndType(page, '#contest-reason', 'A prior authorization was not needed for this service.');
      await press(page, 'Contest the response');
      await expectPage(page, `/tickets/${ticket.id}`, 'Check before you contest the response');
      const contested = await page.locator('#check-answers').innerText();
      assert.match(contested, /Upheld: The denial stands/);
      assert.match(contested, /A prior authorization was not needed for this service\./);
      assert.match(await page.locator('#check-warning').innerText(), /cannot be undone/);
      await expectNoAxeViolations(page);
      await press(page, 'Contest the response');
      await expectBanner(page, /contested/);
      await expectStatus(page, 'Contested');
      await expectNoAxeViolations(page);

      await tabAndType(page, '#request-review-reason', 'The MCO did not answer the point about the authorization.');
      await press(page, 'Ask HFS to review');
      await expectBanner(page, /HFS review was sent/);
      await expectStatus(page, 'Administrative Review');
      await expectNoAxeViolations(page);
      expectNoErrors(errors, 'contesting');
    } finally {
      await close();
    }
  });

  test('hfs-staff assigns itself as Account Manager and records the final decision', async () => {
    const { page, errors, close } = await newPage(browser);
    try {
      await openTicket(page, 'hfs-staff', ticket);
      await expectStatus(page, 'Administrative Review');
      assert.match(await page.locator('#review').innerText(), /not contested cases/);
      await expectNoAxeViolations(page);
      // The Portal Team assigns the HFS MCO Account Manager (here hfs-staff, Thomas Whitaker).
      await tabTo(page, '#assign-review-account-manager-id', { max: 150 });
      await page.keyboard.type('Thomas');
      await press(page, 'Assign the review');
      await expectBanner(page, /assigned to the HFS MCO Account Manager/);
      await chooseFirstRadio(page, 'decide-outcome'); // In the provider's favour
      await tabAndType(page, '#decide-decision', 'The MCO is to reprocess the claim and pay it.');
      await press(page, 'Record the final decision');
      await expectPage(page, `/tickets/${ticket.id}`, 'Check the decision before you record it');
      assert.match(await page.locator('#check-answers').innerText(), /reprocess the claim and pay it/);
      assert.match(await page.locator('#check-warning').innerText(), /cannot be undone/);
      await expectNoAxeViolations(page);
      await press(page, 'Record the final decision');
      await expectBanner(page, /final decision was recorded/);
      await expectStatus(page, 'Closed');
      assert.match(await page.locator('#closed-reason').innerText(), /HFS made its final decision/);
      assert.equal(await page.locator('[data-action]:not([data-action="message"])').count(), 0);
      const history = await page.locator('section[aria-labelledby="history-heading"] table').innerText();
      assert.match(history, /reprocess the claim/);
      await expectNoAxeViolations(page);
      expectNoErrors(errors, 'deciding');

      // The provider sees it closed, with the reason in words, and the decision.
      await signOut(page);
      await openTicket(page, 'provider1', ticket);
      await expectStatus(page, 'Closed');
      assert.match(await page.locator('#closed-reason').innerText(), /HFS made its final decision/);
      assert.match(await page.locator('main').innerText(), /reprocess the claim and pay it/);
      assert.match(await page.locator('#decision').innerText(), /In the provider's favour/);
      await expectNoAxeViolations(page);
    } finally {
      await close();
    }
  });
});

describe('the one extension', () => {
  /** A demo ticket of `mcoUser`'s MCO, with the MCO, on which an extension can still be asked. */
  async function extensionTicket(mcoUser) {
    const found = (await ticketsOf(mcoUser, '?status=with_mco')).find(
      (t) => !t.claims_count && t.deadlines.some((d) => d.key === 'extension_request'),
    );
    assert.ok(found, `${mcoUser} has a ticket with the MCO whose extension can still be asked for`);
    return found;
  }

  /** Signed in as the MCO's user on the ticket's page: asks for the extension. */
  async function askForExtension(page, reason) {
    await expectStatus(page, 'With the MCO');
    await page.locator('[data-action="request_extension"]').waitFor();
    await expectNoAxeViolations(page);
    await tabAndType(page, '#request-extension-reason', reason);
    await press(page, 'Ask for an extension');
    await expectBanner(page, /request for an extension was sent to HFS/);
    await expectStatus(page, 'With the MCO');
    assert.equal(await page.locator('[data-action="request_extension"]').count(), 0, 'asked once');
    assert.match(await page.locator('tr[data-history="request_extension"]').innerText(), new RegExp(reason));
    await expectNoAxeViolations(page);
  }

  test('mco-aetna asks for it, hfs-staff approves it: the MCO sees its new due date in words', async () => {
    const ticket = await extensionTicket('mco-aetna');
    const before = await dueOf('mco-aetna', ticket.id, 'mco_response');
    const { page, errors, close } = await newPage(browser);
    try {
      await openTicket(page, 'mco-aetna', ticket);
      await askForExtension(page, 'The claim file is with our vendor and comes back next month.');
      await signOut(page);

      await openTicket(page, 'hfs-staff', ticket);
      assert.equal(await dueShown(page, 'mco_response'), dateWords(before.due));
      await page.locator('[data-action="approve_extension"]').waitFor();
      await expectNoAxeViolations(page);
      await press(page, 'Approve the extension');
      await expectBanner(page, /extension was approved/);
      assert.equal(await page.locator('[data-action="approve_extension"]').count(), 0);

      // 60 calendar days from presentation instead of 30 (moved off a weekend or holiday).
      const after = await dueOf('hfs-staff', ticket.id, 'mco_response');
      const presented = after.detail.history.find((h) => h.action === 'present').on;
      const days = (Date.parse(after.due) - Date.parse(presented)) / 86_400_000;
      assert.ok(days >= 60 && days <= 64, `due ${after.due}, ${days} days after ${presented}`);
      await page.waitForFunction(
        (words) =>
          document.querySelector('tr[data-clock="mco_response"] td:nth-of-type(2)')?.textContent.trim() === words,
        dateWords(after.due),
        { timeout: 10_000 },
      );
      await expectNoAxeViolations(page);
      await signOut(page);

      await openTicket(page, 'mco-aetna', ticket);
      assert.equal(await dueShown(page, 'mco_response'), dateWords(after.due));
      assert.match(
        await page.locator('#next-clock').innerText(),
        new RegExp(`You must respond by ${dateWords(after.due)}`),
      );
      assert.match(await page.locator('tr[data-history="approve_extension"]').innerText(), /HFS/);
      await expectNoAxeViolations(page);
      expectNoErrors(errors, 'the approved extension');
    } finally {
      await close();
    }
  });

  test('mco-molina asks for it, hfs-staff refuses it with a reason: the due date stays', async () => {
    const ticket = await extensionTicket('mco-molina');
    const before = await dueOf('mco-molina', ticket.id, 'mco_response');
    const reason = 'A vendor delay is not an extenuating circumstance.';
    const { page, errors, close } = await newPage(browser);
    try {
      await openTicket(page, 'mco-molina', ticket);
      await askForExtension(page, 'Our reviewer is away until the end of the month.');
      await signOut(page);

      await openTicket(page, 'hfs-staff', ticket);
      await page.locator('[data-action="refuse_extension"]').waitFor();
      // No reason: the error pattern.
      await press(page, 'Refuse the extension');
      await page.locator(SUMMARY).waitFor();
      await expectErrorTitle(page);
      assert.match(await page.locator(SUMMARY).innerText(), /Enter why the extension is refused/);
      await expectNoAxeViolations(page);
      await tabAndType(page, '#refuse-extension-reason', reason);
      await press(page, 'Refuse the extension');
      await expectBanner(page, /extension was refused/);
      assert.equal(await page.locator('[data-action="approve_extension"]').count(), 0);
      await expectNoAxeViolations(page);
      await signOut(page);

      await openTicket(page, 'mco-molina', ticket);
      assert.equal(await dueShown(page, 'mco_response'), dateWords(before.due), 'the due date stays');
      assert.match(await page.locator('tr[data-history="refuse_extension"]').innerText(), new RegExp(reason));
      assert.equal(await page.locator('[data-action="request_extension"]').count(), 0, 'no second request');
      await expectNoAxeViolations(page);
      expectNoErrors(errors, 'the refused extension');
    } finally {
      await close();
    }
  });
});

describe('HFS closes a submitted ticket', () => {
  test('as incomplete, with a note: the provider sees why', async () => {
    // provider1's oldest submitted ticket of one claim (the demo's).
    const submitted = (await ticketsOf('provider1', '?status=submitted'))
      .filter((t) => !t.claims_count)
      .sort((a, b) => (a.submitted_on ?? '').localeCompare(b.submitted_on ?? '') || a.id - b.id);
    const ticket = submitted[0];
    assert.ok(ticket, 'provider1 has a submitted ticket');
    const note = 'The dates of service are missing from the claim. File a new ticket with them.';
    const { page, errors, close } = await newPage(browser);
    try {
      await openTicket(page, 'hfs-staff', ticket);
      await expectStatus(page, 'Submitted, HFS checking');
      await page.locator('[data-action="close"]').waitFor();
      // Nothing chosen or written: both said.
      await press(page, 'Close the ticket');
      await page.locator(SUMMARY).waitFor();
      await expectErrorTitle(page);
      const problems = await page.locator(SUMMARY).innerText();
      assert.match(problems, /Select why the ticket is closed/);
      assert.match(problems, /Enter a note to the provider saying why the ticket is closed/);
      await expectNoAxeViolations(page);

      await chooseFirstRadio(page, 'close-reason');
      assert.equal(await page.locator('label[for="close-reason"]').innerText(), 'Incomplete');
      await tabAndType(page, '#close-note', note);
      await press(page, 'Close the ticket');
      await expectPage(page, `/tickets/${ticket.id}`, 'Check before you close the ticket');
      const closing = await page.locator('#check-answers').innerText();
      assert.match(closing, /Incomplete/);
      assert.ok(closing.includes(note), 'the note as typed');
      assert.match(await page.locator('#check-warning').innerText(), /cannot be undone/);
      await expectNoAxeViolations(page);
      // Back returns to the form as it was.
      await page.locator('#check-back').focus();
      await page.keyboard.press('Enter');
      await page.locator('[data-action="close"]').waitFor();
      assert.equal(await page.inputValue('#close-note'), note);
      assert.ok(await page.isChecked('#close-reason'));
      await press(page, 'Close the ticket');
      await expectPage(page, `/tickets/${ticket.id}`, 'Check before you close the ticket');
      await press(page, 'Close the ticket');
      await expectBanner(page, /ticket was closed\. The provider has been told why/);
      await expectStatus(page, 'Closed');
      assert.match(await page.locator('#closed-reason').innerText(), /missing information HFS needs/);
      assert.equal(await page.locator('[data-action]').count(), 0, 'nothing more to do on it');
      await expectNoAxeViolations(page);
      await signOut(page);

      await openTicket(page, 'provider1', ticket);
      await expectStatus(page, 'Closed');
      assert.match(
        await page.locator('#closed-reason').innerText(),
        /Why it is closed: The ticket was missing information HFS needs to present it to the MCO\./,
      );
      assert.match(await page.locator('main').innerText(), new RegExp(`HFS's note: ${note}`));
      await expectNoAxeViolations(page);
      expectNoErrors(errors, 'closing as incomplete');
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

      await page.locator('#present-confirm').check();
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
