// End-to-end test of the new employee's pages before day one in a real headless Chromium
// (Debian's /usr/bin/chromium, driven by playwright-core), with axe-core on every page visited.
//
//   node tests/e2e/hiring_welcome.e2e.mjs <invitation link> <hire id>
//     The new employee opens the link from the invitation mail, logs in with BankID (the
//     simulator completes the order its person requires), sees the overview (first day,
//     workplace, manager, account, what is ordered and its state) and activates the account.
//     The link then no longer logs in.
//     Prints "ok: hire <id> activated; ..." on success.
// Run by tests/services/hiring/hiring_e2e_test.cpp after hiring_contract.e2e.mjs. Exits
// non-zero on the first failure, printing why.
import { actions, audit, check, cspViolations, launch, visited, watchCsp } from './browser.mjs';

const [link, id] = process.argv.slice(2);
if (!link || !id) throw new Error('usage: hiring_welcome.e2e.mjs <invitation link> <hire id>');
const loginDeadlineMs = 30000;
const { activate } = actions(false);

function path(page) {
  return new URL(page.url()).pathname;
}

async function fact(page, term) {
  return page.$$eval('dl.facts dt', (terms, t) => {
    const found = terms.find((d) => d.textContent.trim() === t);
    return found ? found.nextElementSibling.textContent.trim() : null;
  }, term);
}

const browser = await launch();
try {
  const page = await (await browser.newContext({ ignoreHTTPSErrors: true })).newPage();
  watchCsp(page);

  const opened = await page.goto(link);
  check(opened.status() === 200, `the invitation's page opens: ${opened.status()}`);
  check((await page.textContent('h1')).trim() === 'Välkommen!', 'the welcome page');
  check(!(await page.textContent('main')).includes('Anna'), 'no name before BankID');
  await audit(page, 'welcome, before login');

  await activate(page, 'button[type=submit]');
  check(/\/inloggning\/[0-9a-f]{32}$/.test(path(page)), `the BankID page, at ${page.url()}`);
  check((await page.textContent('.qr code')).startsWith('bankid.'), 'the QR content is shown');
  await audit(page, 'welcome, BankID pending');
  const deadline = Date.now() + loginDeadlineMs;
  while ((await page.textContent('h1')).trim() === 'Logga in med BankID') {
    check(Date.now() < deadline, `BankID completes within ${loginDeadlineMs} ms`);
    await page.waitForTimeout(500);
    await activate(page, 'form[method=get] button[type=submit]');
  }
  check((await page.textContent('h1')).trim() === 'Välkommen, Anna!', `the overview: ${await page.textContent('h1')}`);
  check((await fact(page, 'Chef')) === 'Karin Lund', 'the manager is named');
  check(/^\d{4}-\d{2}-\d{2}$/.test(await fact(page, 'Första dag')), 'the first day is shown');
  check((await fact(page, 'Anställningsavtal')) === 'Underskrivet', 'the contract is signed');
  const states = await page.$$eval('table.orders tbody tr', (rows) => rows.map((r) => r.cells[1].textContent.trim()));
  check(states.length === 5 && states.every((s) => s === 'Klar'), `every order is done: ${states.join(', ')}`);
  await audit(page, 'welcome, overview');

  await activate(page, 'form[action*="/aktivera"] button[type=submit]');
  check((await page.textContent('p.status')).includes('Aktiveringen är beställd'), 'the activation is ordered');
  check(!(await page.isVisible('form[action*="/aktivera"]')), 'no second activation');
  await audit(page, 'welcome, activated');

  // The link does not log in again.
  await page.goto(link);
  check((await page.textContent('main')).includes('Länken har redan använts'), 'the link is used up');
  await audit(page, 'welcome, link used');

  check(cspViolations.length === 0, `CSP violations: ${cspViolations.join('; ')}`);
  console.log(`ok: hire ${id} activated; axe found no WCAG 2.1 A/AA violations on ${visited.length} pages: `
    + `${visited.join(', ')}`);
} finally {
  await browser.close();
}
