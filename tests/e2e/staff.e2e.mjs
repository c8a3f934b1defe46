// End-to-end test of the staff web's login and shared layout in a real headless Chromium
// (Debian's /usr/bin/chromium, driven by playwright-core), with axe-core checking WCAG 2.1 A
// and AA on every page visited.
//
//   node tests/e2e/staff.e2e.mjs <base url> <mode> <user name> <one-time password>
//     A new staff user (roles in Aneby 0604 and Eksjö 0686, none in Nässjö 0682) logs in with
//     the one-time password, meets the password form's error summary, chooses a password,
//     enrols the authenticator app (this script computes the codes from the secret the page
//     shows, RFC 6238, as an app would), lands on the start page, opens a section, switches
//     member, is refused Nässjö (404), switches to English, logs out, and logs in again with
//     password and code.
//     mode "mouse": clicks and fills; mode "keyboard": Tab, Enter, arrow keys and typing only.
// Run by tests/services/server/staff_e2e_test.cpp, which starts the platform and creates the
// user. Exits non-zero on the first failure, printing why.
import { actions, audit, check, cspViolations, launch, tabTo, totp, visited, watchCsp } from './browser.mjs';

const [base, mode = 'mouse', username, oneTimePassword] = process.argv.slice(2);
if (!base || !username || !oneTimePassword) {
  throw new Error('usage: staff.e2e.mjs <base url> mouse|keyboard <user name> <one-time password>');
}
const keyboard = mode === 'keyboard';
const newPassword = 'en lång mening som lösenord';

const { activate, fill } = actions(keyboard);

function at(page, path) {
  const url = new URL(page.url());
  return url.pathname === path;
}

const browser = await launch();
try {
  const context = await browser.newContext({ ignoreHTTPSErrors: true });
  const page = await context.newPage();
  watchCsp(page);

  // The staff web sends a visitor who is not logged in to the login page.
  await page.goto(`${base}/staff/`);
  check(at(page, '/staff/logga-in'), `the login page, at ${page.url()}`);
  check((await page.getAttribute('html', 'lang')) === 'sv', 'the staff web is in Swedish');
  await audit(page, 'login page');
  if (keyboard) {
    await page.keyboard.press('Tab');
    check(await page.evaluate(() => document.activeElement.classList.contains('skip-link')),
      'the first Tab reaches the skip link');
  }

  // First login: the one-time password, no code yet.
  await fill(page, '#username', username);
  await fill(page, '#password', oneTimePassword);
  await activate(page, 'form[action="/staff/logga-in"] button[type=submit]');
  check(at(page, '/staff/nytt-losenord'), `the password change, at ${page.url()}`);
  await audit(page, 'password change');

  // Two different passwords: the error summary, whose link leads to the field.
  await fill(page, '#new_password', newPassword);
  await fill(page, '#repeat_password', 'något annat helt och hållet');
  await activate(page, 'form[action="/staff/nytt-losenord"] button[type=submit]');
  check(await page.isVisible('.error-summary'), 'the password form\'s error summary is shown');
  check((await page.getAttribute('#repeat_password', 'aria-invalid')) === 'true', 'the repeated password is marked');
  await audit(page, 'password change with errors');
  if (keyboard) {
    await tabTo(page, '.error-summary a[href="#repeat_password"]');
    await page.keyboard.press('Enter');
  } else {
    await page.click('.error-summary a[href="#repeat_password"]');
  }
  check(await page.evaluate(() => document.activeElement.id === 'repeat_password'),
    'the error link focuses the field');
  await fill(page, '#new_password', newPassword);
  await fill(page, '#repeat_password', newPassword);
  await activate(page, 'form[action="/staff/nytt-losenord"] button[type=submit]');
  check(at(page, '/staff/engangskoder'), `the enrolment, at ${page.url()}`);

  // Enrolment: the QR code as an image and the secret as text; a first code confirms it.
  check(await page.isVisible('svg[role=img]'), 'the QR code is shown');
  const qrName = await page.evaluate(() => {
    const svg = document.querySelector('svg[role=img]');
    return document.getElementById(svg.getAttribute('aria-labelledby')).textContent;
  });
  check(qrName.includes('QR'), `the QR code is an image with a text alternative: ${qrName}`);
  const secret = (await page.textContent('#totp-secret')).trim();
  check(secret.replace(/\s/g, '').length === 32, `the secret is shown as text: ${secret}`);
  await audit(page, 'enrolment');
  await fill(page, '#code', String((Number(totp(secret)) + 500000) % 1000000).padStart(6, '0'));
  await activate(page, 'form[action="/staff/engangskoder"] button[type=submit]');
  check(await page.isVisible('#code-error'), 'a wrong code is refused');
  await audit(page, 'enrolment with a wrong code');
  await fill(page, '#code', totp(secret));
  await activate(page, 'form[action="/staff/engangskoder"] button[type=submit]');
  check(at(page, '/staff/0604'), `the start page of Aneby, at ${page.url()}`);
  check((await page.textContent('h1')).trim() === 'Aneby kommun', 'the start page names the member');
  check((await page.textContent('header')).includes('Eva Ek'), 'the header names the user');
  await audit(page, 'start page, Aneby');

  // A section from the navigation.
  await activate(page, 'nav a[href="/staff/0604/diarium"]');
  check(at(page, '/staff/0604/diarium'), `the diary section, at ${page.url()}`);
  check((await page.getAttribute('nav a[href="/staff/0604/diarium"]', 'aria-current')) === 'page',
    'the navigation marks the current section');
  await audit(page, 'diary section, Aneby');

  // The member switcher.
  if (keyboard) {
    await tabTo(page, '#switch-member');
    await page.keyboard.press('ArrowDown');
  } else {
    await page.selectOption('#switch-member', '0686');
  }
  check((await page.inputValue('#switch-member')) === '0686', 'Eksjö is chosen in the switcher');
  await activate(page, 'form[action="/staff/byt-organisation"] button[type=submit]');
  check(at(page, '/staff/0686'), `the start page of Eksjö, at ${page.url()}`);
  check((await page.textContent('h1')).trim() === 'Eksjö kommun', 'the start page names Eksjö');
  check(await page.isVisible('nav a[href="/staff/0686/arenden"]'), 'a case handler in Eksjö sees the errands');
  await audit(page, 'start page, Eksjö');

  // Nässjö: no role there, so no such page.
  const refused = await page.goto(`${base}/staff/0682`);
  check(refused.status() === 404, `Nässjö is 404: ${refused.status()}`);
  await audit(page, 'not found');
  await page.goto(`${base}/staff/0686`);

  // English.
  await activate(page, 'form[action="/staff/sprak"] button[type=submit]');
  check((await page.getAttribute('html', 'lang')) === 'en', 'the page is in English after the switch');
  check(at(page, '/staff/0686'), `the same page, at ${page.url()}`);
  await audit(page, 'start page, Eksjö, English');
  await activate(page, 'form[action="/staff/sprak"] button[type=submit]');
  check((await page.getAttribute('html', 'lang')) === 'sv', 'back in Swedish');

  // Logout.
  await activate(page, 'form[action="/staff/logga-ut"] button[type=submit]');
  check(at(page, '/staff/logga-in'), `the login page after logout, at ${page.url()}`);
  check((await page.textContent('h1')).trim() === 'Du är utloggad', 'the page says the user logged out');
  await audit(page, 'logged out');
  const after = await page.goto(`${base}/staff/0686`);
  check(at(page, '/staff/logga-in'), `the session is gone, at ${page.url()} (${after.status()})`);

  // Again, with the new password and the app's next code (the one just used is spent).
  await fill(page, '#username', username);
  await fill(page, '#password', newPassword);
  await fill(page, '#code', totp(secret, 1));
  await activate(page, 'form[action="/staff/logga-in"] button[type=submit]');
  check(at(page, '/staff/0686'), `back where the login was asked for, at ${page.url()}`);
  await audit(page, 'start page after a second login');
  await activate(page, 'form[action="/staff/logga-ut"] button[type=submit]');
  check(at(page, '/staff/logga-in'), 'logged out again');

  check(cspViolations.length === 0, `CSP violations: ${cspViolations.join('; ')}`);
  console.log(`ok: ${mode}: axe found no WCAG 2.1 A/AA violations on ${visited.length} pages: ${visited.join(', ')}`);
} finally {
  await browser.close();
}
