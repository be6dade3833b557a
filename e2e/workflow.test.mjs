// The rest of the seeds' workflow (issue 13), end to end against the real server started with
// `--demo`: both parties deliver their information for HFS's review; HFS's review goes through the
// Account Manager and an SME to a decision letter; an expedited ticket is marked in words, comes
// first in HFS's queue, and gets HFS's own target. Keyboard only (files are chosen by script, then
// uploaded by keyboard); every page and state is checked with axe-core.
//
// Run: BASE_URL=http://127.0.0.1:PORT node --test --test-concurrency=1 e2e/workflow.test.mjs

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
  API_HEADERS,
  DEMO_PASSWORD,
  signIn,
  signOut,
  expectBanner,
  pressButton,
  pdfFile,
  enterSingleClaimTicket,
  daysAgo,
} from './support.mjs';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

/** A signed-in API context of `username`; close it when done. */
async function apiAs(username) {
  const context = await browser.newContext();
  const signedIn = await context.request.post(url('/api/session'), {
    headers: API_HEADERS,
    data: { username, password: DEMO_PASSWORD },
  });
  assert.ok(signedIn.ok(), `sign-in of ${username}: ${signedIn.status()}`);
  return context;
}

/** POSTs `data` to `path` as `context`, asserting `status`; the JSON answer. */
async function post(context, path, data, status = 200) {
  const answer = await context.request.post(url(path), { headers: API_HEADERS, data });
  assert.equal(answer.status(), status, `${path}: ${await answer.text()}`);
  return answer.json();
}

/** An ISO date `n` days ago in Illinois. */
function isoDaysAgo(n) {
  const [day, month, year] = daysAgo(n);
  return `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
}

/**
 * A ticket of provider1 with Aetna, taken through the API: presented and answered by the MCO the
 * same day (it asked for nothing); to Administrative Review when `review`.
 */
async function ticketThrough({ review }) {
  const provider = await apiAs('provider1');
  const mco = await apiAs('mco-aetna');
  const hfs = await apiAs('hfs-staff');
  try {
    const mine = await (await provider.request.get(url('/api/tickets'))).json();
    const aetna = mine.find((t) => /aetna/i.test(t.mco.name));
    assert.ok(aetna, 'provider1 has an Aetna ticket (the demo data)');
    const form = {
      facility_id: aetna.facility_id,
      mco_id: aetna.mco.id,
      complaint_type: 'claims_payment',
      tracking_number: `TRK-REVIEW-${Date.now().toString(36).slice(-5)}`,
      mco_received_on: isoDaysAgo(40),
      program: 'medicaid',
      internal_process_exhausted: true,
      prior_authorization_not_obtained: false,
      multiple_claims: false,
      member_first_name: 'Jordan',
      member_last_name: 'Rivera',
      rin: '123456789',
      service_from: isoDaysAgo(50),
      claim_number: 'CLM-REVIEW-1',
      description: 'The claim was paid at last year\'s fee schedule.',
      desired_outcome: 'Pay the difference.',
      contact_name: 'Pat Lee',
      contact_phone: '217 555 0100',
      contact_email: 'pat.lee@example.com',
    };
    const submitted = await post(provider, '/api/tickets', form, 201);
    const id = submitted.summary.id;
    const act = (ctx, body) => post(ctx, `/api/tickets/${id}/actions`, body);
    await act(hfs, { action: 'present' });
    await act(mco, {
      action: 'respond',
      outcome: 'upheld',
      response: 'The fee schedule of the date of payment applies.',
      contact_name: 'Kevin Brandt',
      contact_phone: '312 555 0164',
      contact_email: 'kevin.brandt@example.com',
    });
    if (!review) return { id, number: submitted.summary.number };
    await act(provider, { action: 'contest', reason: 'The date of service decides the fee schedule.' });
    const detail = await act(provider, { action: 'request_review', reason: 'Please decide which schedule applies.' });
    assert.equal(detail.review_stage, 'requested');
    return { id, number: detail.summary.number };
  } finally {
    await provider.close();
    await mco.close();
    await hfs.close();
  }
}

/** Waits until the ticket page shows `status` in words. */
async function expectStatus(page, status) {
  await page.waitForFunction(
    (text) => document.querySelector('#ticket-status')?.textContent?.trim() === text,
    status,
    { timeout: 10_000, polling: 100 },
  );
}

/** Signs `username` in and opens the ticket's page. */
async function openTicket(page, username, ticket) {
  await signIn(page, username);
  await openAt(page, `/tickets/${ticket.id}`, `Ticket ${ticket.number}`);
}

async function tabAndType(page, selector, text) {
  await tabTo(page, selector, { max: 150 });
  await page.keyboard.type(text);
}

async function chooseFirstRadio(page, id) {
  await tabTo(page, `#${id}`, { max: 150 });
  await page.keyboard.press('Space');
  assert.ok(await page.isChecked(`#${id}`), `#${id} should be checked`);
}

const press = (page, name) => pressButton(page, name, { max: 150 });

/** Chooses a file by script (a keyboard cannot), then uploads it from the keyboard. */
async function attach(page, inputId, name) {
  await page.setInputFiles(`#${inputId}`, pdfFile(name));
  await tabTo(page, `#${inputId}-upload`, { max: 150 });
  await page.keyboard.press('Enter');
  await page.getByText(name).first().waitFor({ timeout: 10_000 });
}

describe('HFS review through the Account Manager and an SME to a decision letter', () => {
  let ticket;
  before(async () => {
    ticket = await ticketThrough({ review: true });
  });

  test('both parties deliver their information; each sees its own, HFS both', async () => {
    const { page, errors, close } = await newPage(browser);
    try {
      await openTicket(page, 'provider1', ticket);
      await expectStatus(page, 'Administrative Review');
      assert.match(await page.locator('#review').innerText(), /not contested cases/);
      await expectNoAxeViolations(page);
      // An empty delivery is refused, field by field, nothing typed lost.
      await press(page, 'Deliver to HFS');
      await page.locator(SUMMARY).waitFor();
      assert.match(await page.locator(SUMMARY).innerText(), /Enter the information you deliver/);
      await expectNoAxeViolations(page);
      await attach(page, 'deliver-information-file', 'fee-schedule.pdf');
      await tabAndType(page, '#deliver-information-information', 'The fee schedule of the date of service is attached.');
      await tabAndType(page, '#deliver-information-contact-name', 'Robin Ledger');
      await tabAndType(page, '#deliver-information-contact-phone', '217 555 0142');
      await tabAndType(page, '#deliver-information-contact-email', 'robin@example.com');
      await press(page, 'Deliver to HFS');
      await expectBanner(page, /information was delivered/);
      assert.match(await page.locator('#deliveries').innerText(), /fee-schedule\.pdf/);
      await expectNoAxeViolations(page);
      await signOut(page);

      await openTicket(page, 'mco-aetna', ticket);
      // The MCO sees that the provider delivered, and when; not what.
      assert.match(await page.locator('#deliveries').innerText(), /Seen by HFS/);
      await tabAndType(page, '#deliver-information-information', 'Our payment notes and the policy we applied.');
      await tabAndType(page, '#deliver-information-contact-name', 'Kevin Brandt');
      await tabAndType(page, '#deliver-information-contact-phone', '312 555 0164');
      await tabAndType(page, '#deliver-information-contact-email', 'kevin.brandt@example.com');
      await press(page, 'Deliver to HFS');
      await expectBanner(page, /information was delivered/);
      await expectNoAxeViolations(page);
      expectNoErrors(errors, 'delivering');
    } finally {
      await close();
    }
  });

  test('hfs-staff assigns the Account Manager, who refers it to an SME, who decides with a letter', async () => {
    const { page, errors, close } = await newPage(browser);
    try {
      await openTicket(page, 'hfs-staff', ticket);
      await expectStatus(page, 'Administrative Review');
      assert.match(await page.locator('#review-stage').innerText(), /waiting for an HFS MCO Account Manager/);
      const delivered = await page.locator('#deliveries').innerText();
      assert.match(delivered, /date of service is attached/);
      assert.match(delivered, /policy we applied/);
      assert.equal(await page.locator('[data-action="decide"]').count(), 0, 'no decision before an Account Manager');
      await expectNoAxeViolations(page);

      // The Portal Team assigns Thomas Whitaker (hfs-staff) as the HFS MCO Account Manager.
      await tabTo(page, '#assign-review-account-manager-id', { max: 150 });
      await page.keyboard.type('Thomas');
      assert.equal(
        (await page.locator('#assign-review-account-manager-id option:checked').innerText()).trim(),
        'Thomas Whitaker',
      );
      await press(page, 'Assign the review');
      await expectBanner(page, /assigned to the HFS MCO Account Manager/);
      assert.match(await page.locator('#review-stage').innerText(), /With the HFS MCO Account Manager/);
      await expectNoAxeViolations(page);

      // The Account Manager refers it to Grace Kim (hfs-admin), with a note.
      await tabTo(page, '#refer-to-sme-sme-id', { max: 150 });
      await page.keyboard.type('Grace');
      await tabAndType(page, '#refer-to-sme-note', 'Which fee schedule applies: a policy question.');
      await press(page, 'Refer the review');
      await expectBanner(page, /referred to the HFS Subject Matter Expert/);
      assert.match(await page.locator('#review-stage').innerText(), /Subject Matter Expert/);
      assert.equal(await page.locator('[data-action="decide"]').count(), 0, 'the Account Manager no longer decides');
      await expectNoAxeViolations(page);
      expectNoErrors(errors, 'assigning and referring');
      await signOut(page);

      // The SME decides: refused without the outcome, then with it and the decision letter.
      await openTicket(page, 'hfs-admin', ticket);
      await tabAndType(page, '#decide-decision', 'The fee schedule of the date of service applies: the MCO pays the difference.');
      await press(page, 'Record the final decision');
      await page.locator(SUMMARY).waitFor();
      assert.match(await page.locator(SUMMARY).innerText(), /Select whether the decision is in the provider's favour/);
      await expectNoAxeViolations(page);
      await chooseFirstRadio(page, 'decide-outcome'); // In the provider's favour
      await attach(page, 'decide-file', 'decision-letter.pdf');
      await press(page, 'Record the final decision');
      await expectBanner(page, /final decision was recorded/);
      await expectStatus(page, 'Closed');
      assert.match(await page.locator('#decision').innerText(), /In the provider's favour/);
      assert.match(await page.locator('#decision-letter').innerText(), /decision-letter\.pdf/);
      await expectNoAxeViolations(page);
      expectNoErrors(errors, 'deciding');

      // Both parties see the decision and its letter.
      for (const who of ['provider1', 'mco-aetna']) {
        await signOut(page);
        await openTicket(page, who, ticket);
        await expectStatus(page, 'Closed');
        assert.match(await page.locator('#decision').innerText(), /MCO pays the difference/);
        assert.match(await page.locator('#decision-letter').innerText(), /decision-letter\.pdf/);
        await expectNoAxeViolations(page);
      }
    } finally {
      await close();
    }
  });
});

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
      const [day, month, year] = daysAgo(-1);
      await tabAndType(page, '#set-present-target-present-by-day', day);
      await tabAndType(page, '#set-present-target-present-by-month', month);
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
