// A ticket's page on a phone, 390 pixels wide (issue 18, "Phones"), against the real server started
// with `--demo`: for each role that sees tickets (provider, MCO, HFS), the first ticket of its
// queue opens by keyboard, the page does not scroll sideways, its ticket number is on one line,
// and it passes axe.
//
// Run: BASE_URL=http://127.0.0.1:PORT node --test --test-concurrency=1 e2e/ticket_phone.test.mjs

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  launchBrowser,
  newPage,
  expectNoErrors,
  expectNoAxeViolations,
  expectNoSidewaysScroll,
  expectPage,
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

describe("a ticket's page on a phone, 390 pixels wide", () => {
  for (const [username, path, h1, table] of [
    ['provider1', '/tickets', 'My tickets', '#my-tickets'],
    ['mco-aetna', '/mco/tickets', 'Presented to us', '#mco-tickets'],
    ['hfs-staff', '/hfs/tickets', 'Tickets', '#all-tickets'],
  ]) {
    test(`${username}: the first ticket of ${h1} does not scroll sideways`, async () => {
      const { page, errors, close } = await newPage(browser, { viewport: PHONE });
      try {
        await signIn(page, username);
        await expectPage(page, path, h1);
        const link = page.locator(`${table} tbody th a`).first();
        await link.waitFor();
        const number = (await link.innerText()).trim();
        await link.focus();
        await page.keyboard.press('Enter');
        await page.waitForURL((u) => /^\/tickets\/\d+$/.test(u.pathname));
        // The heading names the ticket once it has loaded.
        await page.locator('main h1', { hasText: number }).waitFor();
        // The ticket's parts have arrived (no "Loading" left).
        await page
          .waitForFunction(
            () => ![...document.querySelectorAll('main [role="status"]')].some((s) => s.textContent?.startsWith('Loading')),
            null,
            { timeout: 10_000 },
          )
          .catch(() => {});
        await expectNoSidewaysScroll(page, `${number} for ${username}`);
        // The ticket number in the heading is on one line (one box, not two).
        const boxes = await page.locator('main h1 #ticket-number').evaluate((n) => n.getClientRects().length);
        assert.equal(boxes, 1, `${number} breaks across lines in the heading on a phone`);
        await expectNoAxeViolations(page);
        expectNoErrors(errors, `${number} on a phone for ${username}`);
      } finally {
        await close();
      }
    });
  }
});
