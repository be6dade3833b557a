// The deadline pages, end to end: "How deadlines are worked out" (every rule, worked examples, the
// State holidays of this year and the next) and the deadline calculator (by keyboard alone, the
// error pattern), each checked with axe and for console errors.
//
// The browser clock is fixed with Playwright's Clock API (so "this year" and "today" do not depend on
// the day the tests run). The fake clock also replaces `performance`, so `openApp()` cannot be used:
// `open()` waits for the page's <h1> instead.
//
// Run: BASE_URL=http://127.0.0.1:PORT node --test --test-concurrency=1 e2e/deadlines.test.mjs

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  url,
  launchBrowser,
  newPage,
  expectNoErrors,
  expectNoAxeViolations,
  describeFocused,
  tabTo,
  SERVICE_NAME,
  newPageAt,
  mainH1Text,
  expectPage,
  openAt,
  settledTitle,
  fillDate,
} from './support.mjs';

/** Sunday, March 1, 2026, 12:00 noon in Illinois (CST, UTC-6): the api.md example's "today". */
const NOON_1_MARCH = new Date('2026-03-01T18:00:00Z');

const RULES_PATH = '/deadlines';
const CALCULATOR_PATH = '/deadlines/calculator';
const RULES_H1 = 'How deadlines are worked out';
const CALCULATOR_H1 = 'Deadline calculator';
const SUMMARY = '[aria-labelledby="error-summary-title"]';

/** The title of every rule of the table, in its order. */
const RULE_TITLES = [
  'Filing window opens',
  'Filing window closes',
  'HFS presents the ticket to the MCO',
  'MCO asks for more information',
  "You answer the MCO's request",
  'Asking for the one extension',
  "MCO's written response",
  'You accept or contest the response',
  'You ask HFS to review',
  'Both sides send HFS their information',
  'HFS decides',
  'HFS reviews a registration',
];

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

const pageAt = (time = NOON_1_MARCH) => newPageAt(browser, time);

/** The rows of the table captioned `caption`, each as its cells' texts. */
async function tableRows(page, caption) {
  return page.evaluate((caption) => {
    const table = [...document.querySelectorAll('main table')].find(
      (t) => t.caption?.textContent.trim() === caption,
    );
    if (!table) return null;
    return [...table.tBodies[0].rows].map((r) => [...r.cells].map((c) => c.textContent.trim()));
  }, caption);
}

/** Every <th> of the page's tables without a scope, described. */
async function thWithoutScope(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('main table th')]
      .filter((th) => !['col', 'row'].includes(th.getAttribute('scope')))
      .map((th) => th.textContent.trim()),
  );
}

/** A clock's row in the calculator's result, as its cells' texts. */
async function clockRow(page, key) {
  return page
    .locator(`tr[data-clock="${key}"] > *`)
    .evaluateAll((cells) => cells.map((c) => c.textContent.replace(/\s+/g, ' ').trim()));
}

async function countdownOf(page, key) {
  return (await page.locator(`tr[data-clock="${key}"] .countdown > span:not([aria-live])`).innerText()).trim();
}

async function isFocused(page, selector) {
  return page.locator(selector).evaluate((el) => el === document.activeElement);
}

async function waitForFocus(page, selector) {
  await page
    .waitForFunction((s) => document.activeElement === document.querySelector(s), selector, {
      timeout: 5_000,
      polling: 100,
    })
    .catch(() => {});
  assert.ok(await isFocused(page, selector), `focus should be on ${selector}; it is on ${await describeFocused(page)}`);
}

describe('how deadlines are worked out, clock at Sunday, March 1, 2026 12:00 Illinois time', () => {
  test('every rule, worked examples, the holidays of 2026 and 2027; axe; no console errors', async () => {
    const { page, errors, close } = await pageAt();
    try {
      await openAt(page, RULES_PATH, RULES_H1);
      assert.equal(await settledTitle(page), `${RULES_H1} - ${SERVICE_NAME}`);
      assert.equal(await page.locator('h1').count(), 1, 'one <h1>');
      await expectNoAxeViolations(page);

      const back = page.getByRole('link', { name: 'Back', exact: true });
      assert.equal(await back.getAttribute('href'), '/');

      // Every rule of the table, each with who owes it, the rule, the source and an example.
      const titles = await page.locator('main section[aria-labelledby^="rule-"] h2').allTextContents();
      assert.deepEqual(titles.map((t) => t.trim()), RULE_TITLES);
      for (const section of await page.locator('main section[aria-labelledby^="rule-"]').all()) {
        const text = (await section.innerText()).replace(/\s+/g, ' ');
        for (const part of ['Who must act', 'The rule', 'Weekends and holidays', 'If it is missed', 'Source', 'Example: ']) {
          assert.ok(text.includes(part), `each rule should say "${part}": ${text.slice(0, 200)}`);
        }
      }
      const main = (await page.locator('main').innerText()).replace(/\s+/g, ' ');
      for (const sentence of [
        'A ticket submitted on Tuesday, February 10, 2026 must be presented to the MCO by Thursday, February 26, 2026.',
        "Saturdays, Sundays, Lincoln's Birthday (Thursday, February 12, 2026) and Presidents Day (Monday, February 16, 2026) are not counted.",
        'For a ticket presented to the MCO on Friday, February 20, 2026, the MCO must respond by Monday, March 23, 2026.',
        'Day 30 is Sunday, March 22, 2026, which is not a business day, so the due date moves to the next business day.',
        'When the MCO asks for more information on Wednesday, November 25, 2026, you must give it by Friday, December 4, 2026.',
        'The MCO received a dispute on Tuesday, September 15, 2026: the filing window opens on Thursday, October 15, 2026.',
        'the filing window closes at the end of Saturday, November 14, 2026.',
        'File by Friday, November 13, 2026 to be safe.',
        'Who must act You (the provider)',
        'Who must act The MCO or you',
        'Who must act You and the MCO',
      ]) {
        assert.ok(main.includes(sentence), `the page should say "${sentence}"`);
      }

      // The holidays of the clock's year and the next, in tables with captions and scoped headers.
      const y2026 = await tableRows(page, 'Illinois State holidays in 2026');
      const y2027 = await tableRows(page, 'Illinois State holidays in 2027');
      assert.ok(y2026 && y2027, 'tables captioned "Illinois State holidays in 2026" and "... in 2027"');
      assert.deepEqual(y2026[0], ['Thursday, January 1, 2026', "New Year's Day"]);
      assert.deepEqual(y2026[2], ['Thursday, February 12, 2026', "Lincoln's Birthday"]);
      assert.deepEqual(y2026.at(-1), ['Friday, December 25, 2026', 'Christmas Day']);
      assert.equal(y2026.length, 14);
      assert.ok(
        y2026.some(([d, n]) => d === 'Friday, July 3, 2026' && n === 'Independence Day'),
        'Independence Day 2026 (a Saturday) is observed on Friday, July 3',
      );
      assert.ok(
        y2027.some(([d, n]) => d === 'Friday, December 31, 2027' && n === "New Year's Day"),
        "New Year's Day 2028 (a Saturday) is observed on Friday, December 31, 2027",
      );
      assert.ok(!y2027.some(([, n]) => n === 'General Election Day'), 'no election day in an odd year');
      assert.deepEqual(await thWithoutScope(page), [], 'every <th> has a scope');

      // A contents list names every section and leads to it.
      const contents = page.getByRole('navigation', { name: 'Contents' });
      const entries = (await contents.getByRole('link').allInnerTexts()).map((t) => t.trim());
      assert.deepEqual(entries, ['Days and time', ...RULE_TITLES, 'Illinois State holidays']);
      await contents.getByRole('link', { name: "MCO's written response" }).click();
      await page.waitForFunction(() => location.hash === '#rule-mco_response');
      assert.equal(new URL(page.url()).pathname, RULES_PATH, 'the same page');
      await page.locator('#rule-mco_response').waitFor();
      assert.ok(await page.locator('#rule-mco_response').isVisible());

      // On to the calculator.
      await page.getByRole('link', { name: 'deadline calculator' }).click();
      await expectPage(page, CALCULATOR_PATH, CALCULATOR_H1);
      expectNoErrors(errors, 'the rules page');
    } finally {
      await close();
    }
  });

  test('the home page links to both deadline pages', async () => {
    const { page, errors, close } = await pageAt();
    try {
      await openAt(page, '/', 'Take a dispute with a Medicaid MCO to HFS');
      assert.equal(await page.getByRole('link', { name: 'How deadlines are worked out' }).getAttribute('href'), RULES_PATH);
      await page.getByRole('link', { name: 'Deadline calculator' }).click();
      await expectPage(page, CALCULATOR_PATH, CALCULATOR_H1);
      assert.equal(await settledTitle(page), `${CALCULATOR_H1} - ${SERVICE_NAME}`);
      assert.equal(
        await page.getByRole('link', { name: 'Back', exact: true }).getAttribute('href'),
        RULES_PATH,
      );
      expectNoErrors(errors, 'the home page');
    } finally {
      await close();
    }
  });
});

describe('deadline calculator, clock at Sunday, March 1, 2026 12:00 Illinois time', () => {
  test('keyboard only: the api.md example, with the countdown of the pending MCO response', async () => {
    const { page, errors, close } = await pageAt();
    try {
      await openAt(page, CALCULATOR_PATH, CALCULATOR_H1);
      assert.equal(await page.locator('h1').count(), 1, 'one <h1>');
      await expectNoAxeViolations(page);

      await tabTo(page, '#received-month', { max: 60 });
      const typed = [
        ['received', ['1', '5', '2026']],
        ['submitted', ['feb', '10', '2026']],
        ['presented', ['February', '20', '2026']],
      ];
      for (const [i, [id, parts]] of typed.entries()) {
        for (const [j, part] of parts.entries()) {
          if (i > 0 || j > 0) await page.keyboard.press('Tab');
          const field = `#${id}-${['month', 'day', 'year'][j]}`;
          assert.ok(await isFocused(page, field), `Tab should reach ${field}; focus is on ${await describeFocused(page)}`);
          await page.keyboard.type(part);
        }
      }
      await page.keyboard.press('Enter'); // submits the form from the year field

      await page.locator('#result-heading').waitFor({ timeout: 10_000 });
      await waitForFocus(page, '#result-heading');
      assert.equal((await page.locator('#ticket-status').innerText()).trim(), 'With the MCO');
      assert.deepEqual(await clockRow(page, 'present_to_mco'), [
        'HFS presents the ticket to the MCO',
        'HFS',
        'Thursday, February 26, 2026',
        'Met on Friday, February 20, 2026',
      ]);
      const response = await clockRow(page, 'mco_response');
      assert.deepEqual(response.slice(0, 3), ["MCO's written response", 'The MCO', 'Monday, March 23, 2026']);
      assert.ok(response[3].startsWith('Due by the end of Monday, March 23, 2026'), response[3]);
      // 12:00 CST on March 1 to 23:59:59 CDT on March 23.
      assert.equal(await countdownOf(page, 'mco_response'), '22 days 10 hours left');
      const info = await clockRow(page, 'mco_info_request');
      assert.ok(
        info[3].startsWith('Not used: the MCO could ask until Friday, February 27, 2026'),
        `the MCO's time to ask for information has passed, unused: ${info[3]}`,
      );
      assert.equal(await page.locator('tr[data-clock="mco_info_request"] .countdown').count(), 0);
      assert.equal(await page.locator('tr[data-clock]').count(), 6);
      assert.deepEqual(await thWithoutScope(page), [], 'every <th> has a scope');
      const title = await page.title();
      assert.ok(!title.startsWith('Error: '), title);
      await expectNoAxeViolations(page);
      expectNoErrors(errors, 'the calculator');
    } finally {
      await close();
    }
  });

  test('errors: the summary takes focus, "Error: " in the title, the fields keep what was typed', async () => {
    const { page, errors, close } = await pageAt();
    try {
      await openAt(page, CALCULATOR_PATH, CALCULATOR_H1);
      const calculate = page.getByRole('button', { name: 'Calculate', exact: true });

      // Nothing entered.
      await calculate.click();
      await waitForFocus(page, SUMMARY);
      assert.equal((await page.locator(`${SUMMARY} h2`).innerText()).trim(), 'There is a problem');
      assert.deepEqual(
        (await page.locator(`${SUMMARY} a`).allTextContents()).map((t) => t.trim()),
        ['Enter the date the MCO received the dispute'],
      );
      let title = await page.title();
      assert.ok(title.startsWith(`Error: ${CALCULATOR_H1}`), `the title should start with "Error: ": "${title}"`);
      await expectNoAxeViolations(page);

      // A response before the presentation: the engine refuses it, in words, on the response date.
      await fillDate(page, 'received', ['1', '5', '2026']);
      await fillDate(page, 'submitted', ['2', '10', '2026']);
      await fillDate(page, 'presented', ['2', '20', '2026']);
      await fillDate(page, 'responded', ['2', '15', '2026']);
      await calculate.click();
      const message =
        'The date the MCO responded (Sunday, February 15, 2026) cannot be before the date HFS presented the ticket to the MCO (Friday, February 20, 2026)';
      await page.waitForFunction(
        (m) => document.querySelector('[aria-labelledby="error-summary-title"] a')?.textContent.trim() === m,
        message,
        { timeout: 5_000, polling: 100 },
      );
      await waitForFocus(page, SUMMARY);
      const link = page.locator(`${SUMMARY} a`);
      assert.equal(await link.count(), 1);
      assert.equal(await link.getAttribute('href'), '#responded-month');
      assert.equal((await page.locator('#responded-error').textContent()).trim(), `Error: ${message}`);
      assert.equal(await page.locator('#result-heading').count(), 0, 'no result while in error');
      assert.equal(await page.inputValue('#responded-day'), '15', 'what was typed stays');
      title = await page.title();
      assert.ok(title.startsWith(`Error: ${CALCULATOR_H1}`), title);
      await expectNoAxeViolations(page);
      await link.click();
      assert.ok(await isFocused(page, '#responded-month'), `the link should focus the month, the first field; it is on ${await describeFocused(page)}`);

      // Corrected: the result, and the title loses "Error: ".
      await fillDate(page, 'responded', ['', '', '']);
      await calculate.click();
      await page.locator('#result-heading').waitFor({ timeout: 10_000 });
      assert.equal(await page.locator(SUMMARY).count(), 0, 'the summary goes');
      title = await page.title();
      assert.ok(!title.startsWith('Error: '), title);
      expectNoErrors(errors, 'the calculator errors');
    } finally {
      await close();
    }
  });

  test('US dates by keyboard: Month, Day, Year in that order, and 03/04/2026 is March 4', async () => {
    const { page, errors, close } = await pageAt();
    try {
      await openAt(page, CALCULATOR_PATH, CALCULATOR_H1);
      await expectNoAxeViolations(page);
      // Every date on the page: the labels Month, Day, Year in document order, the USWDS hint.
      for (const id of ['received', 'submitted', 'presented', 'as-of']) {
        const group = page.locator('fieldset', { has: page.locator(`#${id}-month`) });
        assert.deepEqual(
          await group.locator('label').evaluateAll((ls) => ls.map((l) => l.textContent.trim())),
          ['Month', 'Day', 'Year'],
          `the fields of ${id} in document order`,
        );
        assert.deepEqual(
          await group.locator('input').evaluateAll((is) => is.map((i) => i.id)),
          [`${id}-month`, `${id}-day`, `${id}-year`],
        );
        assert.match(await page.locator(`#${id}-hint`).innerText(), /For example: 4 28 2026$/);
      }
      // By keyboard alone, month first: a month name, then numbers as a clerk types them.
      const typeByKeyboard = async (id, parts) => {
        await tabTo(page, `#${id}-month`, { max: 80 });
        for (const [j, part] of parts.entries()) {
          if (j > 0) await page.keyboard.press('Tab');
          const field = `#${id}-${['month', 'day', 'year'][j]}`;
          assert.ok(await isFocused(page, field), `Tab should reach ${field}; focus is on ${await describeFocused(page)}`);
          await page.keyboard.type(part);
        }
      };
      await typeByKeyboard('received', ['Jan', '5', '2026']);
      await typeByKeyboard('submitted', ['2', '10', '2026']);
      await typeByKeyboard('presented', ['FEB', '20', '2026']);
      // 03/04/2026, typed the American way: March 4, never April 3.
      await typeByKeyboard('as-of', ['03', '04', '2026']);
      await page.keyboard.press('Enter');
      await page.locator('#result-heading').waitFor({ timeout: 10_000 });
      const main = await page.locator('main').innerText();
      assert.ok(main.includes('Worked out as of Wednesday, March 4, 2026.'), 'the typed date shown back in words');
      assert.ok(!main.includes('April 3, 2026'), 'never read as April 3');
      assert.equal((await clockRow(page, 'present_to_mco'))[3], 'Met on Friday, February 20, 2026');
      await expectNoAxeViolations(page);

      // Typed day first (the British way), the date is refused on the month field, nothing swapped.
      await page.fill('#as-of-month', '19');
      await page.fill('#as-of-day', '10');
      await page.getByRole('button', { name: 'Calculate', exact: true }).click();
      const message =
        'The date to work the deadlines out as of must be a real date: the month must be a number from 1 to 12, or its name';
      await page.locator(SUMMARY).waitFor({ timeout: 5_000 });
      const link = page.locator(`${SUMMARY} a`);
      assert.equal((await link.textContent()).trim(), message);
      assert.equal(await link.getAttribute('href'), '#as-of-month');
      assert.ok((await page.getAttribute('#as-of-month', 'class')).includes('input-error'));
      assert.ok(!(await page.getAttribute('#as-of-day', 'class')).includes('input-error'));
      assert.equal(await page.inputValue('#as-of-month'), '19', 'what was typed stays');
      await expectNoAxeViolations(page);
      expectNoErrors(errors, 'US dates');
    } finally {
      await close();
    }
  });

  test('a late response: the fine, its date and the sanction notice; axe on the result', async () => {
    const { page, errors, close } = await pageAt(new Date('2026-04-01T17:00:00Z'));
    try {
      await openAt(page, CALCULATOR_PATH, CALCULATOR_H1);
      await fillDate(page, 'received', ['1', '5', '2026']);
      await fillDate(page, 'submitted', ['2', '10', '2026']);
      await fillDate(page, 'presented', ['2', '20', '2026']);
      await page.locator('#extension-2').check(); // approved for the MCO: 60 days, due Tuesday, April 21
      await page.getByRole('button', { name: 'Calculate', exact: true }).click();
      await page.locator('#result-heading').waitFor({ timeout: 10_000 });
      assert.equal((await clockRow(page, 'mco_response'))[2], 'Tuesday, April 21, 2026');
      assert.equal(await page.locator('tr[data-fine]').count(), 0, 'no fine before the due date');

      await page.locator('#extension').check(); // none: due Monday, March 23, now missed
      await page.getByRole('button', { name: 'Calculate', exact: true }).click();
      await page.waitForFunction(() => document.querySelectorAll('tr[data-fine]').length === 1, null, {
        timeout: 5_000,
        polling: 100,
      });
      assert.deepEqual(
        await page.locator('tr[data-fine] td').evaluateAll((c) => c.map((x) => x.textContent.trim())),
        ['$5,000.00', 'Tuesday, March 24, 2026', 'Thursday, April 30, 2026'],
      );
      assert.ok((await clockRow(page, 'mco_response'))[3].startsWith('Missed'));
      await expectNoAxeViolations(page);
      expectNoErrors(errors, 'the fine');
    } finally {
      await close();
    }
  });
});
