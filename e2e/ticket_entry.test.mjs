// Entering a ticket, end to end against the real server (`--demo`): provider1 starts a draft and
// answers every page mostly from the keyboard, meets the error pattern on the dispute page (a date
// too early for the filing window, then one ~40 days ago) and on the member page (a RIN that is
// not 9 digits), uploads a small PDF, checks the answers, changes one, submits, and sees the
// ticket number; submitting the same draft again gives the same ticket; a draft is resumed from
// /tickets/new. Every page is checked with axe-core.
//
// Run: BASE_URL=http://127.0.0.1:PORT node --test --test-concurrency=1 e2e/ticket_entry.test.mjs

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  launchBrowser,
  newPage,
  expectNoErrors,
  expectNoAxeViolations,
  expectPage,
  openAt,
  settledTitle,
  tabTo,
  fillDate,
  signIn,
  expectErrorTitle,
  SUMMARY,
} from './support.mjs';

/** The Illinois date `days` days before now, as [day, month, year] texts. */
function daysAgo(days) {
  const d = new Date(Date.now() - days * 86_400_000);
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: 'America/Chicago',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
  }).formatToParts(d);
  const get = (t) => parts.find((p) => p.type === t).value;
  return [get('day'), get('month'), get('year')];
}

const H1 = {
  start: 'File a dispute with an MCO',
  facility: 'Which facility is this dispute for?',
  mco: 'Which MCO is the dispute with?',
  type: 'What is the complaint about?',
  dispute: 'Your dispute with the MCO',
  program: "The program and the MCO's process",
  member: 'About the member',
  claim: 'What is the claim number?',
  details: 'Tell us about the dispute',
  contact: 'Who should be contacted about this ticket?',
  files: 'Add files to support your dispute (optional)',
  check: 'Check your answers before submitting your complaint',
  submitted: 'Complaint submitted',
};

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

/** Waits for the entry page `step` of the draft, with its heading. */
async function atStep(page, draftId, step, h1) {
  await expectPage(page, `/tickets/new/${draftId}/${step}`, h1);
}

/** Presses Continue from the keyboard (Tab to it, Enter). */
async function continueByKeyboard(page) {
  await tabTo(page, page.getByRole('button', { name: 'Continue', exact: true }), { max: 80 });
  await page.keyboard.press('Enter');
}

/** Focuses a radio by its id and selects it with the Space key. */
async function chooseRadio(page, id) {
  await page.focus(`#${id}`);
  await page.keyboard.press('Space');
  assert.ok(await page.isChecked(`#${id}`), `#${id} should be checked`);
}

async function axe(page, what) {
  await expectNoAxeViolations(page).catch((e) => {
    throw new Error(`axe on ${what}: ${e.message}`);
  });
}

/** Starts a new draft from /tickets/new; returns its id. */
async function startDraft(page) {
  await openAt(page, '/tickets/new', H1.start);
  await page.getByRole('button', { name: 'Start a new ticket' }).click();
  await page.waitForURL((u) => /^\/tickets\/new\/\d+\/facility$/.test(u.pathname));
  const id = Number(new URL(page.url()).pathname.split('/')[3]);
  await atStep(page, id, 'facility', H1.facility);
  return id;
}

test('a provider enters a ticket, fixes mistakes, changes an answer and submits it once', async () => {
  const { page, errors, close } = await newPage(browser);
  try {
    await signIn(page, 'provider1');
    await openAt(page, '/tickets/new', H1.start);
    await axe(page, '/tickets/new');
    const id = await startDraft(page);
    assert.match(await settledTitle(page), /^Which facility is this dispute for\? - /);
    // The user's facility is preselected.
    assert.ok(await page.isChecked('#facility'), 'the facility should be preselected');
    await axe(page, 'facility');
    await continueByKeyboard(page);

    // MCO: nothing chosen shows the error pattern.
    await atStep(page, id, 'mco', H1.mco);
    await continueByKeyboard(page);
    await page.waitForSelector(SUMMARY);
    await expectErrorTitle(page);
    assert.match(await page.locator(SUMMARY).innerText(), /Select the MCO/);
    await axe(page, 'mco with an error');
    await chooseRadio(page, 'mco');
    await continueByKeyboard(page);

    await atStep(page, id, 'type', H1.type);
    await axe(page, 'type');
    await page.getByLabel('Claims/Payment').check();
    await continueByKeyboard(page);

    // Dispute: the filing window is checked live as the date is typed.
    await atStep(page, id, 'dispute', H1.dispute);
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
    await atStep(page, id, 'dispute', H1.dispute);
    await fillDate(page, 'received', daysAgo(40));
    await page.waitForFunction(() =>
      document
        .querySelector('#filing-window')
        ?.textContent.includes('You can file this dispute now, until'),
    );
    await axe(page, 'dispute, window open');
    await continueByKeyboard(page);

    await atStep(page, id, 'program', H1.program);
    await chooseRadio(page, 'program');
    await chooseRadio(page, 'internal-process');
    await chooseRadio(page, 'prior-authorization-2');
    await axe(page, 'program');
    await continueByKeyboard(page);

    // One claim (the first choice); 2 to 100 go on the template (e2e/claims.test.mjs).
    await atStep(page, id, 'claims-count', 'How many claims is this dispute about?');
    await chooseRadio(page, 'claims-count');
    await continueByKeyboard(page);

    // Member: a RIN that is not 9 digits.
    await atStep(page, id, 'member', H1.member);
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
    await page.fill('#rin', '123 456 789');
    await continueByKeyboard(page);

    await atStep(page, id, 'claim', H1.claim);
    await page.fill('#claim-number', 'CLM-0001');
    await axe(page, 'claim');
    await continueByKeyboard(page);

    await atStep(page, id, 'details', H1.details);
    await page.fill('#description', 'The MCO denied the claim as a duplicate. It is not one.');
    await page.fill('#desired-outcome', 'Pay the claim at the contracted rate.');
    assert.match(await page.locator('#description-info').innerText(), /characters remaining/);
    await axe(page, 'details');
    await continueByKeyboard(page);

    // Contact: filled in from the profile.
    await atStep(page, id, 'contact', H1.contact);
    await page.waitForFunction(() => document.querySelector('#contact-email')?.value.includes('@'));
    assert.ok((await page.inputValue('#contact-name')).length > 0, 'the name is prefilled');
    await axe(page, 'contact');
    await continueByKeyboard(page);

    // Files: a file that is not a PDF, then a small PDF.
    await atStep(page, id, 'files', H1.files);
    await page.setInputFiles('#file', {
      name: 'notes.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('just some text, not a PDF'),
    });
    await page.getByRole('button', { name: 'Upload file' }).click();
    await page.waitForSelector(SUMMARY);
    assert.match(await page.locator(SUMMARY).innerText(), /must be a PDF/);
    await page.setInputFiles('#file', {
      name: 'claim.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n'),
    });
    await page.getByRole('button', { name: 'Upload file' }).click();
    await page.waitForFunction(() => document.querySelector('#files')?.textContent.includes('claim.pdf'));
    await axe(page, 'files');
    await continueByKeyboard(page);

    // Check your answers: every answer, the RIN in full, one answer changed.
    await atStep(page, id, 'check', H1.check);
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
    await atStep(page, id, 'check', H1.check);
    assert.equal(await row('claim-number'), 'CLM-0002');

    // Submit.
    await page.getByRole('button', { name: 'Submit your complaint' }).click();
    await page.waitForURL((u) => /^\/tickets\/\d+\/submitted$/.test(u.pathname));
    const ticketPath = new URL(page.url()).pathname;
    await expectPage(page, ticketPath, H1.submitted);
    const number = (await page.locator('#ticket-number').innerText()).trim();
    assert.match(number, /^PRP-\d{4}-\d{6}$/);
    assert.match(await page.locator('main').innerText(), /presents it to .+ by \w+day \d+ \w+ \d{4}/);
    assert.match(await page.locator('main').innerText(), /30 calendar days/);
    // No PHI in the URL or the title.
    assert.doesNotMatch(page.url() + (await page.title()), /123456789|Rivera/);
    await axe(page, 'submitted');

    // Back to the summary and submit again: the same ticket.
    await page.goBack();
    await atStep(page, id, 'check', H1.check);
    await page.getByRole('button', { name: 'Submit your complaint' }).click();
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
    await atStep(page, id, 'mco', H1.mco);
    await chooseRadio(page, 'mco');
    await continueByKeyboard(page);
    await atStep(page, id, 'type', H1.type);

    await openAt(page, '/tickets/new', H1.start);
    const resume = page.locator(`tr[data-draft="${id}"] a`);
    assert.match(await resume.innerText(), /Continue/);
    await axe(page, '/tickets/new with drafts');
    await resume.click();
    await atStep(page, id, 'type', H1.type);
    // The Back link goes to the previous question, which kept its answer.
    await page.getByRole('link', { name: 'Back', exact: true }).click();
    await atStep(page, id, 'mco', H1.mco);
    assert.ok(await page.isChecked('#mco'), 'the MCO answer is kept on the server');
    expectNoErrors(errors);
  } finally {
    await close();
  }
});
