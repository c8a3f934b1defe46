// End-to-end test of the citizen's notices in a real headless Chromium (Debian's
// /usr/bin/chromium, driven by playwright-core), with axe-core checking WCAG 2.1 A and AA:
//
//   node tests/e2e/notices.e2e.mjs <base url> <client id> <client secret> <reference>
//     the citizen logs in with BankID (the simulator) and opens Mina sidor, where <reference>
//     (an errand of theirs) is listed; chooses notices by e-mail and SMS with a bad address and
//     a landline number first (the error summary, its links, the fields marked), then good
//     ones (the confirmation, the choice shown again); a handler (the API client of Eksjö, with
//     errands:write) then writes to the citizen through the API.
// Run by tests/services/eservices/notices_e2e_test.cpp, which starts the platform with an SMTP
// sink and the SMS gateway simulator and checks that the notice reached both. Exits non-zero
// on the first failure, printing why.
import { actions, audit, check, cspViolations, launch, request, visited, watchCsp } from './browser.mjs';

const [base, clientId, clientSecret, reference] = process.argv.slice(2);
if (!base || !clientId || !clientSecret || !reference) {
  throw new Error('usage: notices.e2e.mjs <base url> <client id> <client secret> <reference>');
}
const { activate, fill, choose } = actions(false);

const browser = await launch();
try {
  const context = await browser.newContext({ ignoreHTTPSErrors: true });
  const page = await context.newPage();
  watchCsp(page);

  // Log in: Mina sidor sends us to BankID; the simulator completes as its clock moves on.
  await page.goto(`${base}/e/0686/mina-sidor`);
  check(page.url().includes('/e/0686/logga-in'), `Mina sidor needs login, at ${page.url()}`);
  // The BankID page collects by itself and moves on when the login is complete.
  await activate(page, 'button[type=submit]');
  await page.waitForURL((url) => url.pathname === '/e/0686/mina-sidor', { timeout: 30000 });
  check(page.url().endsWith('/e/0686/mina-sidor'), `back on Mina sidor after login, at ${page.url()}`);
  check((await page.textContent('table.errands')).includes(reference), `Mina sidor lists ${reference}`);
  check(await page.isVisible('#notice-by-email'), 'e-mail notices are offered');
  check(await page.isVisible('#notice-by-sms'), 'SMS notices are offered (Eksjö binds an SMS gateway)');
  await audit(page, 'Mina sidor with the notice choices');

  // A bad address and a landline number: the error summary, each field marked.
  await choose(page, '#notice-by-email');
  await choose(page, '#notice-by-sms');
  await fill(page, '#notice-email', 'anna.example.se');
  await fill(page, '#notice-mobile', '036-10 50 00');
  await activate(page, 'form[action^="/e/0686/mina-sidor/aviseringar"] button[type=submit]');
  check(await page.isVisible('.error-summary'), 'the error summary is shown');
  check((await page.getAttribute('#notice-email', 'aria-invalid')) === 'true', 'the address is marked invalid');
  check((await page.getAttribute('#notice-mobile', 'aria-invalid')) === 'true', 'the number is marked invalid');
  check((await page.textContent('#notice-mobile-error')).includes('inte ett mobilnummer'),
    'the number\'s error says why');
  check((await page.inputValue('#notice-email')) === 'anna.example.se', 'the address is kept as typed');
  check(await page.isChecked('#notice-by-sms'), 'the choice is kept');
  check((await page.title()).startsWith('Fel:'), 'the title says there is an error');
  await audit(page, 'Mina sidor with errors in the notice choices');
  await page.click('.error-summary a[href="#notice-mobile"]');
  check(await page.evaluate(() => document.activeElement.id === 'notice-mobile'), 'the error link focuses the field');

  // Fixed: saved, confirmed, and shown again as saved (the number in international form).
  await fill(page, '#notice-email', 'anna@example.se');
  await fill(page, '#notice-mobile', '070-123 45 67');
  await activate(page, 'form[action^="/e/0686/mina-sidor/aviseringar"] button[type=submit]');
  check(page.url().endsWith('/e/0686/mina-sidor?sparat=1'), `back on Mina sidor, at ${page.url()}`);
  check(await page.isVisible('.confirmation'), 'the choice is confirmed');
  check((await page.inputValue('#notice-email')) === 'anna@example.se', 'the address is shown');
  check((await page.inputValue('#notice-mobile')) === '+46701234567', 'the number is shown');
  check(await page.isChecked('#notice-by-email') && await page.isChecked('#notice-by-sms'), 'both chosen');
  await audit(page, 'Mina sidor with the notice choices saved');

  // The English page offers the same.
  await page.goto(`${base}/e/0686/mina-sidor?lang=en`);
  check((await page.textContent('#notices-heading')).includes('Notices'), 'the heading in English');
  await audit(page, 'Mina sidor in English');

  // A handler writes to the citizen through the API (a context of its own: no browser cookies).
  const api = await request.newContext({ ignoreHTTPSErrors: true, baseURL: base });
  const tokenResponse = await api.post('/oauth/token', {
    form: { grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret },
  });
  check(tokenResponse.status() === 200, `a token for the handler's client: ${tokenResponse.status()}`);
  const auth = { Authorization: `Bearer ${(await tokenResponse.json()).access_token}` };
  const sent = await api.post(`/api/v1/municipalities/0686/errands/${reference}/messages`,
    { headers: auth, data: { body: 'Hej! Kan du skicka en bild på skadan?' } });
  check(sent.status() === 201, `the handler's message is sent: ${sent.status()} ${await sent.text()}`);
  await api.dispose();

  check(cspViolations.length === 0, `CSP violations: ${cspViolations.join('; ')}`);
  console.log(`ok: notices: ${reference}; axe found no WCAG 2.1 A/AA violations on ${visited.length} pages: ${visited.join(', ')}`);
} finally {
  await browser.close();
}
