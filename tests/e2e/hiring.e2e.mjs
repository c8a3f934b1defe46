// End-to-end test of the hiring process in a real headless Chromium (Debian's /usr/bin/chromium,
// driven by playwright-core), with axe-core checking WCAG 2.1 A and AA on every page visited.
//
//   node tests/e2e/hiring.e2e.mjs <base url> <manager> <password> <TOTP secret>
//                                 <other member's manager> <password> <TOTP secret>
//     A manager in Lekeberg (1814) with the unit kontaktcenter logs in with password and code,
//     opens the form, submits it with one error (a private e-mail address without @), meets the
//     error summary, follows its link to the field, fixes it and submits; the hire's page is
//     shown. The page is reloaded until every order is done (the workers place them with the
//     system simulators, which confirm them after a short delay) and the hire is ready for day
//     one; the dashboard lists it as ready. Then a manager in Askersund (1882) logs in and gets
//     the 404 page for the hire, in Lekeberg and under their own member.
//     Prints "ok: hire <id> is ready; ..." on success.
// Run by tests/services/hiring/hiring_e2e_test.cpp, which starts the platform and the
// simulators and creates the users. Exits non-zero on the first failure, printing why.
import { actions, audit, check, cspViolations, launch, totp, visited, watchCsp } from './browser.mjs';

const [base, manager, password, secret, otherManager, otherPassword, otherSecret] = process.argv.slice(2);
if (!base || !manager || !password || !secret || !otherManager || !otherPassword || !otherSecret) {
  throw new Error('usage: hiring.e2e.mjs <base url> <manager> <password> <TOTP secret> '
    + '<other manager> <password> <TOTP secret>');
}
const section = '/staff/1814/anstallningar';
// How long the orders may take: five orders, each placed and then followed with the job
// queue's backoff (1-2 s, then 2-4 s, ...) while the simulators confirm after 200 ms.
const ordersDeadlineMs = 60000;

// A valid personnummer (Luhn check digit) born 1990-01-01.
function personnummer(serial) {
  const digits = `900101${serial}`;
  let sum = 0;
  for (let i = 0; i < digits.length; i += 1) {
    const d = Number(digits[i]) * (i % 2 === 0 ? 2 : 1);
    sum += Math.floor(d / 10) + (d % 10);
  }
  return `19${digits}${(10 - (sum % 10)) % 10}`;
}

// A weekday six weeks from now (the service levels count working days back from it).
function startDate() {
  const day = new Date(Date.now() + 42 * 24 * 3600 * 1000);
  while (day.getUTCDay() === 0 || day.getUTCDay() === 6) day.setUTCDate(day.getUTCDate() + 1);
  return day.toISOString().slice(0, 10);
}

const { activate, fill, choose } = actions(false);

function path(page) {
  return new URL(page.url()).pathname;
}

async function logIn(page, username, pass, base32) {
  check(path(page) === '/staff/logga-in', `the login page, at ${page.url()}`);
  await fill(page, '#username', username);
  await fill(page, '#password', pass);
  await fill(page, '#code', totp(base32));
  await activate(page, 'form[action="/staff/logga-in"] button[type=submit]');
}

/// The hire's orders as the page's table shows them: [{kind, status}].
async function orders(page) {
  return page.$$eval('table.orders tbody tr', (rows) => rows.map((row) => ({
    kind: row.cells[0].textContent.trim(),
    status: row.cells[2].textContent.trim(),
  })));
}

/// The value of a fact on the hire's page (its <dt> text).
async function fact(page, term) {
  return page.$$eval('dl.facts > div', (items, t) => {
    const item = items.find((i) => i.querySelector('dt').textContent.trim() === t);
    return item ? item.querySelector('dd').textContent.trim() : null;
  }, term);
}

const browser = await launch();
try {
  const context = await browser.newContext({ ignoreHTTPSErrors: true });
  const page = await context.newPage();
  watchCsp(page);

  // The form asks for a login first, and comes back after it.
  await page.goto(`${base}${section}/ny`);
  await logIn(page, manager, password, secret);
  check(path(page) === `${section}/ny`, `the form after the login, at ${page.url()}`);
  check((await page.textContent('h1')).trim() === 'Ny anställning', 'the form\'s heading');
  await audit(page, 'hiring form');

  // The form, all of it right except the private e-mail address.
  await fill(page, '#givenName', 'Anna');
  await fill(page, '#familyName', 'Andersson');
  await fill(page, '#personnummer', personnummer('001'));
  await fill(page, '#privateEmail', 'anna.privat.example.com');
  await fill(page, '#mobile', '070-123 45 67');
  await choose(page, 'input[name=employmentType][value=permanent]');
  await fill(page, '#startDate', startDate());
  await fill(page, '#title', 'Handläggare');
  await page.selectOption('#unit', 'kontaktcenter');
  await choose(page, 'input[name=equipment][value=telefon]');
  await choose(page, 'input[name=equipment][value=dator]');
  await choose(page, 'input[name=cardAreas][value=KOMMUNHUSET]');
  await choose(page, 'input[name=roles][value="felanmalan/handlaggare"]');
  await fill(page, '#employmentRate', '100');
  await fill(page, '#monthlySalary', '32000');
  await activate(page, 'button[name=action][value=skicka]');

  // The error summary names the one problem and leads to the field, the values kept.
  check(path(page) === `${section}/ny`, `the form again, at ${page.url()}`);
  check(await page.isVisible('.error-summary'), 'the error summary is shown');
  check((await page.title()).startsWith('Fel'), `the title says there are errors: ${await page.title()}`);
  const links = await page.$$eval('.error-summary a', (as) => as.map((a) => a.getAttribute('href')));
  check(links.length === 1 && links[0] === '#privateEmail', `one error, the e-mail address: ${links.join(', ')}`);
  check((await page.getAttribute('#privateEmail', 'aria-invalid')) === 'true', 'the e-mail field is marked');
  check((await page.getAttribute('#privateEmail', 'aria-describedby')).includes('privateEmail-error'),
    'the field is described by its error message');
  check(await page.isVisible('#privateEmail-error'), 'the message is beside the field');
  check((await page.inputValue('#givenName')) === 'Anna', 'the values are kept');
  check(await page.isChecked('input[name=roles][value="felanmalan/handlaggare"]'), 'the choices are kept');
  await audit(page, 'hiring form with an error');
  await page.click('.error-summary a[href="#privateEmail"]');
  check(await page.evaluate(() => document.activeElement.id === 'privateEmail'), 'the error link focuses the field');

  // Fixed and submitted: the hire's page.
  await fill(page, '#privateEmail', 'anna.privat@example.com');
  await activate(page, 'button[name=action][value=skicka]');
  const match = path(page).match(/^\/staff\/1814\/anstallningar\/([0-9]+)$/);
  check(match, `the hire's page, at ${page.url()}`);
  const id = match[1];
  check((await page.textContent('h1')).trim() === 'Anna Andersson', 'the hire\'s page names the employee');
  check((await fact(page, 'Anställningsnummer')) === id, 'the page shows the employment number');
  const placed = await orders(page);
  check(placed.length === 5, `five orders: ${JSON.stringify(placed)}`);
  check((await fact(page, 'Sista dag (visstid)')) === null, 'no last day for a permanent employment');
  // The contract is drawn up, registered and sent by its own job (hiring_contract.e2e.mjs signs it).
  const contractState = (await fact(page, 'Avtal')) || '';
  check(['Inte upprättat', 'Upprättat', 'Registrerat', 'Skickat'].some((s) => contractState.startsWith(s)),
    `the contract's state: ${contractState}`);
  await audit(page, 'hire, just submitted');

  // The workers place the orders and follow them until the systems have carried them out.
  const deadline = Date.now() + ordersDeadlineMs;
  let now = await orders(page);
  while (!now.every((o) => o.status === 'Klar') || (await fact(page, 'Status')) !== 'Klar för första dagen') {
    check(Date.now() < deadline, `the orders are done within ${ordersDeadlineMs} ms: ${JSON.stringify(now)}`);
    check(!now.some((o) => ['Misslyckad', 'Försenad'].includes(o.status)), `no order failed: ${JSON.stringify(now)}`);
    // A reload every quarter second: the page is server-rendered and has no live updates.
    await page.waitForTimeout(250);
    await page.reload({ waitUntil: 'load' });
    now = await orders(page);
  }
  const kinds = now.map((o) => o.kind).sort();
  check(JSON.stringify(kinds) === JSON.stringify(
    ['Anställning (HR)', 'Behörigheter', 'Konto (IT)', 'Passerkort', 'Utrustning (IT)']),
  `one order of each kind: ${kinds.join(', ')}`);
  check((await fact(page, 'Ledtid')) !== 'Inte klar än', 'the lead time is shown');
  await audit(page, 'hire, ready');

  // The dashboard lists the hire as ready, with all its orders done.
  await activate(page, `a[href="${section}"]`);
  check(path(page) === section, `the dashboard, at ${page.url()}`);
  const row = await page.$$eval(`table tbody tr`, (rows, href) => {
    const found = rows.find((r) => r.querySelector(`a[href="${href}"]`));
    return found ? [...found.cells].map((c) => c.textContent.trim()) : null;
  }, `${section}/${id}`);
  check(row, 'the dashboard lists the hire');
  check(row[0] === 'Anna Andersson' && row[2] === 'Kontaktcenter' && row[4] === 'Klar för första dagen'
    && row[6] === '5 / 5', `the hire is ready with 5 of 5 orders done: ${JSON.stringify(row)}`);
  check((await fact(page, 'Anställningar klara för första dagen')) === '1', 'one hire ready in the lead times');
  await audit(page, 'hiring dashboard');
  await activate(page, 'form[action="/staff/logga-ut"] button[type=submit]');

  // A manager of another member: the hire is not there for them.
  const other = await (await browser.newContext({ ignoreHTTPSErrors: true })).newPage();
  watchCsp(other);
  await other.goto(`${base}/staff/1882/anstallningar`);
  await logIn(other, otherManager, otherPassword, otherSecret);
  check(path(other) === '/staff/1882/anstallningar', `Askersund's dashboard, at ${other.url()}`);
  check((await other.textContent('main')).includes('Inga anställningar att visa.'), 'no hires in Askersund');
  const refused = await other.goto(`${base}${section}/${id}`);
  check(refused.status() === 404, `Lekeberg's hire is 404 for Askersund's manager: ${refused.status()}`);
  await audit(other, 'not found, another member\'s hire');
  const elsewhere = await other.goto(`${base}/staff/1882/anstallningar/${id}`);
  check(elsewhere.status() === 404, `the hire is 404 under Askersund too: ${elsewhere.status()}`);

  check(cspViolations.length === 0, `CSP violations: ${cspViolations.join('; ')}`);
  console.log(`ok: hire ${id} is ready; axe found no WCAG 2.1 A/AA violations on ${visited.length} pages: `
    + `${visited.join(', ')}`);
} finally {
  await browser.close();
}
