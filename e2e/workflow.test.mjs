// HFS review as the MCO policy runs it (issue 13), end to end against the real server started with
// `--demo`: both parties deliver their information for HFS's review; the review goes through the
// Account Manager and an SME to a decision letter. Keyboard only (files are chosen by script, then
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
      // The check page: the decision cannot be undone; nothing is recorded until it is confirmed.
      await expectPage(page, `/tickets/${ticket.id}`, 'Check the decision before you record it');
      assert.match(await page.locator('#check-warning').innerText(), /cannot be undone/);
      await expectNoAxeViolations(page);
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

