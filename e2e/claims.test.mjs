// The claims template (docs/claims.md), end to end against the real server (`--demo`): provider1
// starts a ticket, answers "2 to 100 similar claims", drops a CSV with mistakes (made here in
// memory) and sees the count in the error summary and the table of rows to fix, picks the fixed
// file, goes on to "Check your answers" and submits; HFS presents the ticket and the MCO's user
// (mco-aetna) sees its claims, the Recipient IDs masked. An XLSX template is read the same way.
// The file is read in the Web Worker, which is not loaded before a file is chosen. Every claims
// page is checked with axe-core.
//
// Run: BASE_URL=http://127.0.0.1:PORT node --test --test-concurrency=1 e2e/claims.test.mjs

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  url,
  launchBrowser,
  newPage,
  expectNoErrors,
  expectPage,
  openAt,
  fillDate,
  signIn,
  expectErrorTitle,
  SUMMARY,
  API_HEADERS,
  DEMO_PASSWORD,
  daysAgo,
  axeOn as axe,
  ENTRY_H1,
} from './support.mjs';
import { claimsRows, csv, xlsx } from './claims_files.mjs';

const MCO = 'Aetna Better Health of Illinois';
const TICKET = { mco: MCO, medicaidId: '100482731', complaintType: 'Claims/Payment' };
// Unique claim numbers for this run (the database may hold earlier runs' tickets).
const RUN = `R${Date.now().toString(36).toUpperCase()}`;
const WORKER = /claims-worker/;

// The entry pages' headings; `count` is the claims-count page's.
const H1 = { ...ENTRY_H1, count: ENTRY_H1['claims-count'] };

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

async function atStep(page, draftId, step, h1) {
  await expectPage(page, `/tickets/new/${draftId}/${step}`, h1);
}

async function next(page) {
  await page.getByRole('button', { name: 'Continue', exact: true }).click();
}

/** Chooses a file for the claims page's input, as a user picking it would. */
async function chooseFile(page, name, buffer, mimeType) {
  await page.setInputFiles('#claims-file', { name, mimeType, buffer });
}

/** Waits until the live status line says `pattern`. */
async function expectStatus(page, pattern) {
  try {
    await page.locator('#claims-status').getByText(pattern).waitFor({ timeout: 20_000 });
  } catch {
    const shown = await page.locator('#claims-status').innerText().catch(() => '(none)');
    assert.fail(`expected the status to say ${pattern}, it says: ${shown}`);
  }
}

test('a provider sends 3 claims on the CSV template, fixing two rows first; the MCO sees them', async () => {
  const { page, errors, close } = await newPage(browser);
  const workerRequests = [];
  page.on('request', (r) => {
    if (WORKER.test(r.url())) workerRequests.push(r.url());
  });
  let ticketId;
  try {
    await signIn(page, 'provider1');
    await openAt(page, '/tickets/new', H1.start);
    await page.getByRole('button', { name: 'Start a new ticket' }).click();
    await page.waitForURL((u) => /^\/tickets\/new\/\d+\/facility$/.test(u.pathname));
    const id = Number(new URL(page.url()).pathname.split('/')[3]);
    await atStep(page, id, 'facility', H1.facility);
    await next(page);
    await atStep(page, id, 'mco', H1.mco);
    await page.getByLabel(MCO).check();
    await next(page);
    await atStep(page, id, 'type', H1.type);
    await page.getByLabel('Claims/Payment').check();
    await next(page);
    await atStep(page, id, 'dispute', H1.dispute);
    await page.fill('#tracking-number', `TRK-${RUN}`);
    await fillDate(page, 'received', daysAgo(40));
    await next(page);
    await atStep(page, id, 'program', H1.program);
    await page.check('#program');
    await page.check('#internal-process');
    await page.check('#prior-authorization-2');
    await next(page);

    // How many claims: nothing chosen first.
    await atStep(page, id, 'claims-count', H1.count);
    await axe(page, 'claims-count');
    const templateLink = page.getByRole('link', { name: /blank claims template \(XLSX\)/ });
    assert.equal(await templateLink.getAttribute('href'), '/api/templates/claims.xlsx');
    await next(page);
    await page.waitForSelector(SUMMARY);
    await expectErrorTitle(page);
    assert.match(await page.locator(SUMMARY).innerText(), /Select how many claims/);
    await axe(page, 'claims-count with an error');
    await page.getByLabel('2 to 100 similar claims, on the standard template').check();
    await next(page);

    // The claims page: the worker is not loaded until a file is chosen.
    await atStep(page, id, 'claims', H1.claims);
    await axe(page, 'claims, no file yet');
    assert.deepEqual(workerRequests, [], 'the worker is loaded only when a file is read');
    // The file input is reachable by its label (the keyboard's way; the drop zone is extra).
    assert.equal(await page.getByLabel('Select the template file').count(), 1);

    // A CSV with two rows to fix: a RIN of 5 digits, and a billed amount in words.
    const rows = claimsRows(3, TICKET, RUN);
    const bad = rows.map((r) => [...r]);
    bad[2][7] = '12345';
    bad[3][11] = 'a lot';
    await chooseFile(page, 'claims.csv', csv(bad), 'text/csv');
    await page.waitForSelector(SUMMARY);
    await expectStatus(page, '2 rows need fixing');
    await expectErrorTitle(page);
    const summary = page.locator(SUMMARY);
    assert.match(await summary.innerText(), /2 rows need fixing/);
    assert.ok(
      await summary.evaluate((el) => el === document.activeElement),
      'the error summary takes focus',
    );
    assert.ok(workerRequests.some((u) => /claims-worker_loader\.js$/.test(u)), 'the worker loaded');
    const problems = page.locator('#claims-problems');
    const table = await problems.innerText();
    assert.match(table, /Recipient ID \(RIN\)/);
    assert.match(table, /12345/, 'the value as read');
    assert.match(table, /Billed amount/);
    assert.match(table, /a lot/);
    assert.match(table, /\b3\b/, 'the spreadsheet row of the RIN');
    // The summary's link goes to the table.
    await summary.getByRole('link', { name: '2 rows need fixing' }).click();
    assert.ok(await problems.evaluate((el) => el === document.activeElement), 'the table has focus');
    await axe(page, 'claims with rows to fix');
    // Continue with rows to fix stays here.
    await next(page);
    await atStep(page, id, 'claims', H1.claims);

    // The fixed file: read again, nothing else lost.
    await chooseFile(page, 'claims.csv', csv(rows), 'text/csv');
    await expectStatus(page, '3 claims ready');
    assert.equal(await page.locator(SUMMARY).count(), 0, 'no problem left');
    const preview = await page.locator('#claims-preview').innerText();
    assert.match(preview, new RegExp(`${RUN}-0001`));
    assert.match(preview, /•••••6789/, 'the RIN masked');
    assert.doesNotMatch(preview, /101006789/, 'never the whole RIN');
    await axe(page, 'claims ready');
    await next(page);

    // The template replaces the member and claim pages.
    await atStep(page, id, 'details', H1.details);
    await page.fill('#description', 'The MCO denied these claims as duplicates. They are not.');
    await page.fill('#desired-outcome', 'Pay the claims at the contracted rate.');
    await next(page);
    await atStep(page, id, 'contact', H1.contact);
    await page.waitForFunction(() => document.querySelector('#contact-email')?.value.includes('@'));
    await next(page);
    await atStep(page, id, 'files', H1.files);
    assert.doesNotMatch(
      await page.locator('main').innerText(),
      /claims\.csv/,
      'the template is not one of the supporting files',
    );
    await next(page);

    // Check your answers: the template and its count, with a Change link; no member rows.
    await atStep(page, id, 'check', H1.check);
    const row = (key) => page.locator(`[data-row="${key}"]`).innerText();
    assert.match(await row('claims-count'), /2 to 100 similar claims/);
    assert.match(await row('claims-file'), /claims\.csv \(3 claims\)/);
    assert.equal(await page.locator('[data-row="rin"]').count(), 0);
    assert.equal(await page.locator('[data-row="claim-number"]').count(), 0);
    assert.match(await page.locator('#change-claims-file').innerText(), /Change\s+the claims template/);
    await axe(page, 'check with a template');
    // Change the file: back to the claims page, which says the file is there, then back here.
    await page.click('#change-claims-file');
    await expectPage(page, `/tickets/new/${id}/claims`, H1.claims);
    assert.match(await page.locator('#claims-stored').innerText(), /claims\.csv is already added/);
    await next(page);
    await atStep(page, id, 'check', H1.check);

    await page.getByRole('button', { name: 'Submit your ticket' }).click();
    await page.waitForURL((u) => /^\/tickets\/\d+\/submitted$/.test(u.pathname));
    ticketId = Number(new URL(page.url()).pathname.split('/')[2]);
    await expectPage(page, `/tickets/${ticketId}/submitted`, H1.submitted);
    assert.doesNotMatch(page.url() + (await page.title()), /6789|Rivera/, 'no PHI in the URL or title');
    expectNoErrors(errors, 'the provider journey');
  } finally {
    await close();
  }

  // HFS presents the ticket to the MCO (through the API: its pages have their own tests).
  const hfs = await browser.newContext();
  try {
    const signedIn = await hfs.request.post(url('/api/session'), {
      headers: API_HEADERS,
      data: { username: 'hfs-staff', password: DEMO_PASSWORD },
    });
    assert.ok(signedIn.ok(), `hfs-staff signs in: ${signedIn.status()}`);
    const presented = await hfs.request.post(url(`/api/tickets/${ticketId}/actions`), {
      headers: API_HEADERS,
      data: { action: 'present' },
    });
    assert.equal(presented.status(), 200, 'HFS presents the ticket');
  } finally {
    await hfs.close();
  }

  // The MCO's user sees the claims, each RIN masked.
  const mco = await newPage(browser);
  try {
    await signIn(mco.page, 'mco-aetna');
    await mco.page.goto(url(`/tickets/${ticketId}`), { waitUntil: 'load' });
    await mco.page.getByText(`${RUN}-0003`).first().waitFor({ timeout: 15_000 });
    const main = await mco.page.locator('main').innerText();
    for (const n of ['0001', '0002', '0003']) {
      assert.match(main, new RegExp(`${RUN}-${n}`), `claim ${n} is listed`);
    }
    // Masked to the last four digits (however the page spaces the dots).
    assert.match(main, /•+\s*6789/, 'the RINs masked');
    assert.doesNotMatch(main, /10[123]006789/, 'never a whole RIN');
    await axe(mco.page, 'the ticket page of a template ticket, for the MCO');
    expectNoErrors(mco.errors, 'the MCO ticket page');
  } finally {
    await mco.close();
  }
});

test('an XLSX template is read in the worker: one claim is refused, then 4 claims are ready', async () => {
  const { page, errors, close } = await newPage(browser);
  try {
    await signIn(page, 'provider1');
    // A draft answered up to the claims page, through the API (the pages are tested above).
    const session = await (await page.request.get(url('/api/session'))).json();
    const facility = session.facilities.find((f) => f.medicaid_id === TICKET.medicaidId);
    const mcos = await (await page.request.get(url('/api/mcos'))).json();
    const aetna = mcos.find((m) => m.name === MCO);
    assert.ok(facility && aetna, 'the demo facility and MCO');
    const [month, day, year] = daysAgo(40);
    const created = await page.request.post(url('/api/drafts'), {
      headers: API_HEADERS,
      data: {
        facility_id: facility.id,
        mco_id: aetna.id,
        complaint_type: 'claims_payment',
        tracking_number: `TRK-X-${RUN}`,
        mco_received_on: `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`,
        program: 'medicaid',
        internal_process_exhausted: true,
        prior_authorization_not_obtained: false,
        multiple_claims: true,
      },
    });
    assert.ok(created.ok(), `POST /api/drafts: ${created.status()}`);
    const draft = await created.json();
    await openAt(page, `/tickets/new/${draft.id}/claims`, H1.claims);

    const rows = claimsRows(4, TICKET, `X${RUN}`);
    const type = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    await chooseFile(page, 'one.xlsx', xlsx('Claims', rows.slice(0, 2)), type);
    await page.waitForSelector(SUMMARY);
    assert.match(await page.locator(SUMMARY).innerText(), /The file has 1 claim/);
    assert.match(await page.locator('#claims-file-error').innerText(), /The file has 1 claim/);
    await axe(page, 'claims with a file error');

    // Number cells where the template has text and amounts: read as their digits.
    const numeric = rows.map((r, i) => (i === 0 ? r : r.map((c, j) => ([7, 11, 12].includes(j) ? Number(c) : c))));
    await chooseFile(page, 'claims.xlsx', xlsx('Claims', numeric), type);
    await expectStatus(page, '4 claims ready');
    assert.equal(await page.locator(SUMMARY).count(), 0);
    const preview = await page.locator('#claims-preview').innerText();
    assert.match(preview, new RegExp(`X${RUN}-0004`));
    assert.match(preview, /•••••6789/);
    await next(page);
    await atStep(page, draft.id, 'details', H1.details);
    const saved = await (await page.request.get(url(`/api/drafts/${draft.id}`))).json();
    assert.ok(saved.form.claims_file_id, 'the draft holds the template');
    expectNoErrors(errors, 'the XLSX upload');
  } finally {
    await close();
  }
});
