// End-to-end test of the hosted citizen pages in a real headless Chromium (Debian's
// /usr/bin/chromium, driven by playwright-core; no browser is ever downloaded), with axe-core
// checking WCAG 2.1 A and AA on every page visited.
//
//   node tests/e2e/pages.e2e.mjs <base url> <mode> <client id> <client secret>
//     both modes first: the cooperation's landing page, Eksjö's accessibility statement,
//                      privacy notice and cookie statement from the footer, Eksjö from the
//                      landing page;
//     mode "mouse":    log in with BankID (the simulator): cancel one login, then let the page
//                      animate the QR code and collect by itself; fill in the fault report with an
//                      attachment, see the error summary, fix it, submit, see the receipt, find
//                      the errand on Mina sidor; a handler (the API client of Eksjö, with
//                      errands:read and errands:write) sends a message through the API, the
//                      citizen reads it on the errand's page, meets the reply form's error
//                      summary, replies, and the handler reads the reply through the API;
//     mode "keyboard": the same flow with the keyboard alone (Tab, Space, Enter, typing);
//     mouse mode last: a login in a browser without JavaScript (the page refreshes itself).
// Run by tests/services/eservices/pages_e2e_test.cpp, which starts the platform and the
// simulator (and moves the simulator's clock so that the login completes). Exits non-zero on
// the first failure, printing why.
import { actions, audit, check, cspViolations, launch, request, tabTo, visited, watchCsp } from './browser.mjs';

const [base, mode = 'mouse', clientId, clientSecret] = process.argv.slice(2);
if (!base || !clientId || !clientSecret) {
  throw new Error('usage: pages.e2e.mjs <base url> mouse|keyboard <client id> <client secret>');
}
const keyboard = mode === 'keyboard';

const { activate, fill, choose } = actions(keyboard);

// A real 1×1 PNG (the server checks attachments by content).
const png = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64');

const browser = await launch();
try {
  const context = await browser.newContext({ ignoreHTTPSErrors: true });
  const page = await context.newPage();
  watchCsp(page);

  // The cooperation's landing page, Eksjö's three statements from the footer, then Eksjö's
  // start page from the landing page.
  await page.goto(`${base}/`);
  check((await page.getAttribute('html', 'lang')) === 'sv', 'the landing page is in Swedish');
  check((await page.locator('li.member').count()) === 5, 'the landing page lists the five members');
  await audit(page, 'landing page');
  await page.goto(`${base}/e/0686`);
  for (const [href, name] of [['/e/0686/tillganglighet', 'accessibility statement'],
    ['/e/0686/personuppgifter', 'privacy notice'], ['/e/0686/kakor', 'cookie statement']]) {
    await activate(page, `footer a[href="${href}"]`);
    check(page.url().endsWith(href), `the footer link leads to the ${name}, at ${page.url()}`);
    await audit(page, name);
    await page.goto(`${base}/e/0686`);
  }
  await page.goto(`${base}/`);
  await activate(page, 'a[href="/e/0686"]');
  check(page.url().endsWith('/e/0686'), `the landing page leads to Eksjö's e-services, at ${page.url()}`);

  // Start page.
  await page.goto(`${base}/e/0686`);
  check((await page.getAttribute('html', 'lang')) === 'sv', 'the start page is in Swedish');
  await audit(page, 'start page');
  if (keyboard) {
    await page.keyboard.press('Tab');
    check(await page.evaluate(() => document.activeElement.classList.contains('skip-link')),
      'the first Tab reaches the skip link');
  }

  // Log in: Mina sidor sends us to BankID. The first login is cancelled; the second runs by
  // itself: the page loads a new QR image every second and polls the order every two, until
  // the simulator completes it (4 s after the start) and the page moves on to Mina sidor.
  await activate(page, 'a[href^="/e/0686/mina-sidor"]');
  check(page.url().includes('/e/0686/logga-in'), `Mina sidor needs login, at ${page.url()}`);
  await audit(page, 'login page');
  await activate(page, 'button[type=submit]');
  check(/\/e\/0686\/logga-in\/[0-9a-f]{64}\?/.test(page.url()), `the BankID page, at ${page.url()}`);
  check(await page.isVisible('img[src*="/qr.svg"]'), 'the QR code is shown');
  check(await page.isVisible('a[href^="bankid:///?autostarttoken="]'), 'the link to open BankID on this device');
  check(!/bankid\.[0-9a-f-]{20,}\./.test(await page.content()), 'no QR data or order reference as text');
  await audit(page, 'BankID pending page');
  await activate(page, 'form[action*="/avbryt"] button');
  check(page.url().includes('avbrutet=1'), `cancel goes back to the login page, at ${page.url()}`);
  check((await page.textContent('p[role=status]')) === 'Inloggningen avbröts.', 'the page says it was cancelled');
  const codes = new Set();
  const onQr = async (response) => {
    if (!response.url().includes('/qr.svg')) return;
    try {
      codes.add(await response.text());
    } catch {
      // the page moved on before the body was read
    }
  };
  page.on('response', onQr);
  await activate(page, 'button[type=submit]');
  await page.waitForURL((url) => url.pathname === '/e/0686/mina-sidor', { timeout: 30000 });
  page.off('response', onQr);
  check(codes.size >= 3, `the QR code changed at least twice before the login completed (${codes.size} codes)`);
  await audit(page, 'Mina sidor (empty)');

  // The fault report, step 1, with a bad answer first.
  await page.goto(`${base}/e/0686`);
  await activate(page, 'a[href="/e/0686/tjanst/felanmalan-gata-park"]');
  check(page.url().endsWith('/steg/fault'), `the first step, at ${page.url()}`);
  await audit(page, 'form step 1');
  await fill(page, '#description', 'kort');
  await activate(page, 'button[value=next]');
  check(await page.isVisible('.error-summary'), 'the error summary is shown');
  check((await page.getAttribute('#description', 'aria-invalid')) === 'true', 'the field is marked invalid');
  await audit(page, 'form step 1 with errors');
  // The summary's link moves the focus to the field.
  if (keyboard) {
    await tabTo(page, '.error-summary a[href="#description"]');
    await page.keyboard.press('Enter');
  } else {
    await page.click('.error-summary a[href="#description"]');
  }
  check(await page.evaluate(() => document.activeElement.id === 'description'), 'the error link focuses the field');
  // Fix it.
  await choose(page, '#fault-type-0');
  await fill(page, '#description', 'Ett djupt hål i vägen vid skolan');
  await activate(page, 'button[value=next]');
  check(page.url().endsWith('/steg/place'), `step 2, at ${page.url()}`);
  await audit(page, 'form step 2');
  await fill(page, '#address', 'Storgatan 1, Eksjö');
  await page.setInputFiles('#photo', { name: 'hal.png', mimeType: 'image/png', buffer: png });
  await activate(page, 'button[value=next]');
  check(page.url().endsWith('/steg/contact'), `step 3, at ${page.url()}`);
  await audit(page, 'form step 3');
  // An e-mail address without ticking "Jag vill ha återkoppling": not dropped without a word,
  // the step comes back with the address kept and an error; ticked, it goes on.
  await fill(page, '#reporter-email', 'anna@example.se');
  await activate(page, 'button[value=next]');
  check(page.url().includes('/steg/contact'), `still step 3, at ${page.url()}`);
  check((await page.locator('.error-summary a[href="#reporter-email"]').count()) === 1,
    'the error summary names the e-mail field');
  check((await page.inputValue('#reporter-email')) === 'anna@example.se', 'the address is kept');
  await audit(page, 'form step 3 with an unused answer');
  await choose(page, '#wants-feedback');
  await activate(page, 'button[value=next]');
  check(page.url().endsWith('/granska'), `the review page, at ${page.url()}`);
  await audit(page, 'review page');
  check((await page.textContent('main')).includes('hal.png'), 'the attachment is listed');
  await activate(page, 'form button[type=submit]');
  check(/\/e\/0686\/kvitto\/ET-\d{4}-\d{6}$/.test(page.url()), `the receipt, at ${page.url()}`);
  await audit(page, 'receipt');
  const reference = (await page.textContent('.reference')).trim();

  // Mina sidor lists the errand.
  await activate(page, 'a[href^="/e/0686/mina-sidor"]');
  await audit(page, 'Mina sidor');
  check((await page.textContent('table.errands')).includes(reference), `Mina sidor lists ${reference}`);

  // A handler writes to the citizen through the API (a context of its own: no browser cookies).
  const api = await request.newContext({ ignoreHTTPSErrors: true, baseURL: base });
  const tokenResponse = await api.post('/oauth/token', {
    form: { grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret },
  });
  check(tokenResponse.status() === 200, `a token for the handler's client: ${tokenResponse.status()}`);
  const auth = { Authorization: `Bearer ${(await tokenResponse.json()).access_token}` };
  const errandApi = `/api/v1/municipalities/0686/errands/${reference}`;
  const question = 'Hej! Hur djupt är hålet ungefär?';
  const sent = await api.post(`${errandApi}/messages`, { headers: auth, data: { body: question } });
  check(sent.status() === 201, `the handler's message is sent: ${sent.status()} ${await sent.text()}`);

  // The citizen finds it on the errand's page on Mina sidor.
  await page.goto(`${base}/e/0686`);
  await activate(page, 'a[href^="/e/0686/mina-sidor"]');
  await activate(page, `a[href="/e/0686/mina-sidor/arende/${reference}"]`);
  check(page.url().endsWith(`/mina-sidor/arende/${reference}`), `the errand's page, at ${page.url()}`);
  check((await page.textContent('.messages')).includes(question), 'the handler\'s message is shown');
  await audit(page, 'errand page');
  // An empty reply gives the error summary; its link leads to the field.
  await activate(page, 'form button[type=submit]');
  check(await page.isVisible('.error-summary'), 'the reply\'s error summary is shown');
  check((await page.getAttribute('#reply', 'aria-invalid')) === 'true', 'the reply field is marked invalid');
  await audit(page, 'errand page with errors');
  if (keyboard) {
    await tabTo(page, '.error-summary a[href="#reply"]');
    await page.keyboard.press('Enter');
  } else {
    await page.click('.error-summary a[href="#reply"]');
  }
  check(await page.evaluate(() => document.activeElement.id === 'reply'), 'the error link focuses the reply field');
  const answer = 'Ungefär 30 cm djupt, precis vid övergångsstället.';
  await fill(page, '#reply', answer);
  await activate(page, 'form button[type=submit]');
  check(page.url().endsWith(`/mina-sidor/arende/${reference}`), `back on the errand's page, at ${page.url()}`);
  check((await page.textContent('.messages')).includes(answer), 'the reply is shown');
  await audit(page, 'errand page after the reply');
  const messages = await api.get(`${errandApi}/messages`, { headers: auth });
  const list = (await messages.json()).messages;
  check(list.length === 2 && list[1].direction === 'from-citizen' && list[1].body === answer,
    `the handler reads the reply: ${JSON.stringify(list)}`);
  await api.dispose();

  // English.
  await page.goto(`${base}/e/0686?lang=en`);
  check((await page.getAttribute('html', 'lang')) === 'en', 'the English page says so');
  await audit(page, 'start page (English)');

  if (!keyboard) {
    // Without JavaScript the pending page reloads itself every two seconds (a <noscript>
    // refresh), each load collecting the order, until the login is complete.
    const plain = await browser.newContext({ ignoreHTTPSErrors: true, javaScriptEnabled: false });
    const noScript = await plain.newPage();
    await noScript.goto(`${base}/e/0686/logga-in?next=%2Fe%2F0686%2Fmina-sidor`);
    await Promise.all([noScript.waitForNavigation({ waitUntil: 'load' }), noScript.click('button[type=submit]')]);
    check(await noScript.isVisible('img[src*="/qr.svg"]'), 'the QR code without JavaScript');
    await noScript.waitForURL((url) => url.pathname === '/e/0686/mina-sidor', { timeout: 30000 });
    check((await noScript.textContent('h1')).length > 0, 'Mina sidor after a login without JavaScript');
    await plain.close();
  }
  check(cspViolations.length === 0, `CSP violations: ${cspViolations.join('; ')}`);
  console.log(`ok: ${mode}: ${reference}; axe found no WCAG 2.1 A/AA violations on ${visited.length} pages: ${visited.join(', ')}`);
} finally {
  await browser.close();
}
