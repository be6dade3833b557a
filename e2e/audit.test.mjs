// The audit log (HFS administrators) and the fines page (MCOs and HFS), end to end against the real
// server run with --demo (its demo tickets include fines for Aetna and Molina). Every page is checked
// with axe-core.
//
// Run: BASE_URL=http://127.0.0.1:PORT node --test --test-concurrency=1 e2e/audit.test.mjs

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  url,
  launchBrowser,
  newPage,
  expectNoErrors,
  expectNoAxeViolations,
  openAt,
  settledTitle,
  signIn,
  SERVICE_NAME,
  SUMMARY,
  expectErrorTitle,
} from './support.mjs';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

describe('audit log', () => {
  test('an administrator opens a ticket, and the audit log shows who viewed it', async () => {
    const { page, errors, close } = await newPage(browser);
    try {
      await signIn(page, 'hfs-admin');
      const answer = await page.request.get(url('/api/tickets'));
      assert.equal(answer.status(), 200);
      const tickets = await answer.json();
      assert.ok(tickets.length > 0, 'the demo has tickets for HFS');
      const ticket = tickets[0];

      // Viewing the ticket writes an audit entry.
      await page.goto(url(`/tickets/${ticket.id}`));
      await page.locator('main h1').waitFor();
      await page.getByText(ticket.number).first().waitFor();

      await openAt(page, '/admin/audit', 'Audit log');
      assert.equal(await settledTitle(page), `Audit log - ${SERVICE_NAME}`);
      const log = page.locator('table#audit-log');
      await log.waitFor();
      const first = log.locator('tbody tr').first();
      await first.getByRole('link', { name: ticket.number }).waitFor();
      const cells = await first.locator('td').allInnerTexts();
      assert.match(cells[0], /^(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), \w+ \d{1,2}, \d{4}, at \d{1,2}:\d\d (a|p)\.m\. Central time$/);
      assert.equal(cells[1].trim(), 'hfs-admin');
      assert.equal(cells[2].trim(), '127.0.0.1');
      assert.equal(cells[4].trim(), 'Viewed the ticket');
      await expectNoAxeViolations(page);

      // Showing one ticket: by its whole number, which ends in its id.
      await page.getByLabel('Ticket', { exact: true }).fill(ticket.number);
      await page.getByRole('button', { name: 'Show', exact: true }).click();
      await page.waitForURL((u) => u.searchParams.get('ticket_id') === String(ticket.id));
      await page.locator('caption', { hasText: /^Entries 1 to \d+ of \d+, newest first$/ }).waitFor();
      // The rows follow the caption once the filtered answer is in.
      await page.waitForFunction((number) => {
        const cells = [...document.querySelectorAll('table#audit-log tbody tr td:nth-child(4)')];
        return cells.length > 0 && cells.every((c) => c.innerText.trim() === number);
      }, ticket.number);
      const numbers = await log.locator('tbody tr td:nth-child(4)').allInnerTexts();
      assert.ok(numbers.length > 0);
      for (const n of numbers) assert.equal(n.trim(), ticket.number);
      await page.getByRole('link', { name: 'Clear the filters' }).waitFor();
      // The same entries as a spreadsheet.
      const csvHref = await page.locator('#audit-csv').getAttribute('href');
      assert.equal(csvHref, `/api/admin/audit.csv?ticket_id=${ticket.id}`);
      const csv = await page.request.get(url(csvHref));
      assert.equal(csv.status(), 200);
      assert.match(csv.headers()['content-disposition'], /^attachment; filename="audit-/);
      assert.match(await csv.text(), /viewed_ticket/);
      await expectNoAxeViolations(page);

      // Something that is not a ticket number: the error pattern.
      await page.getByLabel('Ticket', { exact: true }).fill('abc');
      await page.getByRole('button', { name: 'Show', exact: true }).click();
      await page.locator(SUMMARY).waitFor();
      await expectErrorTitle(page);
      assert.match(await page.locator(SUMMARY).innerText(), /Enter the ticket's number/);
      await expectNoAxeViolations(page);

      // A ticket nobody has seen: said in words.
      await page.goto(url('/admin/audit?ticket_id=999999'));
      await page.locator('#audit-empty').waitFor();
      assert.match(await page.locator('#audit-empty').innerText(), /No entries match these filters/);

      // Sign-ins are security events: filtered by kind and user, from the form.
      await page.goto(url('/admin/audit'));
      await page.getByLabel('Username').fill('hfs-admin');
      await page.getByLabel('What').selectOption('signed_in');
      await page.getByRole('button', { name: 'Show', exact: true }).click();
      await page.waitForURL((u) => u.searchParams.get('kind') === 'signed_in');
      // The rows of the filtered answer (the unfiltered ones stay until it is in).
      await page.waitForFunction(() => {
        const cells = [...document.querySelectorAll('table#audit-log tbody tr td:nth-child(5)')];
        return cells.length > 0 && cells.every((c) => c.innerText.trim() === 'Signed in');
      });
      const kinds = await log.locator('tbody tr td:nth-child(5)').allInnerTexts();
      for (const k of kinds) assert.equal(k.trim(), 'Signed in');
      await expectNoAxeViolations(page);

      // The header offers the page.
      await page.locator('header').getByRole('link', { name: 'Audit log' }).waitFor();
      expectNoErrors(errors, 'the audit log');
    } finally {
      await close();
    }
  });

  test('HFS staff cannot see the audit log', async () => {
    const { page, errors, close } = await newPage(browser);
    try {
      await signIn(page, 'hfs-staff');
      await openAt(page, '/admin/audit', 'You cannot see this page');
      assert.equal(await page.locator('header').getByRole('link', { name: 'Audit log' }).count(), 0);
      await expectNoAxeViolations(page);
      expectNoErrors(errors, 'the audit log for staff');
    } finally {
      await close();
    }
  });
});

describe('fines', () => {
  test("an MCO sees only its own fines", async () => {
    const { page, errors, close } = await newPage(browser);
    try {
      await signIn(page, 'mco-aetna');
      await page.locator('header').getByRole('link', { name: 'Fines', exact: true }).click();
      await page.waitForURL((u) => u.pathname === '/fines');
      await page.locator('main h1', { hasText: 'Fines' }).waitFor();
      assert.equal(await settledTitle(page), `Fines - ${SERVICE_NAME}`);
      const table = page.locator('table#fines');
      await table.waitFor();
      const rows = table.locator('tbody tr');
      assert.ok((await rows.count()) > 0, 'the demo fines Aetna');

      // The MCO's own fines only: the API agrees, and no MCO column or totals by MCO are shown.
      const api = await (await page.request.get(url('/api/fines'))).json();
      assert.ok(api.length > 0);
      for (const fine of api) assert.match(fine.mco_name, /Aetna/);
      assert.equal(await rows.count(), api.length);
      assert.equal(await page.locator('table#fine-totals').count(), 0);

      // Its Portal Sanction Payment Notices: the demo's issued Aetna notice, and no other MCO's.
      const issued = (await (await page.request.get(url('/api/sanction-notices'))).json()).filter((n) =>
        /Aetna/.test(n.mco),
      );
      assert.ok(issued.length > 0, 'the demo issued a notice to Aetna');
      const yours = page.locator('#your-notices');
      await yours.locator(`a[href="/sanctions/${issued[0].id}"]`).waitFor();
      assert.equal(await yours.locator('li').count(), issued.length);
      const headers = await table.locator('thead th').allInnerTexts();
      assert.ok(!headers.includes('MCO'), `no MCO column for an MCO: ${headers}`);

      const cells = await rows.first().locator('th, td').allInnerTexts();
      assert.equal(cells[0].trim(), api[0].number);
      assert.equal(cells[1].trim(), '$5,000.00');
      assert.match(cells[2], /^(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), \w+ \d{1,2}, \d{4}$/);
      assert.match(cells[3], /^(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), \w+ \d{1,2}, \d{4}$/);
      await page.getByText('Source: HFS MCO policy "HFS Provider Resolution Portal Requirements"', { exact: false }).waitFor();
      await expectNoAxeViolations(page);
      expectNoErrors(errors, 'the fines page for an MCO');
    } finally {
      await close();
    }
  });

  test("HFS sees every MCO's fines with totals per MCO", async () => {
    const { page, errors, close } = await newPage(browser);
    try {
      await signIn(page, 'hfs-staff');
      await openAt(page, '/fines', 'Fines');
      const totals = page.locator('table#fine-totals');
      await totals.waitFor();
      const mcos = await totals.locator('tbody th').allInnerTexts();
      assert.ok(mcos.some((m) => /Aetna/.test(m)), `Aetna in the totals: ${mcos}`);
      assert.ok(mcos.some((m) => /Molina/.test(m)), `Molina in the totals: ${mcos}`);
      const headers = await page.locator('table#fines thead th').allInnerTexts();
      assert.ok(headers.includes('MCO'), `an MCO column for HFS: ${headers}`);
      await expectNoAxeViolations(page);
      expectNoErrors(errors, 'the fines page for HFS');
    } finally {
      await close();
    }
  });
});
