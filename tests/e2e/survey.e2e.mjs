// End-to-end test of the satisfaction survey in a real headless Chromium (Debian's
// /usr/bin/chromium, driven by playwright-core), with axe-core checking WCAG 2.1 A and AA:
//
//   node tests/e2e/survey.e2e.mjs <base url> <reference> mouse|keyboard
//     the citizen logs in with BankID (the simulator) on the way to the closed errand
//     <reference> on Mina sidor, where the survey waits: three questions 1-10, each a radio
//     group in a fieldset. One answer only first: the error summary links the two missing
//     questions, its link focuses the first option, the answer given is kept. Then all three
//     (9, 8, 10): back on the errand, thanked, no survey. In mode "keyboard", Tab reaches each
//     group and the arrow keys choose; the focus checked visible on every element acted on.
// Run by tests/services/eservices/pages_e2e_test.cpp, which closes the errand and checks that
// one answer with these values was stored. Exits non-zero on the first failure, printing why.
import {
  actions, audit, check, checkFocusVisible, cspViolations, launch, tabTo, visited, watchCsp,
} from './browser.mjs';

const [base, reference, mode] = process.argv.slice(2);
if (!base || !reference || !['mouse', 'keyboard'].includes(mode)) {
  throw new Error('usage: survey.e2e.mjs <base url> <reference> mouse|keyboard');
}
const keyboard = mode === 'keyboard';
const { activate, press } = actions(keyboard);
const errand = `/e/0686/mina-sidor/arende/${reference}`;
const submit = 'form.survey button[type=submit]';

/// Answers question `name` with `value`: a click, or Tab to the group and arrow keys.
async function answer(page, name, value) {
  const chosen = `#survey-${name}-${value}`;
  if (!keyboard) {
    await page.check(chosen);
  } else {
    await tabTo(page, `input[name="${name}"]`);
    await checkFocusVisible(page);
    const current = async () => Number(await page.evaluate(() => document.activeElement.value));
    if (!(await page.evaluate(() => document.activeElement.checked))) await page.keyboard.press('Space');
    for (let i = 0; i < 20 && (await current()) !== value; i += 1) {
      await page.keyboard.press((await current()) < value ? 'ArrowRight' : 'ArrowLeft');
    }
  }
  check(await page.isChecked(chosen), `${name} is answered ${value}`);
}

const browser = await launch();
try {
  const context = await browser.newContext({ ignoreHTTPSErrors: true });
  const page = await context.newPage();
  watchCsp(page);

  // The errand's page needs login; the BankID page collects by itself and goes back.
  await page.goto(`${base}${errand}`);
  check(page.url().includes('/e/0686/logga-in'), `the errand needs login, at ${page.url()}`);
  await activate(page, 'button[type=submit]');
  await page.waitForURL((url) => url.pathname === errand, { timeout: 30000 });
  check((await page.textContent('#survey-heading')) === 'Hur tyckte du att det gick?', 'the survey is offered');
  check((await page.locator('form.survey fieldset').count()) === 3, 'three questions');
  await audit(page, 'closed errand with the survey');

  // One answer only: the summary links the two missing ones; the answer is kept.
  await answer(page, 'overall', 9);
  await activate(page, submit);
  check(await page.isVisible('.error-summary'), 'the error summary is shown');
  check((await page.locator('.error-summary a').count()) === 2, 'two questions are missing');
  check((await page.title()).startsWith('Fel:'), 'the title says there is an error');
  check(await page.isChecked('#survey-overall-9'), 'the answer given is kept');
  await audit(page, 'survey with missing answers');
  await press(page, '.error-summary a[href="#survey-expectations-1"]', 'Enter');
  check(await page.evaluate(() => document.activeElement.id === 'survey-expectations-1'),
    'the error link focuses the question');

  await answer(page, 'expectations', 8);
  await answer(page, 'ideal', 10);
  await activate(page, submit);
  check(new URL(page.url()).pathname === errand, `back on the errand, at ${page.url()}`);
  check((await page.textContent('#survey-heading + p')) === 'Tack för dina svar!', 'thanked');
  check((await page.locator('form.survey').count()) === 0, 'no survey any more');
  await audit(page, 'errand after the survey');

  check(cspViolations.length === 0, `CSP violations: ${cspViolations.join('; ')}`);
  console.log(`ok: survey: ${mode}: ${reference}; axe found no WCAG 2.1 A/AA violations on ${visited.length} pages: `
    + `${visited.join(', ')}`);
} finally {
  await browser.close();
}
