// End-to-end test of the public notice-board page (anslagstavla) and the public minutes it links
// to, in a real headless Chromium (Debian's /usr/bin/chromium driven by playwright-core; no
// browser is downloaded), with axe-core checking WCAG 2.1 A and AA on every page visited.
//
//   node tests/e2e/notice_board.e2e.mjs <base url> <kommunkod> <minutes id> <empty kommunkod>
//
// Visits the board in Swedish, follows the link to the public minutes, comes back, switches to
// English by keyboard alone (skip link, the language link), and visits a municipality with an
// empty board. Run by tests/services/casehandling/notice_page_e2e_test.cpp, which starts the
// platform and adjusts the minutes. Exits non-zero on the first failure, printing why.
import { audit, check, cspViolations, launch, tabTo, visited, watchCsp } from './browser.mjs';

const [base, kommunkod, minutesId, emptyKommunkod] = process.argv.slice(2);
if (!base || !kommunkod || !minutesId || !emptyKommunkod) {
  throw new Error('usage: notice_board.e2e.mjs <base url> <kommunkod> <minutes id> <empty kommunkod>');
}

const browser = await launch();
try {
  const context = await browser.newContext({ ignoreHTTPSErrors: true });
  const page = await context.newPage();
  watchCsp(page);

  // The board in Swedish.
  const board = `${base}/anslagstavla/${kommunkod}`;
  const response = await page.goto(board);
  check(response.status() === 200, `board: HTTP ${response.status()}`);
  check(await page.getAttribute('html', 'lang') === 'sv', 'the board is not in Swedish');
  check(await page.locator('h1').innerText() === 'Anslagstavla', 'no heading "Anslagstavla"');
  check(await page.locator('article').count() === 1, 'expected one notice');
  const articleText = await page.locator('article').innerText();
  for (const label of ['Anslaget', 'Protokollet förvaras', 'Sista dag att överklaga']) {
    check(articleText.includes(label), `the notice lacks "${label}"`);
  }
  check(!articleText.includes('hemligtord'), 'a secret text is on the board');
  // The stylesheet applies (served as a file; the CSP forbids inline styles).
  const borderStyle = await page.locator('article').evaluate((e) => getComputedStyle(e).borderTopStyle);
  check(borderStyle === 'solid', 'the stylesheet did not load');
  await audit(page, 'board (sv)');

  // The public minutes behind the link.
  const minutesPath = `/api/v1/municipalities/${kommunkod}/minutes/${minutesId}/public`;
  await page.locator(`a[href="${minutesPath}"]`).click();
  await page.waitForURL(`**${minutesPath}`);
  check(await page.getAttribute('html', 'lang') === 'sv', 'the minutes are not in Swedish');
  const minutesText = await page.locator('main').innerText();
  check(minutesText.includes('Detaljplanen antas'), 'the public decision is missing');
  check(minutesText.includes('OSL 19 kap. 1 §'), 'the secret paragraph\'s reference is missing');
  check(!minutesText.includes('hemligtord'), 'a secret text is in the public minutes');
  await audit(page, 'public minutes');
  const pdf = await page.request.get(`${base}${minutesPath}?format=pdf`);
  check(pdf.status() === 200 && pdf.headers()['content-type'] === 'application/pdf', 'no PDF');
  await page.goBack();
  await page.waitForURL(board);

  // English, by keyboard alone: the skip link first, then the language link.
  await page.keyboard.press('Tab');
  check(await page.evaluate(() => document.activeElement.classList.contains('skip-link')), 'Tab does not reach the skip link first');
  await tabTo(page, 'a[hreflang="en"]');
  await Promise.all([page.waitForURL('**?lang=en'), page.keyboard.press('Enter')]);
  check(await page.getAttribute('html', 'lang') === 'en', 'the board did not switch to English');
  check((await page.locator('main').innerText()).includes('Last day to appeal'), 'no English labels');
  await audit(page, 'board (en)');

  // An empty board.
  await page.goto(`${base}/anslagstavla/${emptyKommunkod}`);
  check(await page.locator('article').count() === 0, 'the empty board shows notices');
  await audit(page, 'empty board');

  check(cspViolations.length === 0, `CSP violations: ${cspViolations.join('; ')}`);
  console.log(`ok: notice board; axe found no WCAG 2.1 A/AA violations on ${visited.length} pages: ${visited.join(', ')}`);
} finally {
  await browser.close();
}
