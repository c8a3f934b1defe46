// End-to-end test of the registrar's staff pages in a real headless Chromium (Debian's
// /usr/bin/chromium, driven by playwright-core), with axe-core checking WCAG 2.1 A and AA on
// every page visited.
//
//   node tests/e2e/registrar.e2e.mjs <base url> <registrar> <password> <TOTP secret> <year>
//     A registrar in Eksjö (0686) logs in with password and code, lands on the diary, reserves a
//     number, registers a case with a party, meets the document form's error summary (secrecy
//     without its OSL provision), registers a secret document (an upload) and a public one, and
//     finds the case in the public register: the secret document's title and the party's name
//     are not there, its provision is. Then the case is moved on and closed, and a second
//     reservation is given up (the reason refused when empty, then the number listed as unused).
//     Prints "ok: ..." on success.
// Run by tests/services/casehandling/registrar_e2e_test.cpp, which starts the platform and
// creates the user. Exits non-zero on the first failure, printing why.
import {
  actions, audit, check, cspViolations, launch, path, staffLogIn, text, visited, watchCsp,
} from './browser.mjs';

const [base, registrar, password, secret, year] = process.argv.slice(2);
if (!base || !registrar || !password || !secret || !year) {
  throw new Error('usage: registrar.e2e.mjs <base url> <registrar> <password> <TOTP secret> <year>');
}
const section = '/staff/0686/diarium';
const casePath = `${section}/arenden/KS-${year}-1`;
const act = actions(false);
const { activate, fill } = act;
const secretTitle = 'Läkarintyg om Tolvans hälsa';
const secretContent = 'Diagnos som ingen annan får läsa';

const browser = await launch();
try {
  const context = await browser.newContext({ ignoreHTTPSErrors: true, acceptDownloads: true });
  const page = await context.newPage();
  watchCsp(page);

  // The diary asks for a login and comes back after it.
  await staffLogIn(page, act, base, section, registrar, password, secret);
  await audit(page, 'diary');

  // A number reserved in KS; the diary lists it with a link to register a case on it.
  await page.selectOption('#reserve-diary', 'KS');
  await fill(page, '#reserve-note', 'Läkarintyg väntas');
  await activate(page, `form[action="${section}/reservationer"] button[type=submit]`);
  check((await text(page, 'table.numbers tbody tr td')) === `KS ${year}/1`, 'the reserved number is listed');
  await audit(page, 'diary with a reservation');
  await activate(page, 'table.numbers a[href*="/nytt?reserverat="]');
  check(path(page) === `${section}/nytt`, `the case form, at ${page.url()}`);
  check((await page.inputValue('#reserved_number')) === `KS ${year}/1`, 'the reserved number is filled in');
  await audit(page, 'case form');

  // Without a title: the error summary, whose link leads to the field.
  await fill(page, '#case_type', 'bostadsanpassning');
  await activate(page, `form[action="${section}/nytt"] button[type=submit]`);
  check(await page.isVisible('.error-summary a[href="#title"]'), 'the error summary links to the title');
  check((await page.getAttribute('#title', 'aria-invalid')) === 'true', 'the title is marked');
  await audit(page, 'case form refused');
  await page.click('.error-summary a[href="#title"]');
  check(await page.evaluate(() => document.activeElement.id === 'title'), 'the error link focuses the title');
  await fill(page, '#title', 'Bostadsanpassning av badrum');
  await fill(page, '#party_identity', '19121212-1212');
  await fill(page, '#party_name', 'Tolvan Tolvansson');
  await fill(page, '#party_role', 'sökande');
  await activate(page, `form[action="${section}/nytt"] button[type=submit]`);
  check(path(page) === casePath, `the case's page, at ${page.url()}`);
  check((await text(page, 'table.parties tbody tr td')) === 'Tolvan Tolvansson', 'the party is shown');
  await audit(page, 'case');

  // A secret document without its provision is refused; then registered with it.
  const upload = (name, body) => ({ name, mimeType: 'text/plain', buffer: Buffer.from(body, 'utf8') });
  await fill(page, '#doc_title', secretTitle);
  await page.check('#counterpart_kind-organisation');
  await fill(page, '#counterpart', 'Vårdcentralen Eksjö');
  await page.setInputFiles('#file', upload('intyg.txt', secretContent));
  await page.check('#doc_secrecy-secret');
  await activate(page, 'form[action$="/handlingar"] button[type=submit]');
  check(await page.isVisible('.error-summary a[href="#doc_reference"]'), 'the summary links to the provision');
  check((await page.inputValue('#doc_title')) === secretTitle, 'the title is kept');
  await audit(page, 'document form refused');
  await page.setInputFiles('#file', upload('intyg.txt', secretContent));
  await page.check('#doc_secrecy-secret');
  await fill(page, '#doc_reference', 'OSL 26 kap. 1 §');
  await activate(page, 'form[action$="/handlingar"] button[type=submit]');
  check(path(page) === casePath, `back on the case, at ${page.url()}`);
  check((await page.locator('table.documents tbody tr').count()) === 1, 'one document');
  await fill(page, '#doc_title', 'Ansökan om bostadsanpassning');
  await page.setInputFiles('#file', upload('ansokan.txt', 'Jag ansöker om anpassning av badrummet.'));
  await activate(page, 'form[action$="/handlingar"] button[type=submit]');
  check((await page.locator('table.documents tbody tr').count()) === 2, 'two documents');
  await audit(page, 'case with documents');
  const [download] = await Promise.all([page.waitForEvent('download'),
    page.click('table.documents tbody tr:first-child a[download]')]);
  check(download.suggestedFilename() === `KS-${year}-1-1.txt`, `the file's name: ${download.suggestedFilename()}`);

  // The public register: the case, the public document, the secret one masked by its provision.
  await page.goto(`${base}${section}`);
  await activate(page, `a[href="${section}/allmanna-registret"]`);
  await fill(page, '#ord', 'bostadsanpassning');
  await activate(page, 'form.filters button[type=submit]');
  check((await page.locator('table.register tbody tr').count()) === 1, 'the case is in the public register');
  const register = await page.content();
  check(register.includes('Ansökan om bostadsanpassning'), 'the public document is listed');
  check(register.includes('Sekretess (OSL 26 kap. 1 §)'), 'the secret document is masked with its provision');
  check(!register.includes(secretTitle), 'the secret document\'s title is not in the public register');
  check(!register.includes(secretContent), 'no content in the public register');
  check(!register.includes('Tolvan'), 'the private party is masked');
  await audit(page, 'public register');

  // Moved on to the end: prepared, decided, closed.
  await page.goto(`${base}${casePath}`);
  for (const status of ['prepared', 'decided', 'closed']) {
    await page.selectOption('#status', status);
    await activate(page, 'form[action$="/status"] button[type=submit]');
  }
  check((await text(page, '#case-status')) === 'Avslutat', 'the case is closed');
  check((await page.locator('form[action$="/handlingar"]').count()) === 0, 'a closed case takes no documents');
  await audit(page, 'closed case');

  // A second reservation given up: its page, the reason refused when empty, then the number
  // listed as unused with who gave it up.
  await page.goto(`${base}${section}?diarium=KS&ar=${year}`);
  await page.selectOption('#reserve-diary', 'KS');
  await activate(page, `form[action="${section}/reservationer"] button[type=submit]`);
  const giveUp = `${section}/reservationer/KS-${year}-2`;
  await activate(page, `table.numbers a[href="${giveUp}"]`);
  check(path(page) === giveUp, `the reservation's page, at ${page.url()}`);
  check((await text(page, 'h1')) === `Ge upp reservationen KS ${year}/2`, 'the page names the number');
  await audit(page, 'reservation');
  await activate(page, `form[action="${giveUp}/ge-upp"] button[type=submit]`);
  check(await page.isVisible('.error-summary a[href="#reason"]'), 'the error summary links to the reason');
  check((await page.getAttribute('#reason', 'aria-invalid')) === 'true', 'the reason is marked');
  await audit(page, 'reservation refused');
  await fill(page, '#reason', 'Ansökan drogs tillbaka');
  await activate(page, `form[action="${giveUp}/ge-upp"] button[type=submit]`);
  check((await text(page, 'table.numbers tbody tr:nth-child(2) td:nth-child(2)')).startsWith('Oanvänt (gavs upp av '),
    'the number is listed as given up');
  check((await page.locator(`a[href="${giveUp}"]`).count()) === 0, 'nothing more to give up');
  await audit(page, 'diary with a given-up number');

  check(cspViolations.length === 0, `CSP violations: ${cspViolations.join('; ')}`);
  console.log(`ok: case KS ${year}/1 registered with a secret document and closed; axe found no WCAG 2.1 A/AA `
    + `violations on ${visited.length} pages: ${visited.join(', ')}`);
} finally {
  await browser.close();
}
