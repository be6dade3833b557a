// Issue 13, end to end against the real server started with `--demo`: an expedited ticket is
// marked in words, comes first in HFS's queue and gets HFS's own target; the rights the MCO did not
// use read "Not used"; a resolution not carried out goes to HFS as a follow-up and the ticket stays
// closed. Keyboard only; every page and state is checked with axe-core.
//
// Run: BASE_URL=http://127.0.0.1:PORT node --test --test-concurrency=1 e2e/workflow_after.test.mjs

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
  tabTo,
  SUMMARY,
  signIn,
  signOut,
  expectBanner,
  enterSingleClaimTicket,
  daysAgo,
} from './support.mjs';
import {
  apiAs as apiAsWith,
  ticketThrough as ticketThroughWith,
  expectStatus,
  openTicket,
  tabAndType,
  chooseFirstRadio,
  press,
  attach,
} from './workflow_support.mjs';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

const apiAs = (username) => apiAsWith(browser, username);
const ticketThrough = (options) => ticketThroughWith(browser, options);

describe('an expedited ticket', () => {
  let expedited;

  test('provider1 says it stops a member from getting care: it is marked Expedited', async () => {
    const { page, errors, close } = await newPage(browser);
    try {
      await signIn(page, 'provider1');
      expedited = await enterSingleClaimTicket(
        page,
        { accessToCare: true, trackingNumber: 'TRK-2026-0911', file: null },
        {
          arrive: {
            check: async () => {
              assert.match(await page.locator('main').innerText(), /Yes: HFS expedites it/);
            },
          },
        },
      );
      await openAt(page, `/tickets/${expedited.ticketId}`, `Ticket ${expedited.number}`);
      assert.match(await page.locator('#expedited').innerText(), /Expedited/);
      await expectNoAxeViolations(page);
      await openAt(page, '/tickets', 'My tickets');
      const row = page.locator(`tr[data-ticket="${expedited.number}"]`);
      await row.waitFor();
      assert.match(await row.innerText(), /Expedited: access to care/);
      await expectNoAxeViolations(page);
      expectNoErrors(errors, 'an expedited ticket');
    } finally {
      await close();
    }
  });

  test("it comes first in HFS's queue; hfs-admin sets a target, shown as a clock of its own", async () => {
    assert.ok(expedited, 'the expedited ticket was entered');
    const { page, errors, close } = await newPage(browser);
    try {
      await signIn(page, 'hfs-admin');
      await openAt(page, '/hfs/tickets', 'Tickets');
      await page.locator('#to-check').waitFor();
      const first = page.locator('#to-check tbody tr').first();
      assert.match(await first.innerText(), /Expedited: access to care/);
      await expectNoAxeViolations(page);
      const link = page.locator('#to-check a', { hasText: expedited.number }).first();
      await tabTo(page, link, { max: 200 });
      await page.keyboard.press('Enter');
      await expectPage(page, `/tickets/${expedited.ticketId}`, `Ticket ${expedited.number}`);
      const [month, day, year] = daysAgo(-1);
      await tabAndType(page, '#set-present-target-present-by-month', month);
      await tabAndType(page, '#set-present-target-present-by-day', day);
      await tabAndType(page, '#set-present-target-present-by-year', year);
      await press(page, 'Set the target');
      await expectBanner(page, /target for presenting was set/);
      const target = await page.locator('#present-target').innerText();
      assert.match(target, /HFS's target for presenting it to the MCO/);
      assert.match(target, /(left|Due today|overdue)/);
      await expectNoAxeViolations(page);
      expectNoErrors(errors, 'the target');
      await signOut(page);
      // The provider does not see HFS's own target.
      await openTicket(page, 'provider1', { id: expedited.ticketId, number: expedited.number });
      assert.equal(await page.locator('#present-target').count(), 0);
    } finally {
      await close();
    }
  });
});

describe("after the MCO's response", () => {
  /** provider1's demo ticket in `status` whose detail passes `fits`, through the API. */
  async function demoTicket(status, fits = () => true) {
    const provider = await apiAs('provider1');
    try {
      const mine = await (await provider.request.get(url('/api/tickets'))).json();
      for (const t of mine.filter((t) => t.status === status)) {
        const detail = await (await provider.request.get(url(`/api/tickets/${t.id}`))).json();
        if (fits(detail)) return { id: t.id, number: t.number };
      }
      assert.fail(`provider1 has no demo ticket "${status}" that fits`);
    } finally {
      await provider.close();
    }
  }

  test('the rights the MCO did not use read "Not used"', async () => {
    const ticket = await ticketThrough({ review: false });
    const { page, errors, close } = await newPage(browser);
    try {
      await openTicket(page, 'provider1', ticket);
      assert.match(
        await page.locator('tr[data-clock="mco_info_request"]').innerText(),
        /Not used: the MCO responded on .* without asking for more information/,
      );
      assert.match(await page.locator('tr[data-clock="extension_request"]').innerText(), /Not used/);
      await expectNoAxeViolations(page);
      expectNoErrors(errors, 'unused rights');
    } finally {
      await close();
    }
  });

  test('provider1 reports a resolution not carried out; the ticket stays closed; HFS closes the follow-up', async () => {
    const ticket = await demoTicket(
      'closed',
      (d) => d.mco_response?.resolve_by && d.follow_ups.length === 0 && d.allowed_actions.includes('report_unresolved'),
    );
    const { page, errors, close } = await newPage(browser);
    try {
      await openTicket(page, 'provider1', ticket);
      const response = await page.locator('#mco-response').innerText();
      assert.match(response, /Plan for resolution/);
      assert.match(response, /To be resolved by/);
      await expectNoAxeViolations(page);
      await attach(page, 'report-unresolved-file', 'remittance.pdf');
      await tabAndType(page, '#report-unresolved-message', 'The denied claims were not reprocessed by the date the MCO gave.');
      await press(page, 'Send to HFS');
      await expectBanner(page, /follow-up was sent to HFS/);
      await expectStatus(page, 'Closed');
      assert.match(await page.locator('#follow-ups').innerText(), /Open: waiting for HFS/);
      assert.match(await page.locator('#follow-ups').innerText(), /remittance\.pdf/);
      await expectNoAxeViolations(page);
      await signOut(page);

      await signIn(page, 'hfs-staff');
      await openAt(page, '/hfs/tickets', 'Tickets');
      await page.locator('#follow-ups').waitFor();
      assert.match(await page.locator('#follow-ups').innerText(), new RegExp(ticket.number));
      await expectNoAxeViolations(page);
      await openAt(page, `/tickets/${ticket.id}`, `Ticket ${ticket.number}`);
      await tabAndType(page, '#close-follow-up-note', 'The MCO confirmed the reprocessing today; HFS will watch the payment.');
      await press(page, 'Close the follow-up');
      await expectBanner(page, /follow-up was closed/);
      assert.match(await page.locator('#follow-ups').innerText(), /Closed by HFS on/);
      await expectNoAxeViolations(page);
      expectNoErrors(errors, 'the follow-up');
    } finally {
      await close();
    }
  });
});
