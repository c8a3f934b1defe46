// End-to-end test of the publisher's staff pages in a real headless Chromium (Debian's
// /usr/bin/chromium, driven by playwright-core), with axe-core checking WCAG 2.1 A and AA on
// every staff page visited.
//
//   node tests/e2e/publisher.e2e.mjs <base url> <publisher> <password> <TOTP secret>
//     An e-service editor of Nässjö (0682) logs in with password and code, opens the shared
//     catalogue, opens the street fault report Eksjö piloted, meets the form's error summary (an
//     English title without a Swedish one), adopts the service with a local title, unit and
//     contact, reads the version's page and previews the form; then the citizen page of Nässjö
//     lists the service under the local title. Prints "ok: ..." on success.
// Run by tests/services/eservices/publisher_e2e_test.cpp, which starts the platform and creates
// the user. Exits non-zero on the first failure, printing why.
import {
  actions, audit, check, cspViolations, launch, path, text, totp, visited, watchCsp,
} from './browser.mjs';

const [base, publisher, password, secret] = process.argv.slice(2);
if (!base || !publisher || !password || !secret) {
  throw new Error('usage: publisher.e2e.mjs <base url> <publisher> <password> <TOTP secret>');
}
const section = '/staff/0682/e-tjanster';
const service = `${section}/felanmalan-gata-park`;
const localTitle = 'Felanmälan gata och park i Nässjö';
const { activate, fill } = actions(false);

const browser = await launch();
try {
  const context = await browser.newContext({ ignoreHTTPSErrors: true });
  const page = await context.newPage();
  watchCsp(page);

  // The catalogue asks for a login and comes back after it.
  await page.goto(`${base}${section}`);
  check(path(page) === '/staff/logga-in', `the login page, at ${page.url()}`);
  await fill(page, '#username', publisher);
  await fill(page, '#password', password);
  await fill(page, '#code', totp(secret));
  await activate(page, 'form[action="/staff/logga-in"] button[type=submit]');
  check(path(page) === section, `the catalogue after the login, at ${page.url()}`);
  const row = 'table.catalogue tr:has(a[href$="/felanmalan-gata-park"])';
  check((await text(page, `${row} td:nth-child(2)`)) === 'Eksjö', 'Eksjö piloted the fault report');
  check((await text(page, `${row} td:nth-child(5)`)) === 'Inte införd', 'not adopted in Nässjö yet');
  await audit(page, 'catalogue');

  // The service: who offers it, and the form to adopt it.
  await activate(page, `${row} a`);
  check(path(page) === service, `the service, at ${page.url()}`);
  check((await text(page, '#service-pilot')) === 'Eksjö', 'the pilot is named');
  await audit(page, 'service');

  // An English title without a Swedish one: the error summary, whose link leads to the field.
  await fill(page, '#title_en', 'Street and park fault report in Nässjö');
  await activate(page, 'form.publish button[type=submit]');
  check(await page.isVisible('.error-summary a[href="#title_sv"]'), 'the error summary links to the title');
  check((await page.getAttribute('#title_sv', 'aria-invalid')) === 'true', 'the title is marked');
  check((await page.inputValue('#title_en')) === 'Street and park fault report in Nässjö', 'the English title kept');
  await audit(page, 'service with a refused title');
  await page.click('.error-summary a[href="#title_sv"]');
  check(await page.evaluate(() => document.activeElement.id === 'title_sv'), 'the error link focuses the title');

  // Adopted with a local title, unit and contact.
  await fill(page, '#title_sv', localTitle);
  await page.selectOption('#unit', 'gatuenheten');
  await fill(page, '#contact', 'Gatuenheten, 0380-51 80 00');
  await activate(page, 'form.publish button[type=submit]');
  check(path(page) === service, `back on the service, at ${page.url()}`);
  check((await text(page, '#our-status')) === 'Publicerad, version 1', 'published in Nässjö');
  check((await text(page, '#our-title')) === localTitle, 'under the local title');
  await audit(page, 'adopted service');

  // The version's page and the preview of its form.
  await activate(page, 'ul.versions a');
  check(path(page) === `${service}/versioner/1`, `the version, at ${page.url()}`);
  await audit(page, 'version');
  await activate(page, 'a[href$="/forhandsgranskning"]');
  check(path(page) === `${service}/versioner/1/forhandsgranskning`, `the preview, at ${page.url()}`);
  check((await text(page, '.citizen-preview .service-name')) === localTitle, 'the preview shows the local title');
  check((await page.locator('main form[method=post]').count()) === 0, 'nothing to send from the preview');
  await audit(page, 'preview');

  // The citizens of Nässjö see it, under the local title.
  await page.goto(`${base}/e/0682`);
  const link = page.locator('a[href*="/e/0682/tjanst/felanmalan-gata-park"]');
  check((await link.count()) === 1, 'the citizen page lists the fault report');
  check((await link.first().textContent()).trim() === localTitle, `under the local title: ${await link.first().textContent()}`);

  check(cspViolations.length === 0, `CSP violations: ${cspViolations.join('; ')}`);
  console.log(`ok: Nässjö adopted the fault report as "${localTitle}"; axe found no WCAG 2.1 A/AA violations on `
    + `${visited.length} pages: ${visited.join(', ')}`);
} finally {
  await browser.close();
}
