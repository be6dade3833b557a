// The queues for daily work (docs/tickets.md, "Queues"), against the real server started with
// `--demo`: each role lands on its queue after signing in; the filters (status, MCO, facility,
// overdue only) are kept in the address, and a reload keeps them; the count and the pages, over the
// API's paging; after the session ends under the page (its cookie removed, then an action), the user
// signs in again and comes back to the page they were on, filters and all; at 390 pixels the queues
// do not scroll sideways, their rows stack with each cell's heading, and a ticket number never
// wraps. By keyboard, with axe on every state.
//
// Run: BASE_URL=http://127.0.0.1:PORT node --test --test-concurrency=1 e2e/queues.test.mjs

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  url,
  launchBrowser,
  newPage,
  expectNoErrors,
  expectNoAxeViolations,
  expectNoSidewaysScroll,
  expectPage,
  openAt,
  tabTo,
  API_HEADERS,
  DEMO_PASSWORD,
  PHONE,
  signIn,
} from './support.mjs';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

/** A request context signed in as `username` (the API, as the app calls it). */
async function apiAs(username) {
  const context = await browser.newContext();
  const signedIn = await context.request.post(url('/api/session'), {
    headers: API_HEADERS,
    data: { username, password: DEMO_PASSWORD },
  });
  assert.ok(signedIn.ok(), `sign-in of ${username}: ${signedIn.status()}`);
  return context;
}

/** `YYYY-MM-DD`, `days` before today (UTC is close enough for a date 45 days back). */
function isoDaysAgo(days) {
  return new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
}

/** Signs in on the sign-in page already open, by keyboard: username, password, Enter. */
async function signInHere(page, username) {
  await tabTo(page, '#username', { max: 60 });
  await page.keyboard.type(username);
  await page.keyboard.press('Tab');
  await page.keyboard.type(DEMO_PASSWORD);
  await page.keyboard.press('Enter');
}

/** Loads `address` (a path with a query) afresh and waits for the page's heading `h1`. */
async function openWith(page, address, h1) {
  const response = await page.goto(url(address), { waitUntil: 'load' });
  assert.equal(response?.status(), 200, `GET ${address} should answer 200`);
  await expectPage(page, new URL(url(address)).pathname, h1);
}

/** The text of each row's cell `n` (0: the ticket) of the table `table`. */
async function column(page, table, n) {
  return page.locator(`${table} tbody tr`).evaluateAll(
    (rows, i) => rows.map((r) => r.cells[i]?.innerText.trim() ?? ''),
    n,
  );
}

describe('landing after sign-in', () => {
  for (const [username, path, h1] of [
    ['provider1', '/tickets', 'My tickets'],
    ['agent1', '/tickets', 'My tickets'],
    ['mco-aetna', '/mco/tickets', 'Presented to us'],
    ['hfs-staff', '/hfs/tickets', 'Tickets'],
    ['hfs-admin', '/hfs/tickets', 'Tickets'],
  ]) {
    test(`${username} lands on ${h1}`, async () => {
      const { page, errors, close } = await newPage(browser);
      try {
        await openAt(page, '/sign-in', 'Sign in');
        await signInHere(page, username);
        await expectPage(page, path, h1);
        await expectNoAxeViolations(page);
        expectNoErrors(errors, `${username}'s landing`);
      } finally {
        await close();
      }
    });
  }

  test('a return path given to the sign-in page wins, but only a path of this site', async () => {
    const { page, errors, close } = await newPage(browser);
    try {
      await openWith(page, '/sign-in?return=%2Ffines', 'Sign in');
      await signInHere(page, 'hfs-staff');
      await expectPage(page, '/fines', 'Fines');
    } finally {
      await close();
    }
    const other = await newPage(browser);
    try {
      await openWith(other.page, '/sign-in?return=https%3A%2F%2Fexample.com%2F', 'Sign in');
      await signInHere(other.page, 'hfs-staff');
      await expectPage(other.page, '/hfs/tickets', 'Tickets');
      await openWith(other.page, '/sign-in?return=%2F%2Fexample.com%2Fx', 'Sign in');
      // Already signed in: the page says so; signing in again is not offered.
      assert.match(await other.page.locator('main').innerText(), /You are signed in as/);
      expectNoErrors([...errors, ...other.errors], 'return paths');
    } finally {
      await other.close();
    }
  });

  test("a billing agent's header names the facility and how many it has", async () => {
    const { page, errors, close } = await newPage(browser);
    try {
      await signIn(page, 'agent1');
      await expectPage(page, '/tickets', 'My tickets');
      const session = await (await page.request.get(url('/api/session'))).json();
      const current = session.facilities.find((f) => f.id === session.facility_id);
      assert.equal(
        (await page.locator('#working-for').innerText()).trim(),
        `Working for ${current.name} (one of your ${session.facilities.length} facilities)`,
      );
      expectNoErrors(errors, 'the header');
    } finally {
      await close();
    }
    // provider1 has one facility (unless another test gave it more): its name, no count.
    const one = await newPage(browser);
    try {
      await signIn(one.page, 'provider1');
      const session = await (await one.page.request.get(url('/api/session'))).json();
      if (session.facilities.length === 1) {
        assert.equal(
          (await one.page.locator('#working-for').innerText()).trim(),
          `Working for ${session.facilities[0].name}`,
        );
      }
      expectNoErrors(one.errors, "provider1's header");
    } finally {
      await one.close();
    }
  });
});

describe('filters in the address', () => {
  test("provider1's filters by keyboard: in the address, kept by a reload, no PHI", async () => {
    const { page, errors, close } = await newPage(browser);
    try {
      await signIn(page, 'provider1');
      await expectPage(page, '/tickets', 'My tickets');
      await page.locator('#my-tickets').waitFor();
      const all = await column(page, '#my-tickets', 0);
      assert.ok(all.length > 0, 'provider1 has tickets');
      assert.match(
        await page.locator('#my-tickets-count').innerText(),
        /^Showing 1 to \d+ of \d+ tickets?$/,
      );
      // The MCO's tracking number is a column.
      const headings = await page.locator('#my-tickets thead th').allInnerTexts();
      assert.ok(headings.includes('MCO tracking number'), headings.join(' | '));

      // Status "With the MCO", by keyboard: focus the list, choose with the arrow keys.
      await tabTo(page, '#status', { max: 80 });
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      assert.equal(await page.locator('#status').inputValue(), 'with_mco');
      await tabTo(page, 'button:has-text("Apply filters")');
      await page.keyboard.press('Enter');
      await page.waitForURL((u) => u.searchParams.get('status') === 'with_mco');
      const onlyWithMco = async () => {
        await page.waitForFunction(
          () => {
            const rows = [...document.querySelectorAll('#my-tickets tbody tr')];
            return rows.length > 0 && rows.every((r) => r.cells[1].innerText.trim() === 'With the MCO');
          },
          null,
          { timeout: 10_000 },
        );
      };
      await onlyWithMco();
      await expectNoAxeViolations(page);

      // Overdue only: a checkbox, Space to tick it.
      await tabTo(page, '#overdue', { max: 80 });
      await page.keyboard.press('Space');
      await tabTo(page, 'button:has-text("Apply filters")');
      await page.keyboard.press('Enter');
      await page.waitForURL((u) => u.searchParams.get('overdue') === 'true');
      const address = new URL(page.url());
      assert.equal(address.searchParams.get('status'), 'with_mco', 'the status is kept');
      // Only statuses, ids and flags in the address: no Recipient ID, name or date of birth.
      assert.doesNotMatch(address.search, /\d{9}|rin|name|birth/i);
      const expected = await (
        await page.request.get(url('/api/tickets?status=with_mco&overdue=true'))
      ).json();
      const shownAfterFilter = async () => {
        if (expected.length === 0) {
          await page.locator('#tickets-empty').waitFor();
          return [];
        }
        await page.waitForFunction(
          (n) => document.querySelectorAll('#my-tickets tbody tr').length === n,
          expected.length,
          { timeout: 10_000 },
        );
        return page.locator('#my-tickets tbody tr').evaluateAll((rows) => rows.map((r) => r.dataset.ticket));
      };
      const shown = await shownAfterFilter();
      assert.deepEqual(shown, expected.map((t) => t.number));
      await expectNoAxeViolations(page);

      // A reload keeps the filters: the fields and the list.
      await page.reload({ waitUntil: 'load' });
      await expectPage(page, '/tickets', 'My tickets');
      assert.equal(await page.locator('#status').inputValue(), 'with_mco');
      assert.equal(await page.locator('#overdue').isChecked(), true);
      assert.deepEqual(await shownAfterFilter(), shown);

      // "Clear the filters" shows every ticket again.
      await tabTo(page, '#clear-filters', { max: 80 });
      await page.keyboard.press('Enter');
      await page.waitForURL((u) => !u.search.includes('status='));
      await page.waitForFunction(
        (n) => document.querySelectorAll('#my-tickets tbody tr').length === n,
        all.length,
        { timeout: 10_000 },
      );
      expectNoErrors(errors, 'the filters');
    } finally {
      await close();
    }
  });

  test('HFS filters by MCO and facility; the sections follow them', async () => {
    const hfsApi = await apiAs('hfs-staff');
    const facilities = await (await hfsApi.request.get(url('/api/ticket-facilities'))).json();
    const mcos = await (await hfsApi.request.get(url('/api/mcos'))).json();
    const { page, errors, close } = await newPage(browser);
    try {
      assert.ok(facilities.length >= 2, 'the demo has tickets of several facilities');
      const facility = facilities[0];
      const mco = mcos[0];
      await signIn(page, 'hfs-staff');
      await openWith(page, `/hfs/tickets?facility_id=${facility.id}&mco_id=${mco.id}`, 'Tickets');
      assert.equal(await page.locator('#facility_id').inputValue(), String(facility.id));
      assert.equal(await page.locator('#mco_id').inputValue(), String(mco.id));
      const expected = await (
        await hfsApi.request.get(url(`/api/tickets?facility_id=${facility.id}&mco_id=${mco.id}`))
      ).json();
      if (expected.length === 0) {
        await page.locator('#all-empty').waitFor();
      } else {
        await page.waitForFunction(
          (n) => document.querySelectorAll('#all-tickets tbody tr').length === n,
          expected.length,
          { timeout: 10_000 },
        );
        const names = await column(page, '#all-tickets', 0);
        assert.ok(names.every((n) => n.includes(facility.name)), names.join(' | '));
      }
      await expectNoAxeViolations(page);
      expectNoErrors(errors, "HFS's filters");
    } finally {
      await close();
      await hfsApi.close();
    }
  });
});

describe('pages of a queue', () => {
  const made = [];

  test('agent1 has more than one page of tickets: the count, Next, a page in the address', async () => {
    // 55 tickets for agent1's last facility, through the API as the app submits them.
    const agent = await apiAs('agent1');
    const { page, errors, close } = await newPage(browser);
    try {
      const session = await (await agent.request.get(url('/api/session'))).json();
      const facility = session.facilities[session.facilities.length - 1];
      const mco = (await (await agent.request.get(url('/api/mcos'))).json())[0];
      for (let i = 0; i < 55; i++) {
        const answer = await agent.request.post(url('/api/tickets'), {
          headers: API_HEADERS,
          data: {
            facility_id: facility.id,
            mco_id: mco.id,
            complaint_type: 'claims_payment',
            tracking_number: `PAGES-${Date.now().toString(36)}-${i}`,
            mco_received_on: isoDaysAgo(45),
            program: 'medicaid',
            internal_process_exhausted: true,
            prior_authorization_not_obtained: false,
            multiple_claims: false,
            claims_file_id: null,
            member_first_name: 'Jamie',
            member_last_name: 'Rivera',
            rin: '123456789',
            service_from: isoDaysAgo(120),
            service_to: isoDaysAgo(118),
            claim_number: `CLM-PAGES-${i}`,
            description: 'The claim was denied as a duplicate but it is not one.',
            desired_outcome: 'Reprocess and pay the claim.',
            contact_name: 'Pat Lee',
            contact_phone: '217 555 0100',
            contact_email: 'pat.lee@example.com',
          },
        });
        assert.equal(answer.status(), 201, `ticket ${i}: ${await answer.text()}`);
        made.push((await answer.json()).summary.id);
      }
      const first = await agent.request.get(url(`/api/tickets?facility_id=${facility.id}`));
      const total = Number(first.headers()['x-total-count']);
      assert.ok(total > 50, `more than one page: ${total}`);

      await signIn(page, 'agent1');
      await openWith(page, `/tickets?facility_id=${facility.id}`, 'My tickets');
      await page.locator('#my-tickets').waitFor();
      assert.equal(
        await page.locator('#my-tickets-count').innerText(),
        `Showing 1 to 50 of ${total} tickets`,
      );
      assert.equal(await page.locator('#my-tickets tbody tr').count(), 50);
      const pages = page.getByRole('navigation', { name: 'Pages of your tickets' });
      assert.equal(await pages.locator('[aria-current="page"]').innerText(), '1');
      await expectNoAxeViolations(page);

      // Next, by keyboard.
      await tabTo(page, '#page-next', { max: 400 });
      await page.keyboard.press('Enter');
      await page.waitForURL((u) => u.searchParams.get('page') === '2');
      assert.equal(new URL(page.url()).searchParams.get('facility_id'), String(facility.id), 'the filter stays');
      await page.locator('#my-tickets-count', { hasText: 'Showing 51 to' }).waitFor();
      assert.equal(
        await page.locator('#my-tickets-count').innerText(),
        `Showing 51 to ${Math.min(total, 100)} of ${total} tickets`,
      );
      assert.equal(await pages.locator('[aria-current="page"]').innerText(), '2');
      assert.equal(await page.locator('#page-previous').count(), 1);
      // The second page is the API's second page.
      const second = await (
        await agent.request.get(url(`/api/tickets?facility_id=${facility.id}&sort=deadline&limit=50&offset=50`))
      ).json();
      assert.deepEqual(
        await page.locator('#my-tickets tbody tr').evaluateAll((rows) => rows.map((r) => r.dataset.ticket)),
        second.map((t) => t.number),
      );
      await expectNoAxeViolations(page);

      // A reload keeps the page.
      await page.reload({ waitUntil: 'load' });
      await page.locator('#my-tickets-count', { hasText: 'Showing 51 to' }).waitFor();
      expectNoErrors(errors, 'the pages');
    } finally {
      await close();
      await agent.close();
    }
  });

  after(async () => {
    // HFS closes the tickets made for this test, so that the other tests' queues stay as they were.
    if (made.length === 0) return;
    const hfs = await apiAs('hfs-staff');
    try {
      for (const id of made) {
        await hfs.request.post(url(`/api/tickets/${id}/actions`), {
          headers: API_HEADERS,
          data: { action: 'close', reason: 'no_tracking_number', note: 'Made by the paging test.' },
        });
      }
    } finally {
      await hfs.close();
    }
  });
});

describe('after the session ends', () => {
  test('an action signs in again and comes back to the page, with its filters', async () => {
    const { page, context, errors, close } = await newPage(browser);
    try {
      await signIn(page, 'provider1');
      await openWith(page, '/tickets?status=with_mco', 'My tickets');
      await page.locator('#my-tickets, #tickets-empty').first().waitFor();

      // The session ends on the server's side of things: the cookie is gone.
      await context.clearCookies();
      // An action: "Overdue only", applied.
      await tabTo(page, '#overdue', { max: 80 });
      await page.keyboard.press('Space');
      await tabTo(page, 'button:has-text("Apply filters")');
      await page.keyboard.press('Enter');

      await expectPage(page, '/sign-in', 'Sign in');
      const address = new URL(page.url());
      assert.equal(address.searchParams.get('return'), '/tickets', 'the path alone, never the query');
      assert.match(await page.locator('main').innerText(), /Your session has ended/);
      await expectNoAxeViolations(page);
      await signInHere(page, 'provider1');
      await expectPage(page, '/tickets', 'My tickets');
      const back = new URL(page.url());
      assert.equal(back.searchParams.get('status'), 'with_mco');
      assert.equal(back.searchParams.get('overdue'), 'true');
      assert.equal(await page.locator('#overdue').isChecked(), true);
      // The 401 that ended it is expected; nothing else.
      expectNoErrors(errors.filter((e) => !/401|Unauthorized/i.test(e.text)), 'the return');
    } finally {
      await close();
    }
  });

  test('a reload of the sign-in page keeps the path to return to', async () => {
    const { page, context, errors, close } = await newPage(browser);
    try {
      await signIn(page, 'mco-aetna');
      await expectPage(page, '/mco/tickets', 'Presented to us');
      await openAt(page, '/fines', 'Fines');
      await context.clearCookies();
      // The next call finds no session.
      await page.reload({ waitUntil: 'load' });
      await expectPage(page, '/fines', 'Sign in to see this page');
      await tabTo(page, page.locator('main').getByRole('button', { name: 'Sign in' }), { max: 60 });
      await page.keyboard.press('Enter');
      await expectPage(page, '/sign-in', 'Sign in');
      assert.equal(new URL(page.url()).searchParams.get('return'), '/fines');
      await page.reload({ waitUntil: 'load' });
      await expectPage(page, '/sign-in', 'Sign in');
      await signInHere(page, 'mco-aetna');
      await expectPage(page, '/fines', 'Fines');
      expectNoErrors(errors.filter((e) => !/401|Unauthorized/i.test(e.text)), 'the return after a reload');
    } finally {
      await close();
    }
  });
});

describe('on a phone, 390 pixels wide', () => {
  for (const [username, path, h1, table] of [
    ['provider1', '/tickets', 'My tickets', '#my-tickets'],
    ['mco-aetna', '/mco/tickets', 'Presented to us', '#mco-tickets'],
    ['hfs-staff', '/hfs/tickets', 'Tickets', '#all-tickets'],
  ]) {
    test(`${h1}: no sideways scroll, stacked rows with headings, whole ticket numbers`, async () => {
      const { page, errors, close } = await newPage(browser, { viewport: PHONE });
      try {
        await signIn(page, username);
        await expectPage(page, path, h1);
        await page.locator(table).waitFor();
        await expectNoSidewaysScroll(page, path);
        // Each cell shows its heading above its value.
        const cell = page.locator(`${table} tbody tr`).first().locator('td').first();
        const label = await cell.evaluate((td) => getComputedStyle(td, '::before').content);
        assert.equal(label, `"${await cell.getAttribute('data-label')}"`);
        assert.equal(await cell.evaluate((td) => getComputedStyle(td).display), 'block');
        // A ticket number is on one line.
        const number = page.locator(`${table} tbody th a`).first();
        const lines = await number.evaluate((a) => {
          const style = getComputedStyle(a);
          return { wrap: style.whiteSpace, rects: a.getClientRects().length };
        });
        assert.equal(lines.wrap, 'nowrap');
        assert.equal(lines.rects, 1, 'the ticket number does not break');
        await expectNoAxeViolations(page);
        expectNoErrors(errors, `${path} on a phone`);
      } finally {
        await close();
      }
    });
  }
});

describe('signed-in pages on a phone, 390 pixels wide', () => {
  for (const [username, pages] of [
    [
      'hfs-admin',
      [
        ['/hfs/registrations', 'Registration requests'],
        ['/hfs/facility-requests', 'Requests for more facilities'],
        ['/admin/users', 'Users'],
        ['/admin/mcos', 'MCOs'],
        ['/admin/calendar', 'State calendar changes'],
        ['/admin/audit', 'Audit log'],
        ['/fines', 'Fines'],
      ],
    ],
    [
      'provider1',
      [
        ['/account', 'Your account'],
        ['/tickets/new', null],
      ],
    ],
    ['mco-aetna', [['/fines', 'Fines']]],
  ]) {
    test(`${username}'s pages do not scroll sideways`, async () => {
      const { page, errors, close } = await newPage(browser, { viewport: PHONE });
      try {
        await signIn(page, username);
        for (const [path, h1] of pages) {
          const response = await page.goto(url(path), { waitUntil: 'load' });
          assert.equal(response?.status(), 200);
          if (h1) {
            await expectPage(page, path, h1);
          } else {
            await page.locator('main h1').waitFor();
          }
          // The page's data has arrived (no "Loading" left).
          await page
            .waitForFunction(() => !document.querySelector('main [role="status"]')?.textContent?.startsWith('Loading'), null, {
              timeout: 10_000,
            })
            .catch(() => {});
          await expectNoSidewaysScroll(page, path);
          await expectNoAxeViolations(page);
        }
        expectNoErrors(errors, `${username}'s pages on a phone`);
      } finally {
        await close();
      }
    });
  }
});
