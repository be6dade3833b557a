// Finding and keeping tickets, end to end against the real server started with `--demo`
// (docs/tickets.md, "Finding and keeping"): the help pages from the header, by keyboard; a search
// on My tickets (another facility's ticket is not found) and its CSV; a draft listed with its
// filing window and deleted after a confirmation; a ticket's calendar file and its print layout;
// an MCO's dispute process recorded by HFS admin and shown in the eligibility checker. Every page
// and state is checked with axe-core.
//
// Run: BASE_URL=http://127.0.0.1:PORT node --test --test-concurrency=1 e2e/finding.test.mjs

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  url,
  launchBrowser,
  newPage,
  openApp,
  expectNoErrors,
  expectPage,
  openAt,
  tabTo,
  signIn,
  axeOn,
  expectBanner,
  typeInto,
  pressButton,
  SUMMARY,
  API_HEADERS,
  DEMO_PASSWORD,
} from './support.mjs';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

/** An API context signed in as `username`. */
async function apiAs(username) {
  const context = await browser.newContext();
  const signedIn = await context.request.post(url('/api/session'), {
    headers: API_HEADERS,
    data: { username, password: DEMO_PASSWORD },
  });
  assert.ok(signedIn.ok(), `sign-in of ${username}: ${signedIn.status()}`);
  return context;
}

async function json(context, path) {
  const answer = await context.request.get(url(path));
  assert.equal(answer.status(), 200, `GET ${path}`);
  return answer.json();
}

/** `YYYY-MM-DD`, `days` days ago (UTC is close enough for a date 70 days back). */
function isoDaysAgo(days) {
  return new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
}

describe('help pages', () => {
  test('Using the portal, contacts and the accessibility statement, from the header by keyboard', async () => {
    const { page, errors, close } = await newPage(browser);
    try {
      await openApp(page, '/');
      await tabTo(page, page.locator('header').getByRole('link', { name: 'Using the portal' }));
      await page.keyboard.press('Enter');
      await expectPage(page, '/help', 'Using the portal');
      const text = await page.locator('main').innerText();
      for (const words of ['For one facility', 'For several facilities', 'What to have ready before filing', 'HFS presents the ticket to the MCO', "MCO's written response"]) {
        assert.ok(text.includes(words), `the help page should say "${words}"`);
      }
      await axeOn(page, '/help');

      await tabTo(page, page.locator('main').getByRole('link', { name: 'Contacts' }), { max: 80 });
      await page.keyboard.press('Enter');
      await expectPage(page, '/contacts', 'Contacts');
      const contacts = await page.locator('main').innerText();
      assert.ok(contacts.includes('HFS.PortalInquiries@illinois.gov'));
      assert.ok(contacts.includes('hfs.crm.help@illinois.gov'));
      assert.ok(contacts.includes('877-782-5565'));
      await axeOn(page, '/contacts');

      await tabTo(page, page.locator('footer').getByRole('link', { name: 'Accessibility statement' }), { max: 80 });
      await page.keyboard.press('Enter');
      await expectPage(page, '/accessibility', 'Accessibility statement');
      await axeOn(page, '/accessibility');
      expectNoErrors(errors);
    } finally {
      await close();
    }
  });
});

describe('My tickets: search, CSV, drafts', () => {
  test('a provider finds its ticket by number and tracking number, not another facility\'s', async () => {
    const api1 = await apiAs('provider1');
    const api2 = await apiAs('provider2');
    const mine = (await json(api1, '/api/tickets'))[0];
    const theirs = (await json(api2, '/api/tickets'))[0];
    await api1.close();
    await api2.close();
    assert.ok(mine && theirs, 'the demo has tickets for provider1 and provider2');

    const { page, errors, close } = await newPage(browser);
    try {
      await signIn(page, 'provider1');
      await openAt(page, '/tickets', 'My tickets');
      await tabTo(page, '#ticket-search', { max: 80 });
      await page.keyboard.type(mine.number.toLowerCase().replaceAll('-', ' '));
      await page.keyboard.press('Enter');
      await page.waitForURL((u) => u.searchParams.has('q'));
      // The list is replaced by the search's answer: one row, this ticket.
      await page.waitForFunction(
        (number) => {
          const rows = document.querySelectorAll('#my-tickets tbody tr');
          return rows.length === 1 && rows[0].dataset.ticket === number;
        },
        mine.number,
        { timeout: 10_000, polling: 100 },
      );
      await axeOn(page, 'My tickets with a search');

      // The CSV link carries the search.
      const href = await page.locator('#download-csv').getAttribute('href');
      assert.ok(href.startsWith('/api/tickets.csv?') && href.includes('q='), href);
      const csv = await page.request.get(url(href));
      assert.equal(csv.status(), 200);
      assert.match(csv.headers()['content-type'], /^text\/csv/);
      const lines = (await csv.text()).trim().split('\r\n');
      assert.equal(lines.length, 2);
      assert.ok(lines[0].startsWith('Ticket,Facility,Status,MCO'));
      assert.ok(lines[1].startsWith(mine.number));

      // By the MCO tracking number's start.
      await typeInto(page, '#ticket-search', mine.tracking_number.slice(0, 5));
      await page.keyboard.press('Enter');
      await page.locator(`#my-tickets tr[data-ticket="${mine.number}"]`).waitFor();

      // Another facility's ticket, by its exact number: nothing.
      await typeInto(page, '#ticket-search', theirs.number);
      await page.keyboard.press('Enter');
      await page.locator('#tickets-empty').waitFor();
      assert.match(await page.locator('#tickets-empty').innerText(), /No tickets match/);
      await axeOn(page, 'My tickets, nothing found');
      expectNoErrors(errors);
    } finally {
      await close();
    }
  });

  test('a draft shows its filing window and is deleted after a confirmation', async () => {
    const api = await apiAs('agent1');
    const created = await api.request.post(url('/api/drafts'), {
      headers: API_HEADERS,
      data: { tracking_number: 'FIND-ME-1', mco_received_on: isoDaysAgo(75) },
    });
    assert.equal(created.status(), 201, await created.text());
    const draft = await created.json();
    await api.close();

    const { page, errors, close } = await newPage(browser);
    try {
      await signIn(page, 'agent1');
      await openAt(page, '/tickets', 'My tickets');
      const row = page.locator(`#drafts tr[data-draft="${draft.id}"]`);
      await row.waitFor();
      const words = await row.innerText();
      assert.ok(words.includes('tracking number FIND-ME-1'), words);
      assert.ok(words.includes('The filing window has closed'), words);
      await axeOn(page, 'My tickets with drafts');

      // Continue opens the entry at the first question the draft has not answered (its facility).
      await row.getByRole('link', { name: /^Continue/ }).click();
      await page.waitForURL(new RegExp(`/tickets/new/${draft.id}/facility$`));
      await page.getByRole('heading', { level: 1 }).waitFor();
      await openAt(page, '/tickets', 'My tickets');
      await row.waitFor();

      await tabTo(page, row.getByRole('button', { name: /^Delete/ }), { max: 80 });
      await page.keyboard.press('Enter');
      const question = page.getByText('Delete this draft? It cannot be undone.');
      await question.waitFor();
      await axeOn(page, 'the confirmation of a deletion');
      await pressButton(page, 'Yes, delete the draft', { max: 10 });
      await expectBanner(page, /Draft deleted/);
      await row.waitFor({ state: 'detached' });
      const left = await (await apiAs('agent1')).request.get(url(`/api/drafts/${draft.id}`));
      assert.equal(left.status(), 404);
      expectNoErrors(errors);
    } finally {
      await close();
    }
  });
});

describe('the ticket page: calendar file and printing', () => {
  test('the deadlines download as a calendar file, and the ticket prints without navigation', async () => {
    const api = await apiAs('provider1');
    const list = await json(api, '/api/tickets');
    await api.close();
    const ticket = list.find((t) => t.deadlines.length > 0);
    assert.ok(ticket, 'a demo ticket with a running clock');

    const { page, errors, close } = await newPage(browser);
    try {
      await signIn(page, 'provider1');
      await openAt(page, `/tickets/${ticket.id}`, `Ticket ${ticket.number}`);
      const link = page.locator('#calendar-file');
      assert.equal(await link.getAttribute('href'), `/api/tickets/${ticket.id}/calendar.ics`);
      await tabTo(page, link, { max: 80 });
      const file = await page.request.get(url(await link.getAttribute('href')));
      assert.equal(file.status(), 200);
      assert.match(file.headers()['content-type'], /^text\/calendar/);
      const text = await file.text();
      assert.ok(text.includes('BEGIN:VTIMEZONE\r\nTZID:America/Chicago'));
      assert.equal((text.match(/BEGIN:VEVENT/g) || []).length, ticket.deadlines.length);
      await tabTo(page, '#print-ticket', { max: 10 });
      await axeOn(page, 'the ticket page');

      await page.emulateMedia({ media: 'print' });
      assert.equal(await page.locator('header').isVisible(), false, 'no header in print');
      assert.equal(await page.locator('footer').isVisible(), false, 'no footer in print');
      assert.equal(await page.locator('#print-ticket').isVisible(), false);
      assert.ok(await page.locator('#printed-on').isVisible());
      assert.match(await page.locator('#printed-on').innerText(), /^Printed from the Provider Resolution Portal on .+ Central time\.$/);
      assert.ok(await page.locator('main h1').isVisible());
      await page.emulateMedia({ media: 'screen' });
      assert.equal(await page.locator('#printed-on').isVisible(), false);
      expectNoErrors(errors);
    } finally {
      await close();
    }
  });
});

describe("each MCO's dispute process", () => {
  const MCO = 'Meridian Health Plan of Illinois';
  test('HFS admin records it; the eligibility checker shows it for the chosen MCO', async () => {
    const { page, errors, close } = await newPage(browser);
    let mcoId;
    try {
      await signIn(page, 'hfs-admin');
      await openAt(page, '/admin/mcos', 'MCOs');
      await tabTo(page, '#dispute-mco', { max: 120 });
      const option = page.locator('#dispute-mco option', { hasText: MCO });
      mcoId = await option.getAttribute('value');
      await page.selectOption('#dispute-mco', mcoId);
      await typeInto(page, '#dispute-url', 'www.example.com/disputes');
      await pressButton(page, 'Record the dispute process', { max: 10 });
      await page.locator(SUMMARY).waitFor();
      assert.match(await page.locator(SUMMARY).innerText(), /https:\/\//);
      await axeOn(page, 'the dispute process form with an error');

      await typeInto(page, '#dispute-url', 'https://www.example.com/disputes');
      await typeInto(page, '#tracking-guidance', 'Call provider services and ask for the complaint tracking number.');
      await typeInto(page, '#services-phone', '217 555 0199');
      await pressButton(page, 'Record the dispute process', { max: 10 });
      await expectBanner(page, /dispute process is saved/);
      await axeOn(page, 'the MCOs page after saving');
      expectNoErrors(errors);
    } finally {
      await close();
    }

    const checker = await newPage(browser);
    try {
      await openAt(checker.page, '/eligibility/tracking-number', 'Did the MCO give you a tracking number for this dispute?');
      await tabTo(checker.page, '#mco-picker', { max: 40 });
      await checker.page.selectOption('#mco-picker', mcoId);
      const info = checker.page.locator(`[data-mco-dispute="${mcoId}"]`);
      await info.waitFor();
      const words = await info.innerText();
      assert.ok(words.includes(`Get a tracking number from ${MCO}: Call provider services`), words);
      assert.ok(words.includes('(217) 555-0199'), words);
      await axeOn(checker.page, 'the tracking number question with an MCO chosen');
      expectNoErrors(checker.errors);
    } finally {
      await checker.close();
    }

    // Back to nothing recorded, as the seeds have it.
    const admin = await apiAs('hfs-admin');
    const reset = await admin.request.put(url(`/api/admin/mcos/${mcoId}/dispute`), {
      headers: API_HEADERS,
      data: { dispute_url: '', tracking_guidance: '', provider_services_phone: '' },
    });
    assert.equal(reset.status(), 200);
    await admin.close();
  });
});
