// The public eligibility checker, end to end: every outcome, the error pattern, "Change", the
// browser's Back button, a keyboard-only journey and the live countdown.
//
// The browser clock is fixed with Playwright's Clock API so the results do not depend on the day
// the tests run. Note: the fake clock also replaces `performance`, so `openApp()` (which waits for
// `performance.mark('app-interactive')`) cannot be used here; `open()` below waits for the page's
// <h1> instead.
//
// Run: BASE_URL=http://127.0.0.1:PORT node --test --test-concurrency=1 e2e/eligibility.test.mjs

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
  newPageAt,
  mainH1Text,
  expectPage,
  openAt,
  fillDate,
} from './support.mjs';

/** Tuesday, October 20, 2026, 12:00 noon in Illinois (CDT, UTC-5). */
const NOON_20_OCT = new Date('2026-10-20T17:00:00Z');

const PROGRAM_LABELS = {
  medicaid: 'Medicaid, through a managed care organization (MCO)',
  medicare_only: 'Medicare only',
  fee_for_service: 'Medicaid fee-for-service, not through an MCO',
};
const PROGRAM_IDS = { medicaid: '#program', medicare_only: '#program-2', fee_for_service: '#program-3' };

const H1 = {
  start: 'Check if you can file a dispute with HFS',
  program: 'Which program is the dispute about?',
  internal: "Have you used and finished the MCO's own dispute process?",
  tracking: 'Did the MCO give you a tracking number for this dispute?',
  date: 'When did the MCO receive your dispute?',
  prior: 'Is the dispute about a service that needed a prior authorization you did not get?',
  check: 'Check your answers',
  open: 'You can file your dispute now',
  early: 'You cannot file your dispute yet',
  late: 'The time to file this dispute has passed',
  notEligible: 'This dispute cannot go to the portal',
  unanswered: 'Answer every question first',
};

const PATHS = {
  start: '/eligibility',
  program: '/eligibility/program',
  internal: '/eligibility/internal-process',
  tracking: '/eligibility/tracking-number',
  date: '/eligibility/received-date',
  prior: '/eligibility/prior-authorization',
  check: '/eligibility/check',
  result: '/eligibility/result',
};

const SUMMARY = '[aria-labelledby="error-summary-title"]';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

const pageAt = (time = NOON_20_OCT) => newPageAt(browser, time);

async function clickContinue(page) {
  await page.getByRole('button', { name: 'Continue', exact: true }).click();
}

/**
 * Answers every question with the mouse, from the program page to the check page.
 * `a`: { program, internal: bool, tracking: bool, date: [m, d, y], prior: bool }.
 * `onPage(name)` runs on each page once it is shown (before answering), e.g. an axe check.
 */
async function answerAll(page, a, onPage = async () => {}, stopAfter = null) {
  await expectPage(page, PATHS.program, H1.program);
  await onPage('program');
  await page.locator(PROGRAM_IDS[a.program]).check();
  await clickContinue(page);
  if (stopAfter === 'program') return;

  await expectPage(page, PATHS.internal, H1.internal);
  await onPage('internal');
  await page.locator(a.internal ? '#internal-process' : '#internal-process-2').check();
  await clickContinue(page);
  if (stopAfter === 'internal') return;

  await expectPage(page, PATHS.tracking, H1.tracking);
  await onPage('tracking');
  await page.locator(a.tracking ? '#tracking-number' : '#tracking-number-2').check();
  await clickContinue(page);
  if (stopAfter === 'tracking') return;

  await expectPage(page, PATHS.date, H1.date);
  await onPage('date');
  await fillDate(page, 'received', a.date);
  await clickContinue(page);
  if (stopAfter === 'date') return;

  await expectPage(page, PATHS.prior, H1.prior);
  await onPage('prior');
  await page.locator(a.prior ? '#prior-authorization' : '#prior-authorization-2').check();
  await clickContinue(page);

  await expectPage(page, PATHS.check, H1.check);
  await onPage('check');
}

/** From the check page to the result page, expecting the heading `h1`. */
async function seeResult(page, h1) {
  await page.getByRole('button', { name: 'See if you can file' }).click();
  await expectPage(page, PATHS.result, h1);
}

/** The check page's rows as { question: answer }. */
async function summaryRows(page) {
  return page.evaluate(() => {
    const rows = {};
    for (const dt of document.querySelectorAll('main dl dt')) {
      const dd = dt.nextElementSibling;
      rows[dt.textContent.trim()] = dd?.textContent.trim() ?? null;
    }
    return rows;
  });
}

async function countdownText(page) {
  return (await page.locator('.countdown > span:not([aria-live])').innerText()).trim();
}

async function liveRegionText(page) {
  return page.locator('.countdown [aria-live="polite"]').evaluate((el) => el.textContent);
}

async function mainText(page) {
  return page.locator('main').innerText();
}

/**
 * Whether the element is hidden from sight but still read by screen readers: rendered (not
 * display:none or visibility:hidden) in a box of at most 1 by 1 pixel whose content is clipped.
 */
async function isVisuallyHidden(locator) {
  return locator.evaluate((el) => {
    const style = getComputedStyle(el);
    if (style.display === 'none' || style.visibility === 'hidden') return false;
    const box = el.getBoundingClientRect();
    const clipped =
      style.overflow === 'hidden' ||
      (style.clipPath && style.clipPath !== 'none') ||
      (style.clip && style.clip !== 'auto');
    return box.width <= 1 && box.height <= 1 && Boolean(clipped);
  });
}

function assertIncludes(text, part, what) {
  assert.ok(text.includes(part), `${what} should say "${part}"; it says:\n${text}`);
}

/** Open journey: Medicaid, Yes, Yes, received 9 15 2026, No. */
const OPEN_ANSWERS = { program: 'medicaid', internal: true, tracking: true, date: ['9', '15', '2026'], prior: false };

/** "25 days 12 hours"-style words, as a countdown shows a duration. */
function durationWords(ms) {
  const secs = Math.floor(Math.max(ms, 0) / 1000);
  const unit = (n, u) => `${n} ${u}${n === 1 ? '' : 's'}`;
  const [d, h, m, s] = [Math.floor(secs / 86400), Math.floor(secs / 3600) % 24, Math.floor(secs / 60) % 60, secs % 60];
  if (d > 0) return `${unit(d, 'day')} ${unit(h, 'hour')}`;
  if (h > 0) return `${unit(h, 'hour')} ${unit(m, 'minute')}`;
  return `${unit(m, 'minute')} ${unit(s, 'second')}`;
}

describe('eligibility checker, clock at Tuesday, October 20, 2026 12:00 Illinois time', () => {
  test('open: Medicaid, finished, tracking number, received 9 15 2026, no prior authorization', async () => {
    const { page, errors, close } = await pageAt();
    try {
      const axeOn = async (name) => {
        try {
          await expectNoAxeViolations(page);
        } catch (err) {
          err.message = `on the ${name} page: ${err.message}`;
          throw err;
        }
      };
      await openAt(page, PATHS.start, H1.start);
      await axeOn('start');
      const start = page.getByRole('button', { name: 'Start now' });
      assert.equal(await start.getAttribute('href'), PATHS.program, '"Start now" should link to the program question');
      await start.click();

      await answerAll(page, OPEN_ANSWERS, axeOn);

      assert.deepEqual(await summaryRows(page), {
        Program: PROGRAM_LABELS.medicaid,
        "MCO's dispute process finished": 'Yes',
        'MCO tracking number': 'Yes',
        'Date the MCO received your dispute': 'Tuesday, September 15, 2026',
        'About a prior authorization you did not get': 'No',
      });

      await seeResult(page, H1.open);
      await axeOn('result');
      const text = await mainText(page);
      assertIncludes(text, 'Saturday, November 14, 2026', 'the result (the window closes then)');
      assertIncludes(text, 'File by Friday, November 13, 2026 to be safe', 'the safe-file-by warning');
      assertIncludes(text, 'a weekend day or a State holiday', 'the safe-file-by warning');
      // What to do next leads straight to signing in and registering.
      assert.equal(await page.getByRole('link', { name: 'Sign in to the portal' }).getAttribute('href'), '/sign-in');
      assert.equal(await page.getByRole('link', { name: 'register first' }).getAttribute('href'), '/register');

      const words = await countdownText(page);
      assert.match(words, /^\d+ days \d+ hours left$/, `countdown: "${words}"`);
      // The window ends at 23:59:59 CST on Saturday, November 14 (daylight saving ends on Sunday
      // November 1, 2026), that is 05:59:59.999 UTC on November 15. From 12:00 CDT on October 20
      // that is 25 days 12 hours 59 minutes of real time (25 days 11 hours 59 minutes on the wall
      // clock, plus the hour gained when the clocks go back), so the countdown says 25 days 12 hours.
      const now = await page.evaluate(() => Date.now());
      const expected = `${durationWords(Date.UTC(2026, 10, 15, 5, 59, 59, 999) - now)} left`;
      assert.equal(expected, '25 days 12 hours left', 'the test itself should run at about 12:00 CDT');
      assert.equal(words, expected, 'the countdown at 2026-10-20 12:00 CDT');

      expectNoErrors(errors, 'the open journey');
    } finally {
      await close();
    }
  });

  test('too early: received 10 5 2026 opens on Wednesday, November 4, 2026', async () => {
    const { page, errors, close } = await pageAt();
    try {
      await openAt(page, PATHS.program, H1.program);
      await answerAll(page, { ...OPEN_ANSWERS, date: ['10', '5', '2026'] });
      assert.equal((await summaryRows(page))['Date the MCO received your dispute'], 'Monday, October 5, 2026');
      await seeResult(page, H1.early);
      const text = await mainText(page);
      assertIncludes(text, 'You can file from Wednesday, November 4, 2026', 'the too-early result');
      assertIncludes(text, 'until the end of Friday, December 4, 2026', 'the too-early result');
      const words = await countdownText(page);
      assert.ok(words.startsWith('Opens in '), `the countdown should start with "Opens in": "${words}"`);
      assert.match(words, /^Opens in \d+ days \d+ hours?$/, `countdown: "${words}"`);
      expectNoErrors(errors, 'the too-early journey');
    } finally {
      await close();
    }
  });

  test('too late: received 7 1 2026 closed on Sunday, August 30, 2026', async () => {
    const { page, errors, close } = await pageAt();
    try {
      await openAt(page, PATHS.program, H1.program);
      await answerAll(page, { ...OPEN_ANSWERS, date: ['7', '1', '2026'] }, async () => {}, 'date');
      // The closed window rules the dispute out: the last question is not asked.
      await expectPage(page, PATHS.result, H1.late);
      const text = await mainText(page);
      assertIncludes(text, 'from Friday, July 31, 2026 to Sunday, August 30, 2026', 'the too-late result');
      assertIncludes(text, 'no later than 60 calendar days', 'the too-late reason');
      assertIncludes(text, 'Contact the MCO about your dispute', 'the too-late next step');
      const words = await countdownText(page);
      assert.match(words, /^Closed \d+ days ago$/, `countdown: "${words}"`);
      assert.equal(words, 'Closed 51 days ago', 'August 30 to October 20 is 51 days');
      expectNoErrors(errors, 'the too-late journey');
    } finally {
      await close();
    }
  });

  test('the checker stops at the first answer that rules the dispute out and says why, by keyboard', async () => {
    const { page, errors, close } = await pageAt();
    try {
      // Fee-for-service, chosen with the keyboard: the result follows at once, no other question.
      await openAt(page, PATHS.program, H1.program);
      await tabTo(page, PROGRAM_IDS.medicaid);
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      assert.ok(await page.locator(PROGRAM_IDS.fee_for_service).isChecked());
      await tabTo(page, page.getByRole('button', { name: 'Continue', exact: true }));
      await page.keyboard.press('Enter');
      await expectPage(page, PATHS.result, H1.notEligible);
      let text = await mainText(page);
      assertIncludes(text, `Your answer to ${H1.program} rules it out`, 'the stop');
      assertIncludes(text, 'fee-for-service', 'the reason');
      assertIncludes(text, '877-782-5565', 'what to do instead');
      assertIncludes(text, 'We stopped here', 'the stop');
      assert.ok(!text.includes(H1.internal), 'no further question is shown');
      assert.equal(await page.locator('.countdown').count(), 0, 'no countdown when the dispute cannot go to the portal');
      await expectNoAxeViolations(page);

      // "Change your answer" goes back to that question; a Medicaid answer goes on, and the next
      // ruling-out answer (the MCO's process not finished) stops it there.
      await tabTo(page, page.getByRole('link', { name: 'Change your answer' }));
      await page.keyboard.press('Enter');
      await expectPage(page, PATHS.program, H1.program);
      await page.locator(PROGRAM_IDS.medicaid).check();
      await clickContinue(page);
      await expectPage(page, PATHS.internal, H1.internal);
      await page.locator('#internal-process-2').check();
      await clickContinue(page);
      await expectPage(page, PATHS.result, H1.notEligible);
      text = await mainText(page);
      assertIncludes(text, `Your answer to ${H1.internal} rules it out`, 'the stop');
      assertIncludes(text, "Finish the MCO's internal dispute process", 'the reason');
      assert.ok(!text.includes(H1.tracking), 'no further question is shown');

      // No tracking number, then a prior authorization not obtained: each stops at its question.
      await page.getByRole('link', { name: 'Change your answer' }).click();
      await expectPage(page, PATHS.internal, H1.internal);
      await page.locator('#internal-process').check();
      await clickContinue(page);
      await expectPage(page, PATHS.tracking, H1.tracking);
      await page.locator('#tracking-number-2').check();
      await clickContinue(page);
      await expectPage(page, PATHS.result, H1.notEligible);
      assertIncludes(await mainText(page), 'Contact the MCO and ask for the tracking number', 'the reason');
      await page.getByRole('link', { name: 'Change your answer' }).click();
      await expectPage(page, PATHS.tracking, H1.tracking);
      await page.locator('#tracking-number').check();
      await clickContinue(page);
      await expectPage(page, PATHS.date, H1.date);
      await fillDate(page, 'received', ['9', '15', '2026']);
      await clickContinue(page);
      await expectPage(page, PATHS.prior, H1.prior);
      await page.locator('#prior-authorization').check();
      await clickContinue(page);
      await expectPage(page, PATHS.result, H1.notEligible);
      assertIncludes(await mainText(page), 'prior authorization you did not get', 'the reason');
      await expectNoAxeViolations(page);
      expectNoErrors(errors, 'the stopping journeys');
    } finally {
      await close();
    }
  });

  test('Medicare only: cannot go to the portal, points to CMS', async () => {
    const { page, errors, close } = await pageAt();
    try {
      await openAt(page, PATHS.program, H1.program);
      await answerAll(page, { ...OPEN_ANSWERS, program: 'medicare_only' }, async () => {}, 'program');
      await expectPage(page, PATHS.result, H1.notEligible);
      const text = await mainText(page);
      assertIncludes(text, 'Centers for Medicare & Medicaid Services (CMS)', 'the Medicare-only result');
      assertIncludes(text, 'Medicaid part of a dispute only', 'the Medicare-only result');
      expectNoErrors(errors, 'the Medicare-only journey');
    } finally {
      await close();
    }
  });

  test('errors: summary takes focus, links to fields, "Error:" title, date messages in order, values kept', async () => {
    const { page, errors, close } = await pageAt();
    try {
      await openAt(page, PATHS.program, H1.program);
      const cleanTitle = await page.title();
      assert.ok(!cleanTitle.startsWith('Error: '), `no error yet, title: "${cleanTitle}"`);

      /** After a failed Continue: the summary, its focus, its one link, the field message, the title. */
      const expectError = async (message, fieldId, errorId, pageH1) => {
        const summary = page.locator(SUMMARY);
        await summary.waitFor({ timeout: 5_000 });
        assert.equal((await summary.locator('h2').innerText()).trim(), 'There is a problem');
        await page
          .waitForFunction((sel) => document.activeElement === document.querySelector(sel), SUMMARY, {
            timeout: 5_000,
            polling: 100,
          })
          .catch(() => {});
        assert.ok(
          await summary.evaluate((el) => el === document.activeElement),
          `the error summary should have focus; focus is on ${await describeFocused(page)}`,
        );
        const links = summary.locator('a');
        assert.equal(await links.count(), 1, 'one message in the summary');
        assert.equal((await links.innerText()).trim(), message);
        assert.equal(await links.getAttribute('href'), `#${fieldId}`, `the message should link to #${fieldId}`);
        const inline = page.locator(`#${errorId}`);
        assert.equal((await inline.textContent()).trim(), `Error: ${message}`, 'the message above the field');
        assert.equal(
          (await inline.locator('.sr-only').textContent()).trim(),
          'Error:',
          'the "Error:" prefix should be visually hidden',
        );
        assert.ok(
          await isVisuallyHidden(inline.locator('.sr-only')),
          'the "Error:" prefix should be visually hidden but read by screen readers',
        );
        const describedBy = await page.locator('main fieldset').getAttribute('aria-describedby');
        assert.ok(
          (describedBy ?? '').split(/\s+/).includes(errorId),
          `the fieldset's aria-describedby ("${describedBy}") should include #${errorId}`,
        );
        const title = await page.title();
        assert.ok(title.startsWith('Error: '), `the title should start with "Error: ", it is "${title}"`);
        assert.ok(title.includes(pageH1), `the title should name the page: "${title}"`);
      };

      // Program page, nothing chosen.
      await clickContinue(page);
      await expectError('Select which program the dispute is about', 'program', 'program-error', H1.program);
      assert.equal(new URL(page.url()).pathname, PATHS.program, 'an error keeps the user on the page');
      await expectNoAxeViolations(page);
      await page.locator(SUMMARY).locator('a').click();
      assert.ok(
        await page.locator('#program').evaluate((el) => el === document.activeElement),
        `the summary's link should focus #program; focus is on ${await describeFocused(page)}`,
      );

      await page.locator('#program').check();
      await clickContinue(page);
      await expectPage(page, PATHS.internal, H1.internal);
      const title = await page.title();
      assert.ok(!title.startsWith('Error: '), `the next page's title should not start with "Error: ": "${title}"`);
      await page.locator('#internal-process').check();
      await clickContinue(page);
      await expectPage(page, PATHS.tracking, H1.tracking);
      await page.locator('#tracking-number').check();
      await clickContinue(page);
      await expectPage(page, PATHS.date, H1.date);

      // The date page's messages, most important first.
      const cases = [
        [['', '', ''], 'Enter the date the MCO received your dispute', 'received-month'],
        [['', '15', '2026'], 'The date the MCO received your dispute must include a month', 'received-month'],
        [['2', '31', '2026'], 'The date the MCO received your dispute must be a real date: February 2026 has 28 days', 'received-day'],
        // Typed day first (the British order): the month field says so, nothing is swapped.
        [['19', '10', '2026'], 'The date the MCO received your dispute must be a real date: the month must be a number from 1 to 12, or its name', 'received-month'],
        [['10', '21', '2026'], 'The date the MCO received your dispute must be today or in the past', 'received-month'],
      ];
      for (const [typed, message, fieldId] of cases) {
        await fillDate(page, 'received', typed);
        await clickContinue(page);
        await expectError(message, fieldId, 'received-error', H1.date);
        assert.equal(new URL(page.url()).pathname, PATHS.date);
        const kept = [
          await page.inputValue('#received-month'),
          await page.inputValue('#received-day'),
          await page.inputValue('#received-year'),
        ];
        assert.deepEqual(kept, typed, `what the user typed (${typed.join('/')}) should stay in the fields`);
        if (fieldId === 'received-day') {
          await page.locator(SUMMARY).locator('a').click();
          assert.ok(
            await page.locator('#received-day').evaluate((el) => el === document.activeElement),
            `the summary's link should focus #received-day; focus is on ${await describeFocused(page)}`,
          );
          await expectNoAxeViolations(page);
        }
      }

      // Today itself is accepted.
      await fillDate(page, 'received', ['10', '20', '2026']);
      await clickContinue(page);
      await expectPage(page, PATHS.prior, H1.prior);
      expectNoErrors(errors, 'the error pages');
    } finally {
      await close();
    }
  });

  test('change an answer from the check page; the browser Back button keeps answers', async () => {
    const { page, errors, close } = await pageAt();
    try {
      await openAt(page, PATHS.program, H1.program);

      // Back button: the earlier answer is still selected, the typed date still there.
      await page.locator('#program-3').check();
      await clickContinue(page);
      // Fee-for-service rules the dispute out: the checker stops at the result.
      await expectPage(page, PATHS.result, H1.notEligible);
      await page.goBack();
      await expectPage(page, PATHS.program, H1.program);
      assert.ok(await page.locator('#program-3').isChecked(), 'after Back, "fee-for-service" should still be selected');
      assert.ok(!(await page.locator('#program').isChecked()), 'after Back, only the chosen option is selected');
      await page.locator('#program').check();
      await clickContinue(page);
      await expectPage(page, PATHS.internal, H1.internal);
      await page.locator('#internal-process').check();
      await clickContinue(page);
      await expectPage(page, PATHS.tracking, H1.tracking);
      await page.locator('#tracking-number').check();
      await clickContinue(page);
      await expectPage(page, PATHS.date, H1.date);
      await fillDate(page, 'received', OPEN_ANSWERS.date);
      await clickContinue(page);
      await expectPage(page, PATHS.prior, H1.prior);
      await page.goBack();
      await expectPage(page, PATHS.date, H1.date);
      assert.deepEqual(
        [await page.inputValue('#received-month'), await page.inputValue('#received-day'), await page.inputValue('#received-year')],
        OPEN_ANSWERS.date,
        'after Back, the date should still be filled in',
      );
      await page.goBack();
      await expectPage(page, PATHS.tracking, H1.tracking);
      assert.ok(await page.locator('#tracking-number').isChecked(), 'after Back, "Yes" should still be selected');
      await page.goForward();
      await expectPage(page, PATHS.date, H1.date);
      await clickContinue(page);
      await expectPage(page, PATHS.prior, H1.prior);
      await page.locator('#prior-authorization-2').check();
      await clickContinue(page);
      await expectPage(page, PATHS.check, H1.check);

      // Change the program.
      const before = await summaryRows(page);
      assert.equal(before.Program, PROGRAM_LABELS.medicaid);
      const change = page.locator('#row-program');
      assert.equal(await change.getAttribute('href'), `${PATHS.program}?change=true`);
      assert.equal(
        (await change.textContent()).replace(/\s+/g, ' ').trim(),
        'Change which program the dispute is about',
        'the Change link names its question for screen readers',
      );
      assert.equal(
        (await change.locator('.sr-only').textContent()).trim(),
        'which program the dispute is about',
      );
      assert.ok(await isVisuallyHidden(change.locator('.sr-only')), 'only "Change" is visible');
      for (const [row, path] of [
        ['row-internal-process', PATHS.internal],
        ['row-tracking-number', PATHS.tracking],
        ['row-received-date', PATHS.date],
        ['row-prior-authorization', PATHS.prior],
      ]) {
        assert.equal(await page.locator(`#${row}`).getAttribute('href'), `${path}?change=true`, `#${row}`);
        const hidden = page.locator(`#${row} .sr-only`);
        assert.ok(((await hidden.textContent()) ?? '').trim().length > 0, `#${row} should carry hidden words`);
        assert.ok(await isVisuallyHidden(hidden), `#${row}: the extra words should be visually hidden`);
        assert.match((await page.locator(`#${row}`).textContent()).trim(), /^Change /, `#${row} text`);
      }
      await change.click();
      await page.waitForURL((u) => u.pathname === PATHS.program && u.searchParams.get('change') === 'true');
      await expectPage(page, PATHS.program, H1.program);
      assert.ok(await page.locator('#program').isChecked(), 'the current answer is selected when changing it');
      const back = page.getByRole('link', { name: 'Back', exact: true });
      assert.equal(await back.getAttribute('href'), PATHS.check, 'when changing, Back goes to the check page');
      await page.locator('#program-2').check();
      await clickContinue(page);
      // Medicare only rules the dispute out: the checker stops there and says why.
      await expectPage(page, PATHS.result, H1.notEligible);
      assertIncludes(await mainText(page), 'We stopped here', 'the stop');
      expectNoErrors(errors, 'the change journey');
    } finally {
      await close();
    }
  });

  test('keyboard only: the open journey with Tab, Space, arrow keys, typing and Enter', async () => {
    const { page, errors, close } = await pageAt();
    try {
      await openAt(page, PATHS.start, H1.start);

      /** After a navigation the app focuses the new <h1>; wait for it before pressing Tab. */
      const landed = async (path, h1) => {
        await expectPage(page, path, h1);
        await page
          .waitForFunction(() => document.activeElement === document.querySelector('main h1'), null, {
            timeout: 5_000,
            polling: 100,
          })
          .catch(() => {});
        assert.ok(
          await page.evaluate(() => document.activeElement === document.querySelector('main h1')),
          `after moving to ${path} focus should be on its <h1>; it is on ${await describeFocused(page)}`,
        );
      };
      const continueButton = page.getByRole('button', { name: 'Continue', exact: true });
      const pressContinue = async () => {
        await tabTo(page, continueButton);
        await page.keyboard.press('Enter');
      };

      await tabTo(page, page.getByRole('button', { name: 'Start now' }));
      await page.keyboard.press('Enter');

      await landed(PATHS.program, H1.program);
      await tabTo(page, '#program');
      await page.keyboard.press('Space');
      assert.ok(await page.locator('#program').isChecked(), 'Space should select "Medicaid"');
      await pressContinue();

      await landed(PATHS.internal, H1.internal);
      await tabTo(page, '#internal-process');
      await page.keyboard.press('ArrowRight');
      assert.ok(await page.locator('#internal-process-2').isChecked(), 'ArrowRight should select "No"');
      await page.keyboard.press('ArrowLeft');
      assert.ok(await page.locator('#internal-process').isChecked(), 'ArrowLeft should select "Yes" again');
      await pressContinue();

      await landed(PATHS.tracking, H1.tracking);
      await tabTo(page, '#tracking-number');
      await page.keyboard.press('Space');
      assert.ok(await page.locator('#tracking-number').isChecked(), 'Space should select "Yes"');
      await pressContinue();

      await landed(PATHS.date, H1.date);
      await tabTo(page, '#received-month');
      await page.keyboard.type('9');
      await page.keyboard.press('Tab');
      await page.keyboard.type('15');
      await page.keyboard.press('Tab');
      await page.keyboard.type('2026');
      assert.deepEqual(
        [await page.inputValue('#received-month'), await page.inputValue('#received-day'), await page.inputValue('#received-year')],
        ['9', '15', '2026'],
        'Tab should move from month to day to year',
      );
      await page.keyboard.press('Enter'); // submits the form from the year field

      await landed(PATHS.prior, H1.prior);
      await tabTo(page, '#prior-authorization');
      await page.keyboard.press('ArrowRight');
      assert.ok(await page.locator('#prior-authorization-2').isChecked(), 'ArrowRight should select "No"');
      await pressContinue();

      await landed(PATHS.check, H1.check);
      assert.equal((await summaryRows(page))['Date the MCO received your dispute'], 'Tuesday, September 15, 2026');
      await tabTo(page, page.getByRole('button', { name: 'See if you can file' }));
      await page.keyboard.press('Enter');

      await landed(PATHS.result, H1.open);
      assert.match(await countdownText(page), /^\d+ days \d+ hours left$/);
      expectNoErrors(errors, 'the keyboard journey');
    } finally {
      await close();
    }
  });

  test('countdown: a polite live region, silent on arrival, announces "due today" once', async () => {
    // Monday, October 19, 2026, 12:00 CDT. Received 8 21 2026: the window closes on Tuesday, October 20.
    const { page, errors, close } = await pageAt(new Date('2026-10-19T17:00:00Z'));
    try {
      await openAt(page, PATHS.program, H1.program);
      await answerAll(page, { ...OPEN_ANSWERS, date: ['8', '21', '2026'] });
      await seeResult(page, H1.open);
      assertIncludes(await mainText(page), 'until the end of Tuesday, October 20, 2026', 'the result');

      const live = page.locator('.countdown [aria-live="polite"]');
      assert.equal(await live.count(), 1, 'the countdown should hold one aria-live="polite" region');
      assert.equal(await live.getAttribute('aria-atomic'), 'true');
      assert.equal(await liveRegionText(page), '', 'nothing is announced on arrival');
      assert.match(await countdownText(page), /^1 day \d+ hours left$/);

      // Let it tick for a few seconds: still nothing to announce.
      for (let i = 0; i < 3; i++) {
        await page.clock.runFor(1000);
        assert.equal(await liveRegionText(page), '', `tick ${i + 1} before the threshold must not be announced`);
      }

      // Two seconds before midnight; then tick across it, into the last day of the window.
      await page.clock.setSystemTime(new Date('2026-10-20T04:59:58Z'));
      await page.clock.runFor(4000);
      await page
        .waitForFunction(() => document.querySelector('.countdown')?.textContent.includes('Due today'), null, {
          timeout: 5_000,
          polling: 100,
        })
        .catch(() => {});
      const visible = await countdownText(page);
      assert.ok(
        visible.startsWith('Due today by 11:59 p.m. Central time'),
        `after midnight the countdown should say "Due today by 11:59 p.m. Central time ...": "${visible}"`,
      );
      assert.match(visible, /^Due today by 11:59 p.m. Central time \(23 hours 59 minutes left\)$/);

      // Sample the live region over a few seconds of ticking: it must not change with each tick
      // (the visible words may), and it must carry the one announcement.
      const samples = [];
      const shown = [];
      for (let i = 0; i < 4; i++) {
        samples.push(await liveRegionText(page));
        shown.push(await countdownText(page));
        await page.clock.runFor(1000);
      }
      assert.equal(new Set(samples).size, 1, `the live region changed between ticks: ${JSON.stringify(samples)}`);
      assert.ok(shown.every((s) => s.startsWith('Due today')), `visible words: ${JSON.stringify(shown)}`);
      assert.equal(
        samples[0],
        'Due today by 11:59 p.m. Central time.',
        'once the due day starts, the live region should announce it (seen over 4 ticks: ' +
          `${JSON.stringify(samples)})`,
      );
      expectNoErrors(errors, 'the countdown page');
    } finally {
      await close();
    }
  });

  test('the result page reached directly, with no answers, asks for every answer first', async () => {
    const { page, errors, close } = await pageAt();
    try {
      await openAt(page, PATHS.result, H1.unanswered);
      const title = await page.title();
      assert.ok(title.startsWith(H1.unanswered), `title: "${title}"`);
      const restart = page.getByRole('button', { name: 'Start the questions' });
      assert.equal(await restart.getAttribute('href'), PATHS.program);
      assert.equal(await page.locator('.countdown').count(), 0, 'no countdown without answers');
      await expectNoAxeViolations(page);
      await restart.click();
      await expectPage(page, PATHS.program, H1.program);
      expectNoErrors(errors, 'the unanswered result page');
    } finally {
      await close();
    }
  });
});
