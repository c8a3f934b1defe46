// End-to-end test of the administrator's staff pages in a real headless Chromium (Debian's
// /usr/bin/chromium, driven by playwright-core), with axe-core checking WCAG 2.1 A and AA on
// every staff page visited.
//
//   node tests/e2e/admin.e2e.mjs <base url> <administrator> <password> <TOTP secret>
//     An administrator of Eksjö (0686) logs in, lists the staff, meets the error summary of a
//     refused new user (no role), creates a user with a role (the one-time password shown once),
//     creates an API client (the secret shown once, not on the list after), revokes it, browses
//     the audit log filtered by action, and verifies the chain. Prints "ok: ..." and the user's
//     one-time password, the client's id and secret ("user-password: ...", "client: ID SECRET")
//     for the C++ test to check.
// Run by tests/services/server/admin_e2e_test.cpp, which starts the platform and creates the
// administrator. Exits non-zero on the first failure, printing why.
import {
  actions, audit, check, cspViolations, launch, staffLogIn, text, visited, watchCsp,
} from './browser.mjs';

const [base, administrator, password, secret] = process.argv.slice(2);
if (!base || !administrator || !password || !secret) {
  throw new Error('usage: admin.e2e.mjs <base url> <administrator> <password> <TOTP secret>');
}
const section = '/staff/0686/administration';
const act = actions(false);
const { activate, fill, choose } = act;

const browser = await launch();
try {
  const context = await browser.newContext({ ignoreHTTPSErrors: true });
  const page = await context.newPage();
  watchCsp(page);

  // The users' list asks for a login and comes back after it.
  await staffLogIn(page, act, base, section, administrator, password, secret);
  check((await page.locator(`table td:text-is("${administrator}")`).count()) === 1, 'the administrator is listed');
  check((await page.locator('nav.staff-nav a[href$="/administration"]').count()) === 1, 'in the navigation');
  await audit(page, 'users');

  // A new user without a role: the error summary, the field marked, the input kept.
  await activate(page, `a[href="${section}/anvandare/ny"]`);
  await audit(page, 'new user');
  await fill(page, '#username', 'rita.registrator');
  await fill(page, '#display_name', 'Rita Registrator');
  await activate(page, 'form[action$="/anvandare/ny"] button[type=submit]');
  check(await page.isVisible('.error-summary a[href="#roles"]'), 'the error summary links to the roles');
  check((await page.inputValue('#username')) === 'rita.registrator', 'the user name kept');
  await audit(page, 'new user refused');

  // Created with the registrar's role: the one-time password, once.
  await choose(page, '#role-registrar');
  await activate(page, 'form[action$="/anvandare/ny"] button[type=submit]');
  const userPassword = await text(page, '#initial-password');
  check(userPassword.length === 24, `a one-time password: ${userPassword}`);
  await audit(page, 'user created');
  await activate(page, 'main a[href*="/anvandare/"]');
  check((await page.isChecked('#role-registrar')), 'the user holds the role');
  check(!(await page.content()).includes(userPassword), 'the password is not on the user page');
  await audit(page, 'user');

  // An API client: its secret on the page after creation, never again; then revoked.
  await activate(page, `nav.section-nav a[href="${section}/api-klienter"]`);
  await audit(page, 'API clients');
  await choose(page, '#scope-errands-read');
  await activate(page, 'form[action$="/api-klienter"] button[type=submit]');
  const clientId = await text(page, '#client-id');
  const clientSecret = await text(page, '#client-secret');
  check(clientSecret.startsWith('svs_'), `a client secret: ${clientSecret}`);
  await audit(page, 'client created');
  await activate(page, `main a[href="${section}/api-klienter"]`);
  check(!(await page.content()).includes(clientSecret), 'the secret is not on the list');
  check((await page.locator(`table code:text-is("${clientId}")`).count()) === 1, 'the client is listed');
  await activate(page, `form[action$="/api-klienter/${clientId}/aterkalla"] button`);
  check((await page.locator(`form[action$="/api-klienter/${clientId}/aterkalla"]`).count()) === 0, 'revoked');
  await audit(page, 'API clients after the revocation');

  // The audit log: the revocation and the creation, newest first; then the verification.
  await activate(page, `nav.section-nav a[href="${section}/granskningslogg"]`);
  await audit(page, 'audit log');
  await fill(page, '#handling', 'api-client.');
  await activate(page, 'form.filters button[type=submit]');
  const actionsShown = await page.locator('table tbody tr td:nth-child(4)').allTextContents();
  check(actionsShown.join(',') === 'api-client.revoke,api-client.create', `filtered: ${actionsShown}`);
  await audit(page, 'audit log filtered');
  await activate(page, 'form[action$="/granskningslogg/verifiering"] button');
  const verdict = await text(page, '#verify-result');
  check(verdict.startsWith('Kedjan är hel'), `the chain is intact: ${verdict}`);
  await audit(page, 'verification');

  check(cspViolations.length === 0, `CSP violations: ${cspViolations.join('; ')}`);
  console.log(`ok: axe found no WCAG 2.1 A/AA violations on ${visited.length} pages: ${visited.join(', ')}`);
  console.log(`user-password: ${userPassword}`);
  console.log(`client: ${clientId} ${clientSecret}`);
} finally {
  await browser.close();
}
