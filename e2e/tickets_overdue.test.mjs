// An overdue ticket, end to end against the real server started with `--demo`: the demo's ticket
// whose MCO response is past its due date, seen by the MCO, the provider and HFS. Its status panel
// leads the page and says what is overdue, by how long (counted in Illinois days), and what follows
// for each of them (the fine, the Account Manager alerted, the response still owed). axe-core on each.
//
// Run: BASE_URL=http://127.0.0.1:PORT node --test --test-concurrency=1 e2e/tickets_overdue.test.mjs

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { url, launchBrowser, newPage, expectNoErrors, expectNoAxeViolations, signOut } from './support.mjs';
import { apiAs, expectStatus, openTicket, inPageOrder } from './workflow_support.mjs';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

/** `GET path` of the API as `username`: the answer's JSON. */
async function apiGet(username, path) {
  const context = await apiAs(browser, username);
  try {
    const answer = await context.request.get(url(path));
    assert.equal(answer.status(), 200, `GET ${path} as ${username}`);
    return await answer.json();
  } finally {
    await context.close();
  }
}

/** The tickets `username` may see, through the API. */
const ticketsOf = (username, query = '') => apiGet(username, `/api/tickets${query}`);

describe('an overdue ticket', () => {
  /** "1 day overdue", "3 days overdue": the days since `dueIso`, by today's date in Illinois. */
  function overdueWords(dueIso) {
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Chicago' }).format(new Date());
    const days = Math.max(1, Math.round((Date.parse(today) - Date.parse(dueIso)) / 86_400_000));
    return days === 1 ? '1 day overdue' : `${days} days overdue`;
  }

  test('its status panel says so, by how long, and what follows, to each party', async () => {
    // The demo's overdue ticket: with the MCO, its written response not in by its due date.
    let found;
    for (const t of await ticketsOf('hfs-staff', '?status=with_mco')) {
      const detail = await apiGet('hfs-staff', `/api/tickets/${t.id}`);
      const clock = detail.deadlines.find((d) => d.key === 'mco_response' && d.state === 'missed' && !d.met_on);
      if (clock) {
        found = { ticket: t, due: clock.due_on };
        break;
      }
    }
    assert.ok(found, 'the demo has a ticket whose MCO response is overdue');
    const { ticket, due } = found;
    const mcoUser = /molina/i.test(ticket.mco.name) ? 'mco-molina' : 'mco-aetna';
    let providerUser;
    for (const who of ['provider1', 'provider2', 'agent1']) {
      if ((await ticketsOf(who)).some((t) => t.id === ticket.id)) {
        providerUser = who;
        break;
      }
    }
    assert.ok(providerUser, 'a demo provider files the overdue ticket');
    const late = overdueWords(due);

    const expected = {
      [mcoUser]: [/Your written response is overdue/, /Your plan has been fined \$5,000\.00/, /Send your written response now/],
      [providerUser]: [/The MCO's written response is overdue/, /The MCO has been fined \$5,000\.00/, /you have nothing to do until it does/],
      'hfs-staff': [/The MCO's written response is overdue/, /fined \$5,000\.00/, /Account Manager is alerted/],
    };
    const { page, errors, close } = await newPage(browser);
    try {
      for (const [who, [what, fine, next]] of Object.entries(expected)) {
        await openTicket(page, who, ticket);
        await expectStatus(page, 'With the MCO');
        const panel = page.locator('#status-panel #overdue');
        await panel.waitFor();
        assert.match(await panel.innerText(), what, `${who} is told what is overdue`);
        assert.equal((await page.locator('#overdue-by').innerText()).trim(), late, `${who} is told by how long`);
        const follows = await page.locator('#overdue-follows').innerText();
        assert.match(follows, /^What follows:/);
        assert.match(follows, fine, `${who} is told of the fine`);
        assert.match(follows, next, `${who} is told what comes next`);
        // The status panel leads the page.
        assert.equal(
          await inPageOrder(page, ['#status-panel', '#claim-heading', '#clocks-heading', '#history-heading']),
          true,
        );
        await expectNoAxeViolations(page);
        await signOut(page);
      }
      expectNoErrors(errors, 'the overdue ticket');
    } finally {
      await close();
    }
  });
});
