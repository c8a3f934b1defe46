// End-to-end test of the handler's staff pages in a real headless Chromium (Debian's
// /usr/bin/chromium, driven by playwright-core), with axe-core checking WCAG 2.1 A and AA on
// every page visited.
//
//   node tests/e2e/handler.e2e.mjs <base url> <handler> <password> <TOTP secret> <reference>
//     A case handler in Eksjö (0686) logs in with password and code, lands on the inbox, filters
//     it by e-service, opens the errand <reference> (a school transport application with a
//     certificate), downloads the certificate, meets the note form's error summary (an empty
//     note), adds a note, writes to the citizen, assigns the errand to themselves and closes it.
//     Prints "ok: ..." on success.
// Run by tests/services/eservices/handler_e2e_test.cpp, which starts the platform, submits the
// errand and creates the user. Exits non-zero on the first failure, printing why.
import {
  actions, audit, check, cspViolations, launch, path, text, totp, visited, watchCsp,
} from './browser.mjs';

const [base, handler, password, secret, reference] = process.argv.slice(2);
if (!base || !handler || !password || !secret || !reference) {
  throw new Error('usage: handler.e2e.mjs <base url> <handler> <password> <TOTP secret> <reference>');
}
const section = '/staff/0686/arenden';
const errand = `${section}/${reference}`;
const { activate, fill } = actions(false);

const browser = await launch();
try {
  const context = await browser.newContext({ ignoreHTTPSErrors: true, acceptDownloads: true });
  const page = await context.newPage();
  watchCsp(page);

  // The inbox asks for a login and comes back after it.
  await page.goto(`${base}${section}`);
  check(path(page) === '/staff/logga-in', `the login page, at ${page.url()}`);
  await fill(page, '#username', handler);
  await fill(page, '#password', password);
  await fill(page, '#code', totp(secret));
  await activate(page, 'form[action="/staff/logga-in"] button[type=submit]');
  check(path(page) === section, `the inbox after the login, at ${page.url()}`);
  check(await page.isVisible(`table.errands a[href="${errand}"]`), 'the inbox lists the errand');
  await audit(page, 'inbox');

  // Filtered by e-service (GET, no script).
  await page.selectOption('#tjanst', 'skolskjuts');
  await activate(page, 'form.filters button[type=submit]');
  check(new URL(page.url()).searchParams.get('tjanst') === 'skolskjuts', `the filter is in the URL: ${page.url()}`);
  check((await page.locator('table.errands tbody tr').count()) === 1, 'one school transport errand');
  await audit(page, 'inbox filtered');

  // The errand, its answers under the form's labels, the certificate as a download.
  await activate(page, `table.errands a[href="${errand}"]`);
  check(path(page) === errand, `the errand, at ${page.url()}`);
  check((await text(page, 'dl.answers div:has(dt:text-is("Barnets namn")) dd')) === 'Bertil Andersson',
    'the child\'s name under its label');
  await audit(page, 'errand');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('dl.answers a[download]')]);
  check(download.suggestedFilename() === 'läkarintyg.pdf', `the file's name: ${download.suggestedFilename()}`);

  // An empty note: the error summary, whose link leads to the field.
  await activate(page, 'form[action$="/anteckningar"] button[type=submit]');
  check(await page.isVisible('.error-summary a[href="#note"]'), 'the error summary links to the note');
  check((await page.getAttribute('#note', 'aria-invalid')) === 'true', 'the note is marked');
  await audit(page, 'errand with a refused note');
  await page.click('.error-summary a[href="#note"]');
  check(await page.evaluate(() => document.activeElement.id === 'note'), 'the error link focuses the note');

  await fill(page, '#note', 'Ring skolan om skjutsen.');
  await activate(page, 'form[action$="/anteckningar"] button[type=submit]');
  check((await text(page, 'ol.notes li p.body')) === 'Ring skolan om skjutsen.', 'the note is shown');
  await fill(page, '#message', 'Vi har tagit emot ansökan och återkommer.');
  await activate(page, 'form[action$="/meddelanden"] button[type=submit]');
  check((await text(page, 'ol.messages li p.body')) === 'Vi har tagit emot ansökan och återkommer.',
    'the message is shown');
  await activate(page, 'button[value="mig"]');
  check((await text(page, '#errand-assigned')) === handler, 'assigned to the handler');
  await page.selectOption('#status', 'closed');
  await activate(page, 'form[action$="/status"] button[type=submit]');
  check((await text(page, '#errand-status')) === 'Avslutat', 'the errand is closed');
  check((await page.locator('table.history tbody tr').count()) >= 5, 'the history shows the steps');
  await audit(page, 'closed errand');

  check(cspViolations.length === 0, `CSP violations: ${cspViolations.join('; ')}`);
  console.log(`ok: errand ${reference} closed; axe found no WCAG 2.1 A/AA violations on ${visited.length} pages: `
    + `${visited.join(', ')}`);
} finally {
  await browser.close();
}
