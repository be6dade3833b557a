// Entering a ticket, end to end against the real server (`--demo`): provider1 starts a draft and
// answers every page from the keyboard (the walk of `enterSingleClaimTicket` in support.mjs),
// meets the error pattern on the MCO page (nothing chosen), the dispute page (a date too early for
// the filing window, then one ~40 days ago), the member page (a RIN that is not 9 digits) and the
// files page (a file that is not a PDF), uploads a small PDF, checks the answers, changes one,
// submits, and sees the ticket number; submitting the same draft again gives the same ticket; a
// draft is resumed from /tickets/new. Every page is checked with axe-core.
//
// Run: BASE_URL=http://127.0.0.1:PORT node --test --test-concurrency=1 e2e/ticket_entry.test.mjs

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  launchBrowser,
  newPage,
  expectNoErrors,
  expectPage,
  openAt,
  settledTitle,
  fillDate,
  signIn,
  expectErrorTitle,
  SUMMARY,
  axeOn as axe,
  daysAgo,
  continueByKeyboard,
  chooseRadio,
  pdfFile,
  ENTRY_H1 as H1,
  atEntryStep as atStep,
  startDraft,
  enterSingleClaimTicket,
} from './support.mjs';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

test('a provider enters a ticket, fixes mistakes, changes an answer and submits it once', async () => {
  const { page, errors, close } = await newPage(browser);
  try {
    await signIn(page, 'provider1');
    // The walk is the shared one; the checks of each page's errors are made on arrival, before
    // the walk gives the right answers.
    const arrive = {
      facility: async () => {
        assert.match(await settledTitle(page), /^Which facility is this dispute for\? - /);
        // The user's facility is preselected.
        assert.ok(await page.isChecked('#facility'), 'the facility should be preselected');
      },
      // MCO: nothing chosen shows the error pattern.
      mco: async () => {
        await continueByKeyboard(page);
        await page.waitForSelector(SUMMARY);
        await expectErrorTitle(page);
        assert.match(await page.locator(SUMMARY).innerText(), /Select the MCO/);
        await axe(page, 'mco with an error');
      },
      // Dispute: the filing window is checked live as the date is typed.
      dispute: async (id) => {
        await page.fill('#tracking-number', 'TRK-2026-0042');
        await fillDate(page, 'received', daysAgo(5));
        await page.waitForFunction(() =>
          document.querySelector('#filing-window')?.textContent.includes('You can file this from'),
        );
        assert.ok(await page.locator('#filing-window .countdown').count(), 'a countdown to the opening');
        await continueByKeyboard(page);
        await page.waitForSelector(SUMMARY);
        assert.match(await page.locator(SUMMARY).innerText(), /You can file this dispute from/);
        await expectErrorTitle(page);
        await axe(page, 'dispute with an error');
        // Still on the dispute page: a ticket outside the window cannot go on.
        await atStep(page, id, 'dispute');
      },
      // Member: a RIN that is not 9 digits.
      member: async () => {
        await page.fill('#member-first-name', 'Jordan');
        await page.fill('#member-last-name', 'Rivera');
        await page.fill('#rin', '12345');
        await fillDate(page, 'service-from', daysAgo(50));
        await continueByKeyboard(page);
        await page.waitForSelector(SUMMARY);
        assert.match(await page.locator(SUMMARY).innerText(), /Recipient ID must be 9 digits/);
        assert.match(await page.locator('#rin-error').innerText(), /Recipient ID must be 9 digits/);
        assert.equal(await page.inputValue('#rin'), '12345', 'what was typed stays');
        await axe(page, 'member with an error');
      },
      // Files: a file that is not a PDF first.
      files: async () => {
        await page.setInputFiles('#file', {
          name: 'notes.pdf',
          mimeType: 'application/pdf',
          buffer: Buffer.from('just some text, not a PDF'),
        });
        await page.getByRole('button', { name: 'Upload file' }).click();
        await page.waitForSelector(SUMMARY);
        assert.match(await page.locator(SUMMARY).innerText(), /must be a PDF/);
      },
      // Check your answers: every answer, the RIN in full, one answer changed.
      check: async (id) => {
        const row = (key) => page.locator(`[data-row="${key}"]`).innerText();
        assert.equal(await row('rin'), '123456789');
        assert.equal(await row('claim-number'), 'CLM-0001');
        assert.equal(await row('tracking-number'), 'TRK-2026-0042');
        assert.match(await row('files'), /claim\.pdf/);
        assert.match(
          await page.locator('#change-claim-number').innerText(),
          /Change\s+the claim number/,
        );
        await axe(page, 'check');
        await page.click('#change-claim-number');
        await expectPage(page, `/tickets/new/${id}/claim`, H1.claim);
        assert.equal(await page.inputValue('#claim-number'), 'CLM-0001');
        await page.fill('#claim-number', 'CLM-0002');
        await continueByKeyboard(page);
        await atStep(page, id, 'check');
        assert.equal(await row('claim-number'), 'CLM-0002');
      },
    };
    const answered = {
      details: async () => {
        assert.match(await page.locator('#description-info').innerText(), /characters remaining/);
      },
    };
    const answers = {
      trackingNumber: 'TRK-2026-0042',
      rin: '123 456 789',
      claimNumber: 'CLM-0001',
      file: pdfFile('claim.pdf'),
    };
    const { draftId: id, path: ticketPath, number } = await enterSingleClaimTicket(page, answers, {
      arrive,
      answered,
    });

    // Submitted: the number, what happens next with dates.
    assert.match(await page.locator('main').innerText(), /presents it to .+ by \w+day, \w+ \d+, \d{4}/);
    assert.match(await page.locator('main').innerText(), /30 calendar days/);
    // No PHI in the URL or the title.
    assert.doesNotMatch(page.url() + (await page.title()), /123456789|Rivera/);

    // Back to the summary and submit again: the same ticket.
    await page.goBack();
    await atStep(page, id, 'check');
    await page.getByRole('button', { name: 'Submit your ticket' }).click();
    await expectPage(page, ticketPath, H1.submitted);
    assert.equal((await page.locator('#ticket-number').innerText()).trim(), number);
    expectNoErrors(errors);
  } finally {
    await close();
  }
});

test('a draft is resumed from /tickets/new at its first unanswered page', async () => {
  const { page, errors, close } = await newPage(browser);
  try {
    await signIn(page, 'provider1');
    const id = await startDraft(page);
    await continueByKeyboard(page);
    await atStep(page, id, 'mco');
    await chooseRadio(page, 'mco');
    await continueByKeyboard(page);
    await atStep(page, id, 'type');

    await openAt(page, '/tickets/new', H1.start);
    const resume = page.locator(`tr[data-draft="${id}"] a`);
    assert.match(await resume.innerText(), /Continue/);
    await axe(page, '/tickets/new with drafts');
    await resume.click();
    await atStep(page, id, 'type');
    // The Back link goes to the previous question, which kept its answer.
    await page.getByRole('link', { name: 'Back', exact: true }).click();
    await atStep(page, id, 'mco');
    assert.ok(await page.isChecked('#mco'), 'the MCO answer is kept on the server');
    expectNoErrors(errors);
  } finally {
    await close();
  }
});
