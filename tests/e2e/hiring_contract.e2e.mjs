// End-to-end test of the employment contract's signature in a real headless Chromium (Debian's
// /usr/bin/chromium, driven by playwright-core), with axe-core on every page visited.
//
//   node tests/e2e/hiring_contract.e2e.mjs <signing link> <base url> <manager> <password> <TOTP secret> <hire id>
//     The new employee opens the link from the contract's letter (delivered to the Mina
//     meddelanden simulator), sees the contract's facts and checksum, starts BankID, sees the QR
//     code and presses "Kontrollera" until the BankID simulator completes the order (the person
//     the order requires signs), and sees the contract signed. Then the manager logs in and sees
//     "Signerat" on the hire's page, and downloads the PDF.
//     Prints "ok: contract of hire <id> signed; ..." on success.
// Run by tests/services/hiring/hiring_e2e_test.cpp after hiring.e2e.mjs. Exits non-zero on the
// first failure, printing why.
import { actions, audit, check, cspViolations, launch, totp, visited, watchCsp } from './browser.mjs';

const [link, base, manager, password, secret, id] = process.argv.slice(2);
if (!link || !base || !manager || !password || !secret || !id) {
  throw new Error('usage: hiring_contract.e2e.mjs <signing link> <base url> <manager> <password> <TOTP secret> <hire id>');
}
// The BankID simulator completes an order 2 s after it starts.
const signDeadlineMs = 30000;
const { activate, fill } = actions(false);

function path(page) {
  return new URL(page.url()).pathname;
}

/// The value of a fact on a page's <dl class="facts"> (its <dt> text), flat or grouped in divs.
async function fact(page, term) {
  return page.$$eval('dl.facts dt', (terms, t) => {
    const found = terms.find((d) => d.textContent.trim() === t);
    return found ? found.nextElementSibling.textContent.trim() : null;
  }, term);
}

const browser = await launch();
try {
  const context = await browser.newContext({ ignoreHTTPSErrors: true });
  const page = await context.newPage();
  watchCsp(page);

  // The employee's page: the contract's facts, no personal data, and the way to sign.
  const opened = await page.goto(link);
  check(opened.status() === 200, `the signing page opens: ${opened.status()}`);
  check((await page.textContent('h1')).trim() === 'Ditt anställningsavtal', 'the contract page\'s heading');
  check((await fact(page, 'Anställningsnummer')) === id, 'the page names the employment');
  const checksum = await fact(page, 'Kontrollsumma (SHA-256)');
  check(/^[0-9a-f]{64}$/.test(checksum), `the checksum is shown: ${checksum}`);
  check((await fact(page, 'Status')) === 'Väntar på din underskrift', 'waiting for the signature');
  check(!(await page.textContent('main')).includes('Andersson'), 'no name before BankID');
  await audit(page, 'contract, to sign');

  // BankID: the QR code, the checksum the app shows, and "Kontrollera" until it is done.
  await activate(page, 'button[type=submit]');
  check(/\/underskrift\/[0-9a-f]{32}$/.test(path(page)), `the BankID page, at ${page.url()}`);
  check((await page.textContent('.qr code')).startsWith('bankid.'), 'the QR content is shown');
  check((await page.textContent('main')).includes(checksum), 'the page shows the checksum the app shows');
  await audit(page, 'BankID signing, pending');
  const deadline = Date.now() + signDeadlineMs;
  while (path(page).includes('/underskrift/')) {
    check(Date.now() < deadline, `BankID completes within ${signDeadlineMs} ms`);
    await page.waitForTimeout(500);
    await activate(page, 'form[method=get] button[type=submit]');
  }
  check((await fact(page, 'Status')) === 'Underskrivet', `signed: ${await fact(page, 'Status')}`);
  check(await page.isVisible('p.status'), 'the page says when it was signed');
  await audit(page, 'contract, signed');
  // The English version of the same page.
  await activate(page, 'a[hreflang=en]');
  check((await page.textContent('h1')).trim() === 'Your employment contract', 'the English page');
  await audit(page, 'contract, signed, English');

  // The manager sees it signed on the hire's page, and gets the PDF.
  const staff = await (await browser.newContext({ ignoreHTTPSErrors: true })).newPage();
  watchCsp(staff);
  await staff.goto(`${base}/staff/1814/anstallningar/${id}`);
  await fill(staff, '#username', manager);
  await fill(staff, '#password', password);
  await fill(staff, '#code', totp(secret, 1));
  await activate(staff, 'form[action="/staff/logga-in"] button[type=submit]');
  check(path(staff) === `/staff/1814/anstallningar/${id}`, `the hire's page, at ${staff.url()}`);
  const contract = await staff.$$eval('dl.facts > div', (items) => {
    const item = items.find((i) => i.querySelector('dt').textContent.trim() === 'Avtal');
    return item ? item.querySelector('dd').textContent.trim() : null;
  });
  check(contract && contract.startsWith('Signerat'), `the manager sees the contract signed: ${contract}`);
  await audit(staff, 'hire, contract signed');
  const pdf = await staff.request.get(`${base}/staff/1814/anstallningar/${id}/avtal.pdf`);
  check(pdf.status() === 200 && pdf.headers()['content-type'] === 'application/pdf', `the PDF: ${pdf.status()}`);
  check((await pdf.body()).subarray(0, 5).toString() === '%PDF-', 'a PDF');

  check(cspViolations.length === 0, `CSP violations: ${cspViolations.join('; ')}`);
  console.log(`ok: contract of hire ${id} signed; axe found no WCAG 2.1 A/AA violations on ${visited.length} pages: `
    + `${visited.join(', ')}`);
} finally {
  await browser.close();
}
