// End-to-end test of the handler's staff pages in a real headless Chromium (Debian's
// /usr/bin/chromium, driven by playwright-core), with axe-core checking WCAG 2.1 A and AA on
// every page visited.
//
//   node tests/e2e/handler.e2e.mjs <base url> <handler> <password> <TOTP secret> <reference> <case number>
//                                  [mouse|keyboard]
//     A case handler in Eksjö (0686) logs in with password and code, lands on the inbox, asks
//     for overdue errands only (none: the errand is new), filters it by e-service, opens the
//     errand <reference> (a school transport application with a certificate), downloads the
//     certificate, meets the note form's error summary (an empty note), adds a note, writes to
//     the citizen, assigns the errand to themselves and closes it; the case number (the errand
//     registered as <case number>) is a link, followed from the inbox to the diary's case page.
//     On the way the handler reads the satisfaction and first-contact figures, where the
//     closed errand counts as resolved at first contact.
//     mode "mouse" (default): clicks, fills and selects; mode "keyboard": Tab, Shift+Tab, Enter,
//     Space, arrow keys and typing only (no click, no element.click(), no selectOption), the
//     focus checked visible on every element acted on.
//     Prints "ok: ..." on success.
// Run by tests/services/eservices/handler_e2e_test.cpp, which starts the platform, submits the
// errand and creates the user. Exits non-zero on the first failure, printing why.
import {
  actions, audit, check, checkFocusVisible, cspViolations, launch, path, text, totp, visited, watchCsp,
} from './browser.mjs';

const [base, handler, password, secret, reference, caseNumber, mode = 'mouse'] = process.argv.slice(2);
if (!base || !handler || !password || !secret || !reference || !caseNumber || !['mouse', 'keyboard'].includes(mode)) {
  throw new Error('usage: handler.e2e.mjs <base url> <handler> <password> <TOTP secret> <reference> <case number> '
    + '[mouse|keyboard]');
}
// "BUN 2026/7" → the diary's case page /staff/0686/diarium/arenden/BUN-2026-7.
const casePage = `/staff/0686/diarium/arenden/${caseNumber.replace(' ', '-').replace('/', '-')}`;
const keyboard = mode === 'keyboard';
const section = '/staff/0686/arenden';
const errand = `${section}/${reference}`;
const {
  activate, choose, fill, press, select,
} = actions(keyboard);

const browser = await launch();
try {
  const context = await browser.newContext({ ignoreHTTPSErrors: true, acceptDownloads: true });
  const page = await context.newPage();
  watchCsp(page);

  // The inbox asks for a login and comes back after it.
  await page.goto(`${base}${section}`);
  check(path(page) === '/staff/logga-in', `the login page, at ${page.url()}`);
  await audit(page, 'login page');
  if (keyboard) {
    await page.keyboard.press('Tab');
    check(await page.evaluate(() => document.activeElement.classList.contains('skip-link')),
      'the first Tab reaches the skip link');
    await checkFocusVisible(page);
  }
  await fill(page, '#username', handler);
  await fill(page, '#password', password);
  await fill(page, '#code', totp(secret));
  if (keyboard) {
    // Shift+Tab goes back to the password and Tab returns to the code: the order is the form's.
    await page.keyboard.press('Shift+Tab');
    check(await page.evaluate(() => document.activeElement.id === 'password'), 'Shift+Tab goes back to the password');
    await checkFocusVisible(page);
    await page.keyboard.press('Tab');
    check(await page.evaluate(() => document.activeElement.id === 'code'), 'Tab comes back to the code');
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.keyboard.press('Enter')]);
  } else {
    await activate(page, 'form[action="/staff/logga-in"] button[type=submit]');
  }
  check(path(page) === section, `the inbox after the login, at ${page.url()}`);
  check(await page.isVisible(`table.errands a[href="${errand}"]`), 'the inbox lists the errand');
  await audit(page, 'inbox');

  // Overdue only: the new errand is not (GET, no script).
  await choose(page, '#forsenade');
  check(await page.isChecked('#forsenade'), 'the overdue box is ticked');
  await activate(page, 'form.filters button[type=submit]');
  check(new URL(page.url()).searchParams.get('forsenade') === 'ja', `the overdue filter is in the URL: ${page.url()}`);
  check((await page.locator('table.errands').count()) === 0, 'no overdue errands');
  check(await page.isChecked('#forsenade'), 'the overdue box stays ticked');
  await audit(page, 'inbox, overdue only');
  await press(page, '#forsenade', 'Space');
  check(!(await page.isChecked('#forsenade')), 'the overdue box is unticked');

  // Filtered by e-service.
  await select(page, '#tjanst', 'skolskjuts');
  await activate(page, 'form.filters button[type=submit]');
  check(new URL(page.url()).searchParams.get('tjanst') === 'skolskjuts', `the filter is in the URL: ${page.url()}`);
  check(!new URL(page.url()).searchParams.has('forsenade'), `no overdue filter any more: ${page.url()}`);
  check((await page.locator('table.errands tbody tr').count()) === 1, 'one school transport errand');
  await audit(page, 'inbox filtered');

  // The errand, its answers under the form's labels, the certificate as a download.
  await activate(page, `table.errands a[href="${errand}"]`);
  check(path(page) === errand, `the errand, at ${page.url()}`);
  check((await text(page, 'dl.answers div:has(dt:text-is("Barnets namn")) dd')) === 'Bertil Andersson',
    'the child\'s name under its label');
  check((await page.getAttribute('#case-number a', 'href')) === casePage, 'the case number links to the diary');
  check((await text(page, '#case-number a')) === caseNumber, 'the link names the case number');
  await audit(page, 'errand');
  const [download] = await Promise.all([page.waitForEvent('download'), press(page, 'dl.answers a[download]', 'Enter')]);
  check(download.suggestedFilename() === 'läkarintyg.pdf', `the file's name: ${download.suggestedFilename()}`);

  // An empty note: the error summary, whose link leads to the field.
  await activate(page, 'form[action$="/anteckningar"] button[type=submit]');
  check(await page.isVisible('.error-summary a[href="#note"]'), 'the error summary links to the note');
  check((await page.getAttribute('#note', 'aria-invalid')) === 'true', 'the note is marked');
  await audit(page, 'errand with a refused note');
  await press(page, '.error-summary a[href="#note"]', 'Enter');
  check(await page.evaluate(() => document.activeElement.id === 'note'), 'the error link focuses the note');

  await fill(page, '#note', 'Ring skolan om skjutsen.');
  await activate(page, 'form[action$="/anteckningar"] button[type=submit]');
  check((await text(page, 'ol.notes li p.body')) === 'Ring skolan om skjutsen.', 'the note is shown');
  await audit(page, 'errand with a note');
  await fill(page, '#message', 'Vi har tagit emot ansökan och återkommer.');
  await activate(page, 'form[action$="/meddelanden"] button[type=submit]');
  check((await text(page, 'ol.messages li p.body')) === 'Vi har tagit emot ansökan och återkommer.',
    'the message is shown');
  await audit(page, 'errand with a message');
  await activate(page, 'button[value="mig"]');
  check((await text(page, '#errand-assigned')) === handler, 'assigned to the handler');
  await audit(page, 'errand assigned');
  await select(page, '#status', 'closed');
  await activate(page, 'form[action$="/status"] button[type=submit]');
  check((await text(page, '#errand-status')) === 'Avslutat', 'the errand is closed');
  check((await page.locator('table.history tbody tr').count()) >= 5, 'the history shows the steps');
  await audit(page, 'closed errand');

  // Back to the inbox by its link.
  await activate(page, `main a[href="${section}"]`);
  check(path(page) === section, `the inbox again, at ${page.url()}`);
  await audit(page, 'inbox after closing');

  // The satisfaction and first-contact figures: the closed errand is resolved at first contact
  // (a message to the citizen is not a second round); one answer is too few for an index.
  const statistics = '/staff/0686/nojdhet';
  await activate(page, `nav.staff-nav a[href="${statistics}"]`);
  check(path(page) === statistics, `the figures, at ${page.url()}`);
  check((await text(page, 'table.statistics tfoot td:nth-of-type(1)')) === '1', 'one errand resolved');
  check((await text(page, 'table.statistics tfoot td:nth-of-type(2)')) === '1', 'at first contact');
  await audit(page, 'satisfaction and first contact');
  await activate(page, `nav.staff-nav a[href="${section}"]`);
  check(path(page) === section, `the inbox again, at ${page.url()}`);

  // The case number's link in the inbox leads to the registrar's case page in the diary.
  await activate(page, `table.errands a[href="${casePage}"]`);
  check(path(page) === casePage, `the case page, at ${page.url()}`);
  check((await text(page, 'h1')).startsWith(caseNumber), 'the case page names the case');
  await audit(page, 'case page');

  check(cspViolations.length === 0, `CSP violations: ${cspViolations.join('; ')}`);
  console.log(`ok: ${mode}: errand ${reference} closed; axe found no WCAG 2.1 A/AA violations on ${visited.length} `
    + `pages: ${visited.join(', ')}`);
} finally {
  await browser.close();
}
