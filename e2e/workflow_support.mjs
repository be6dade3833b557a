// Helpers of issue 13's end-to-end tests (e2e/workflow*.test.mjs): API set-up of a ticket, and
// the ticket page's keyboard steps.

import assert from 'node:assert/strict';
import {
  url,
  openAt,
  tabTo,
  API_HEADERS,
  DEMO_PASSWORD,
  signIn,
  pressButton,
  pdfFile,
  daysAgo,
} from './support.mjs';

/** A signed-in API context of `username`; close it when done. */
export async function apiAs(browser, username) {
  const context = await browser.newContext();
  const signedIn = await context.request.post(url('/api/session'), {
    headers: API_HEADERS,
    data: { username, password: DEMO_PASSWORD },
  });
  assert.ok(signedIn.ok(), `sign-in of ${username}: ${signedIn.status()}`);
  return context;
}

/** POSTs `data` to `path` as `context`, asserting `status`; the JSON answer. */
export async function post(context, path, data, status = 200) {
  const answer = await context.request.post(url(path), { headers: API_HEADERS, data });
  assert.equal(answer.status(), status, `${path}: ${await answer.text()}`);
  return answer.json();
}

/** An ISO date `n` days ago in Illinois. */
export function isoDaysAgo(n) {
  const [month, day, year] = daysAgo(n);
  return `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
}

/**
 * A ticket of provider1 with Aetna, taken through the API: presented and answered by the MCO the
 * same day (it asked for nothing); to Administrative Review when `review`.
 */
export async function ticketThrough(browser, { review }) {
  const provider = await apiAs(browser, 'provider1');
  const mco = await apiAs(browser, 'mco-aetna');
  const hfs = await apiAs(browser, 'hfs-staff');
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
export async function expectStatus(page, status) {
  await page.waitForFunction(
    (text) => document.querySelector('#ticket-status')?.textContent?.trim() === text,
    status,
    { timeout: 10_000, polling: 100 },
  );
}

/** Signs `username` in and opens the ticket's page. */
export async function openTicket(page, username, ticket) {
  await signIn(page, username);
  await openAt(page, `/tickets/${ticket.id}`, `Ticket ${ticket.number}`);
}

export async function tabAndType(page, selector, text) {
  await tabTo(page, selector, { max: 150 });
  await page.keyboard.type(text);
}

export async function chooseFirstRadio(page, id) {
  await tabTo(page, `#${id}`, { max: 150 });
  await page.keyboard.press('Space');
  assert.ok(await page.isChecked(`#${id}`), `#${id} should be checked`);
}

export const press = (page, name) => pressButton(page, name, { max: 150 });

/** Chooses a file by script (a keyboard cannot), then uploads it from the keyboard. */
export async function attach(page, inputId, name) {
  await page.setInputFiles(`#${inputId}`, pdfFile(name));
  await tabTo(page, `#${inputId}-upload`, { max: 150 });
  await page.keyboard.press('Enter');
  await page.getByText(name).first().waitFor({ timeout: 10_000 });
}

/** Whether the elements of `selectors` (each present) come in this order in the page. */
export async function inPageOrder(page, selectors) {
  return page.evaluate((list) => {
    const els = list.map((sel) => document.querySelector(sel));
    const missing = list.filter((_, i) => !els[i]);
    if (missing.length) return `missing: ${missing.join(', ')}`;
    return els.every((el, i) => i === 0 || (els[i - 1].compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0);
  }, selectors);
}
