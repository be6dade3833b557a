// Public reporting, end to end against the real server (started by `cargo xtask test e2e` with the
// demo data): the statistics page without signing in (totals in words and charts with the numbers
// of GET /api/statistics, a narrow window, the year and quarter filters in the URL, the CSV); the
// Portal Sanction Payment Notices (the list, one notice, printed); HFS reviewing a draft (a fine
// waived with a reason, the notice issued) and an administrator's payment settings. Every page is
// checked with axe-core.
//
// Run: BASE_URL=http://127.0.0.1:PORT node --test --test-concurrency=1 e2e/statistics.test.mjs

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
  signIn,
  settledTitle,
  SUMMARY,
  expectErrorTitle,
  expectBanner,
  SERVICE_NAME,
} from './support.mjs';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

const STATS_H1 = 'Provider complaint statistics';

/** The Illinois year and quarter today. */
function illinoisQuarter() {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: 'America/Chicago',
    year: 'numeric',
    month: 'numeric',
  }).formatToParts(new Date());
  const year = Number(parts.find((p) => p.type === 'year').value);
  const month = Number(parts.find((p) => p.type === 'month').value);
  return { year, quarter: Math.floor((month - 1) / 3) + 1 };
}

function plural(n, one, many) {
  return n === 1 ? `1 ${one}` : `${n} ${many}`;
}

describe('statistics, without signing in', () => {
  test('the totals, the charts and the tables say what the API counts', async () => {
    const { page, errors, close } = await newPage(browser);
    try {
      await openAt(page, '/statistics', STATS_H1);
      await page.locator('#stats-in-words').waitFor();
      const stats = await (await page.request.get(url('/api/statistics'))).json();
      const words = await page.locator('#stats-in-words').innerText();
      assert.ok(
        words.includes(`Providers filed ${plural(stats.totals.received, 'ticket', 'tickets')}.`),
        words,
      );
      assert.ok(stats.totals.received > 0, 'the demo has tickets');
      // Expedited tickets are counted apart (the demo has some).
      assert.ok(stats.totals.expedited > 0, 'the demo has expedited tickets');
      assert.ok(
        words.includes(`${plural(stats.totals.expedited, 'ticket was', 'tickets were')} expedited`),
        words,
      );

      // Three charts, each an image named by its caption, with a bar value per row.
      for (const [id, rows] of [
        ['chart-mco', stats.by_mco],
        ['chart-type', stats.by_complaint_type],
        ['chart-month', stats.by_month],
      ]) {
        const svg = page.locator(`#${id} svg[role="img"]`);
        assert.equal(await svg.count(), 1, id);
        const name = await page.locator(`#${id} figcaption`).innerText();
        assert.ok(name.length > 0);
        assert.equal(await svg.locator('rect').count(), rows.length, `${id}: one bar per row`);
        const values = await svg.locator('text[font-weight="bold"]').allTextContents();
        assert.deepEqual(values.map(Number), rows.map((r) => r.received), id);
        assert.ok(rows.some((r) => r.received > 0), `${id} shows something`);
      }

      // The table by MCO: every MCO, the same numbers.
      const cells = await page.locator('#table-mco tbody tr').evaluateAll((rows) =>
        rows.map((r) => [r.querySelector('th').textContent.trim(), Number(r.querySelector('td').textContent)]),
      );
      assert.deepEqual(
        cells,
        stats.by_mco.map((r) => [r.mco, r.received]),
      );
      await expectNoAxeViolations(page);

      // A narrow window: the page does not scroll sideways (wide tables scroll in their box).
      await page.setViewportSize({ width: 320, height: 800 });
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      assert.ok(overflow <= 1, `the page scrolls sideways by ${overflow}px at 320px`);
      await expectNoAxeViolations(page);
      expectNoErrors(errors, '/statistics');
    } finally {
      await close();
    }
  });

  test('the year and quarter filters change the URL, the counts and the CSV link', async () => {
    const { page, errors, close } = await newPage(browser);
    try {
      await openAt(page, '/statistics', STATS_H1);
      const { year, quarter } = illinoisQuarter();
      await page.selectOption('#stats-year', String(year));
      await page.selectOption('#stats-quarter', String(quarter));
      await page.getByRole('button', { name: 'Show statistics', exact: true }).click();
      await page.waitForURL((u) => u.search === `?year=${year}&quarter=${quarter}`);
      const months = ['January', 'April', 'July', 'October'][quarter - 1];
      await page
        .locator('#stats-totals')
        .filter({ hasText: months })
        .waitFor({ timeout: 10_000 });
      const first = `${year}-${String((quarter - 1) * 3 + 1).padStart(2, '0')}-01`;
      const csv = await page.getByRole('link', { name: 'Download these statistics (CSV)' }).getAttribute('href');
      assert.ok(csv.startsWith(`/api/statistics.csv?from=${first}&to=`), csv);
      const answer = await page.request.get(url(csv));
      assert.equal(answer.status(), 200);
      assert.match(answer.headers()['content-type'], /^text\/csv/);
      const text = await answer.text();
      assert.ok(text.startsWith('dimension,value,label,received,open,closed,overdue'), text.slice(0, 80));

      // Same numbers as the API for the quarter.
      const stats = await (await page.request.get(url(csv.replace('.csv', '')))).json();
      const words = await page.locator('#stats-in-words').innerText();
      assert.ok(words.includes(`Providers filed ${plural(stats.totals.received, 'ticket', 'tickets')}.`), words);
      assert.equal(await page.locator('#chart-month svg rect').count(), 3, 'three months in a quarter');

      // The browser's Back button returns to every year.
      await page.goBack();
      await page.waitForURL((u) => u.pathname === '/statistics' && u.search === '');
      await page.locator('#stats-totals').filter({ hasText: 'since the portal opened' }).waitFor();
      await expectNoAxeViolations(page);
      expectNoErrors(errors, '/statistics with filters');
    } finally {
      await close();
    }
  });

  test('the home page links to the statistics and the notices', async () => {
    const { page, close } = await newPage(browser);
    try {
      await openAt(page, '/', 'Take a dispute with a Medicaid MCO to HFS');
      await page.getByRole('link', { name: 'Provider complaint statistics' }).click();
      await expectPage(page, '/statistics', STATS_H1);
    } finally {
      await close();
    }
  });
});

describe('Portal Sanction Payment Notices', () => {
  test('the public list and one notice, printable', async () => {
    const { page, errors, close } = await newPage(browser);
    try {
      await openAt(page, '/sanctions', 'Portal Sanction Payment Notices');
      await page.locator('#notices').waitFor();
      const notices = await (await page.request.get(url('/api/sanction-notices'))).json();
      assert.ok(notices.length >= 1, 'the demo has an issued notice');
      assert.equal(await page.locator('#notices tbody tr').count(), notices.length);
      await expectNoAxeViolations(page);

      const first = notices[0];
      await page.locator(`a[href="/sanctions/${first.id}"]`).click();
      await expectPage(page, `/sanctions/${first.id}`, 'Portal Sanction Payment Notice');
      const title = await settledTitle(page);
      assert.equal(title, `Portal Sanction Payment Notice ${first.id} – ${first.mco} - ${SERVICE_NAME}`);
      assert.equal(await page.locator('#notice-fines tbody tr').count(), first.fines.length);
      const total = await page.locator('#notice-total').innerText();
      assert.equal(total, `$${(first.total_cents / 100).toLocaleString('en-US', { minimumFractionDigits: 2 })}`);
      for (const fine of first.fines) {
        await page.locator('#notice-fines').getByText(fine.ticket_number).waitFor();
      }
      await expectNoAxeViolations(page);

      // Printed: the notice only.
      await page.emulateMedia({ media: 'print' });
      assert.equal(await page.locator('header').isVisible(), false, 'no header on paper');
      assert.equal(await page.getByRole('button', { name: 'Print this notice' }).isVisible(), false);
      assert.equal(await page.locator('#notice').isVisible(), true);
      await page.emulateMedia({ media: 'screen' });
      expectNoErrors(errors, '/sanctions');
    } finally {
      await close();
    }
  });
});

describe('HFS reviews the drafts', () => {
  test('a fine waived with a reason, then the notice issued and published', async () => {
    const { page, errors, close } = await newPage(browser);
    try {
      await signIn(page, 'hfs-staff');
      await openAt(page, '/hfs/sanctions', 'Sanction notices to review');
      await page.locator('h2', { hasText: 'Drafts' }).waitFor();
      await expectNoAxeViolations(page);
      // The demo's draft: Molina's notice of the previous quarter, with two fines.
      const drafts = page.locator('section[id^="notice-"]');
      assert.ok((await drafts.count()) > 0, 'the demo has a draft notice to review');
      const draft = drafts.first();
      const id = (await draft.getAttribute('id')).replace('notice-', '');
      const mco = (await draft.locator('h3').innerText()).split(':')[0];

      // No reason: the error summary, linked to the field.
      const waive = draft.locator('details').first();
      await waive.locator('summary').click();
      await waive.getByRole('button', { name: /^Waive the fine/ }).click();
      await page.locator(SUMMARY).waitFor();
      await expectErrorTitle(page);
      assert.match(await page.locator(SUMMARY).innerText(), /Enter why the fine is waived/);
      await expectNoAxeViolations(page);

      const fines = await draft.locator('tbody tr').count();
      await waive.locator('textarea').fill('The ticket was presented to the wrong MCO first');
      await waive.getByRole('button', { name: /^Waive the fine/ }).click();
      await expectBanner(page, /Waived: the fine on ticket PRP-/);

      assert.ok(fines >= 2, 'a fine is left on the draft after the waiver');
      const after = page.locator(`#notice-${id}`);
      await after.getByText(/^Yes: The ticket was presented/).waitFor();
      await after.getByRole('button', { name: `Issue notice ${id} to ${mco}` }).click();
      await expectBanner(page, new RegExp(`Issued: the notice to ${mco}`));
      const published = await (await page.request.get(url(`/api/sanction-notices/${id}`))).json();
      assert.equal(published.status, 'issued');
      assert.equal(published.fines.length, fines - 1, 'the waived fine is not on the notice');
      await expectNoAxeViolations(page);
      expectNoErrors(errors, '/hfs/sanctions');
    } finally {
      await close();
    }
  });

  test('an administrator sees the payment settings form', async () => {
    const { page, errors, close } = await newPage(browser);
    try {
      await signIn(page, 'hfs-admin');
      await openAt(page, '/hfs/sanctions', 'Sanction notices to review');
      await page.locator('#settings-form').waitFor();
      assert.equal(await page.locator('#settings-payment-bureau').inputValue(), 'Bureau of Managed Care');
      await page.fill('#settings-payment-days', 'thirty');
      await page.getByRole('button', { name: 'Save payment details' }).click();
      await page.locator(SUMMARY).waitFor();
      await expectNoAxeViolations(page);
      await page.fill('#settings-payment-days', '30');
      await page.getByRole('button', { name: 'Save payment details' }).click();
      await expectBanner(page, /Saved: the payment details/);
      await expectNoAxeViolations(page);
      expectNoErrors(errors, '/hfs/sanctions (admin)');
    } finally {
      await close();
    }
  });
});
