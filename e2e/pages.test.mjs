// Every route, loaded fresh: zero axe violations (WCAG 2.1 A and AA), zero console errors, one <h1>,
// a unique non-empty <title>, a <main> landmark, the skip link as the first Tab stop that moves
// focus to #main-content when activated with Enter, and, on a phone 390 pixels wide, no sideways
// scrolling of the page.
//
// Run: BASE_URL=http://127.0.0.1:PORT node --test --test-concurrency=1 e2e/pages.test.mjs

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  url,
  launchBrowser,
  newPage,
  openApp,
  expectNoErrors,
  expectNoAxeViolations,
  expectNoSidewaysScroll,
  describeFocused,
  SERVICE_NAME,
  settledTitle,
} from './support.mjs';

const UNKNOWN = '/no-such-page';

/** Each route and the <h1> it shows when reached directly, with no answers. */
const ROUTES = [
  ['/', 'Take a dispute with a Medicaid MCO to HFS'],
  ['/eligibility', 'Check if you can file a dispute with HFS'],
  ['/eligibility/program', 'Which program is the dispute about?'],
  ['/eligibility/internal-process', "Have you used and finished the MCO's own dispute process?"],
  ['/eligibility/tracking-number', 'Did the MCO give you a tracking number for this dispute?'],
  ['/eligibility/received-date', 'When did the MCO receive your dispute?'],
  [
    '/eligibility/prior-authorization',
    'Is the dispute about a service that needed a prior authorization you did not get?',
  ],
  ['/eligibility/check', 'Check your answers'],
  ['/eligibility/result', 'Answer every question first'],
  ['/deadlines', 'How deadlines are worked out'],
  ['/deadlines/calculator', 'Deadline calculator'],
  ['/sign-in', 'Sign in'],
  ['/register', 'Create an account'],
  ['/forgot-password', 'Reset your password'],
  ['/forgot-password/sent', 'Check your email'],
  // Reached without the emailed link's token.
  ['/password-reset', 'This link cannot be used'],
  ['/password-reset/done', 'Your password has been changed'],
  ['/confirm-email', 'This confirmation link cannot be used'],
  ['/demo/outbox', 'Emails sent'],
  ['/help', 'Using the portal'],
  ['/accessibility', 'Accessibility statement'],
  ['/contacts', 'Contacts'],
  ['/statistics', 'Provider complaint statistics'],
  ['/sanctions', 'Portal Sanction Payment Notices'],
  [UNKNOWN, 'Page not found'],
];

/** Pages for signed-in users: reached signed out, each shows the same sign-in prompt (so they share
 * its title). Signed-in states are checked with axe in accounts, hfs and admin tests. */
const SIGN_IN_PROMPT = 'Sign in to see this page';
const GUARDED = [
  '/register/name',
  '/register/organization',
  '/register/check',
  '/account',
  '/account/password',
  '/account/two-step',
  '/account/facilities/new',
  '/account/invitation',
  '/hfs/registrations',
  '/hfs/registrations/1',
  '/hfs/facility-requests',
  '/admin/users',
  '/admin/mcos',
  '/admin/calendar',
  '/admin/audit',
  '/admin/outbox',
  '/tickets',
  '/tickets/new',
  '/tickets/new/1/facility',
  '/tickets/1',
  '/mco/tickets',
  '/hfs/tickets',
  '/fines',
  '/hfs/sanctions',
];
for (const path of GUARDED) ROUTES.push([path, SIGN_IN_PROMPT]);

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

/** Titles seen so far, to check that no two routes share one. */
const titles = new Map();

describe('every route', () => {
  for (const [path, h1] of ROUTES) {
    test(`${path}: axe, no console errors, one h1, unique title, main, skip link`, async () => {
      const { page, errors, close } = await newPage(browser);
      try {
        const response = await openApp(page, path);
        const status = response?.status();
        if (path === UNKNOWN) {
          assert.ok(status === 200 || status === 404, `GET ${path} answered ${status}`);
        } else {
          assert.equal(status, 200, `GET ${path} should answer 200`);
        }

        // One <h1>, the expected one.
        const headings = await page.locator('h1').allTextContents();
        assert.equal(headings.length, 1, `${path} should have exactly one <h1>, has: ${JSON.stringify(headings)}`);
        assert.equal(headings[0].trim(), h1);

        // A non-empty title of its own.
        const title = await settledTitle(page);
        assert.ok(title.trim().length > 0, `${path} should have a non-empty <title>`);
        assert.ok(
          title.endsWith(` - ${SERVICE_NAME}`) && title.length > ` - ${SERVICE_NAME}`.length,
          `${path}'s title should name the page, then the service: "${title}"`,
        );
        assert.ok(!title.startsWith('Error: '), `${path}'s title should not start with "Error: " on arrival`);
        if (h1 !== SIGN_IN_PROMPT) {
          assert.ok(
            !titles.has(title),
            `${path} has the same title as ${titles.get(title)}: "${title}"`,
          );
          titles.set(title, path);
        }

        // One main landmark, the skip link's target.
        assert.equal(await page.locator('main, [role="main"]').count(), 1, `${path} should have one main landmark`);
        assert.equal(await page.locator('main#main-content').count(), 1, 'the <main> should be #main-content');

        // Axe, before the keyboard moves anything.
        await expectNoAxeViolations(page);

        // The first Tab stop is the skip link; Enter on it moves focus to #main-content.
        await page.keyboard.press('Tab');
        const first = await page.evaluate(() => {
          const el = document.activeElement;
          return el && { tag: el.tagName, text: (el.textContent ?? '').trim(), href: el.getAttribute('href') };
        });
        assert.ok(
          first?.tag === 'A' && first.text === 'Skip to main content',
          `the first Tab on ${path} should focus the "Skip to main content" link, got ${await describeFocused(page)}`,
        );
        assert.equal(first.href, '#main-content');
        const skipBox = await page.evaluate(() => {
          const r = document.activeElement.getBoundingClientRect();
          return { width: r.width, height: r.height };
        });
        assert.ok(
          skipBox.width > 1 && skipBox.height > 1,
          `the skip link should be visible once focused (box ${skipBox.width}x${skipBox.height})`,
        );
        await page.keyboard.press('Enter');
        await page
          .waitForFunction(() => document.activeElement?.id === 'main-content', null, { timeout: 2_000, polling: 50 })
          .catch(() => {});
        assert.equal(
          await page.evaluate(() => document.activeElement?.id ?? null),
          'main-content',
          `Enter on the skip link should move focus to #main-content; focus is on ${await describeFocused(page)}`,
        );
        assert.equal(new URL(page.url()).pathname, path, 'the skip link should not leave the page');

        // On a phone, 390 pixels wide: the page does not scroll sideways, and still passes axe.
        await expectNoSidewaysScroll(page, path);
        await expectNoAxeViolations(page);

        // A 404 status for the document itself is logged by Chromium as a console error; that one
        // is expected on the unknown path, anything else is not.
        const unexpected = errors.filter(
          (e) =>
            !(
              path === UNKNOWN &&
              status === 404 &&
              e.kind === 'console.error' &&
              e.text.includes('404') &&
              e.url === url(UNKNOWN)
            ),
        );
        expectNoErrors(unexpected, path);
      } finally {
        await close();
      }
    });
  }
});
