// End-to-end test of the committee secretary's staff pages in a real headless Chromium (Debian's
// /usr/bin/chromium, driven by playwright-core), with axe-core checking WCAG 2.1 A and AA on
// every page visited. Three steps, run in turn by tests/services/casehandling/secretary_e2e_test.cpp
// (which starts the platform with the BankID simulator, creates the users and the prepared case,
// and sets whose phone the simulator is before each signature):
//
//   node tests/e2e/secretary.e2e.mjs secretary <base url> <user> <password> <TOTP secret> <today> <case number>
//     The secretary of Eksjö (0686) adds KS's members (chair Anna, Bertil, Cecilia, Erik, the
//     substitute David) with the personnummer of the three who sign, creates a meeting today,
//     takes the prepared case onto the agenda, records attendance (Erik absent, David serving for
//     him), meets the error summary opening the minutes without adjusters, opens them with Bertil
//     and Cecilia, writes § 1 (texts, a motion, a vote, the decision), previews the minutes as
//     HTML and PDF. Prints "minutes=<path>".
//   node tests/e2e/secretary.e2e.mjs sign <base url> <user> <password> <TOTP secret> <minutes path>
//     The chair or an adjuster logs in, adjusts with BankID on the signing page (QR code, then
//     "check" until BankID has completed) and is back on the minutes with the signature recorded.
//   node tests/e2e/secretary.e2e.mjs notice <base url> <user> <password> <TOTP secret> <minutes path>
//     The secretary sees the minutes adjusted and the notice posted, and the notice board shows it.
// Each prints "ok: ..." on success and exits non-zero on the first failure, printing why.
import {
  actions, audit, check, cspViolations, launch, path, staffLogIn, text, visited, watchCsp,
} from './browser.mjs';

const [step, base, user, password, secret, ...rest] = process.argv.slice(2);
if (!['secretary', 'sign', 'notice'].includes(step) || !base || !user || !password || !secret || rest.length === 0) {
  throw new Error('usage: secretary.e2e.mjs secretary|sign|notice <base url> <user> <password> <TOTP secret> ...');
}
const section = '/staff/0686/sammantraden';
const board = `${section}/namnder/KS`;
const act = actions(false);
const { activate, fill } = act;

/// Until the next 30-second step: a second login of the same user in one step would reuse its code.
async function nextTotpStep() {
  await new Promise((resolve) => { setTimeout(resolve, 30000 - (Date.now() % 30000) + 500); });
}

async function secretary(page, today, caseNumber) {
  await staffLogIn(page, act, base, section, user, password, secret);
  await audit(page, 'boards');
  await activate(page, `a[href="${board}"]`);
  await audit(page, 'board');

  // The members: the chair, three members, a substitute; refused first without a name.
  const members = [
    ['Anna Andersson (S)', 'anna', 'ordinary', 'chair'],
    ['Bertil Berg (M)', 'bertil', 'ordinary', 'none'],
    ['Cecilia Ek (S)', 'cecilia', 'ordinary', 'none'],
    ['Erik Ek (L)', 'erik', 'ordinary', 'none'],
    ['David Dahl (C)', 'david', 'substitute', 'none'],
  ];
  const year = today.slice(0, 4);
  await fill(page, '#user_id', 'anna');
  await fill(page, '#term', `${year}-${year}`);
  await fill(page, '#valid_from', `${year}-01-01`);
  await activate(page, `form[action="${board}/ledamoter"] button[type=submit]`);
  check(await page.isVisible('.error-summary a[href="#member_name"]'), 'the summary links to the name');
  check((await page.getAttribute('#member_name', 'aria-invalid')) === 'true', 'the name is marked');
  check((await page.inputValue('#user_id')) === 'anna', 'the user id is kept');
  await audit(page, 'member form refused');
  for (const [name, id, kind, fn] of members) {
    await fill(page, '#member_name', name);
    await fill(page, '#user_id', id);
    await page.selectOption('#kind', kind);
    await page.selectOption('#function', fn);
    await fill(page, '#term', `${year}-${year}`);
    await fill(page, '#valid_from', `${year}-01-01`);
    await activate(page, `form[action="${board}/ledamoter"] button[type=submit]`);
  }
  await page.goto(`${base}${board}?dag=${today}`);
  check((await page.locator('table.members tbody tr').count()) === 5, 'five members on the board');
  const numbers = { anna: '19850709-9805', bertil: '19750402-8015', cecilia: '19680314-1230' };
  for (const [id, personnummer] of Object.entries(numbers)) {
    const row = page.locator('table.members tbody tr', { hasText: id });
    const field = row.locator('input[id^="personnummer_"]');
    await field.fill(personnummer);
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }),
      row.locator('form[action$="/personnummer"] button[type=submit]').click()]);
  }
  await audit(page, 'board with members');

  // The meeting today, its agenda from the prepared case.
  await fill(page, '#date', today);
  await fill(page, '#starts_at', '09:00');
  await fill(page, '#place', 'Stadshuset, sessionssalen');
  await activate(page, `form[action="${board}/moten"] button[type=submit]`);
  check(path(page).startsWith(`${section}/moten/`), `the meeting's page, at ${page.url()}`);
  const meeting = path(page);
  await audit(page, 'meeting');
  await activate(page, `form[action="${meeting}/dagordning"] button[type=submit]`);
  check((await text(page, 'table.agenda tbody tr td:nth-child(2)')) === caseNumber, 'the case is on the agenda');

  // Attendance: Erik absent, David serving for him.
  await page.selectOption('#presence_anna', 'present');
  await page.selectOption('#presence_bertil', 'present');
  await page.selectOption('#presence_cecilia', 'present');
  await page.selectOption('#presence_erik', 'absent');
  await page.selectOption('#presence_david', 'for:erik');
  await activate(page, `form[action="${meeting}/narvaro"] button[type=submit]`);
  check((await text(page, '#quorum')).includes('4 / 4'), `four of four serve: ${await text(page, '#quorum')}`);
  await audit(page, 'meeting with attendance');

  // The minutes: refused without adjusters, then opened with Bertil and Cecilia.
  await fill(page, '#kept_at', 'Kommunkansliet, Stadshuset');
  await activate(page, `form[action="${meeting}/protokoll"] button[type=submit]`);
  check(await page.isVisible('.error-summary a[href="#adjusters"]'), 'the summary links to the adjusters');
  check((await page.inputValue('#kept_at')) === 'Kommunkansliet, Stadshuset', 'where they are kept is kept');
  await audit(page, 'minutes form refused');
  await page.check('#adjuster-bertil');
  await page.check('#adjuster-cecilia');
  await activate(page, `form[action="${meeting}/protokoll"] button[type=submit]`);
  check(path(page).startsWith(`${section}/protokoll/`), `the minutes, at ${page.url()}`);
  const minutes = path(page);
  await audit(page, 'minutes');

  // § 1: the case, its texts, a motion, the vote and the decision.
  await activate(page, `form[action="${minutes}/paragrafer"] button[type=submit]`);
  check(path(page).startsWith(`${section}/paragrafer/`), `the paragraph, at ${page.url()}`);
  const paragraph = path(page);
  await audit(page, 'paragraph');
  await fill(page, '#proposal', 'Förslaget bifalls och tekniska nämnden får i uppdrag att placera ut fler bänkar.');
  await fill(page, '#procedure', 'Ordföranden ställer proposition på bifall och avslag och finner bifall.');
  await fill(page, '#decision', 'Kommunstyrelsen bifaller medborgarförslaget.');
  await activate(page, `form[action="${paragraph}/text"] button[type=submit]`);
  await page.selectOption('#entry_kind', 'motion');
  await page.selectOption('#entry_user', 'bertil');
  await fill(page, '#entry_text', 'Avslag på förslaget.');
  await activate(page, `form[action="${paragraph}/poster"] button[type=submit]`);
  await fill(page, '#yes_means', 'bifall');
  await fill(page, '#no_means', 'avslag');
  for (const [id, vote] of [['anna', 'ja'], ['bertil', 'nej'], ['cecilia', 'ja'], ['david', 'ja']]) {
    await page.selectOption(`#vote_${id}`, vote);
  }
  await activate(page, `form[action="${paragraph}/votering"] button[type=submit]`);
  check((await page.locator('table.votes tbody tr').count()) === 4, 'four votes');
  await audit(page, 'paragraph with a vote');

  // The preview: the minutes as HTML, and as a PDF.
  await page.goto(`${base}${minutes}`);
  await activate(page, `a[href="${minutes}/forhandsvisning"]`);
  const preview = await page.content();
  check(preview.includes('Kommunstyrelsen bifaller medborgarförslaget.'), 'the decision is in the preview');
  check(preview.includes('Avslag på förslaget.'), 'the motion is in the preview');
  await audit(page, 'minutes preview');
  const pdf = await page.request.get(`${base}${minutes}/forhandsvisning?format=pdf`);
  check(pdf.status() === 200 && pdf.headers()['content-type'] === 'application/pdf', 'the PDF preview');
  check((await pdf.body()).subarray(0, 5).toString() === '%PDF-', 'the PDF preview is a PDF');
  return minutes;
}

async function sign(page, minutes) {
  await staffLogIn(page, act, base, minutes, user, password, secret);
  check((await text(page, '#minutes-status')) !== 'Justerat', 'the minutes are not adjusted yet');
  await audit(page, 'minutes as a signer');
  await activate(page, `form[action="${minutes}/justering"] button[type=submit]`);
  check(await page.isVisible('.qr-image svg'), 'the QR code is shown');
  check((await page.getAttribute('a[href^="bankid:///"]', 'href')).includes('autostarttoken='), 'the same-device link');
  await audit(page, 'BankID signing');
  // BankID completes after two seconds; "check" until it has.
  for (let i = 0; i < 20 && path(page) !== minutes; i += 1) {
    await new Promise((resolve) => { setTimeout(resolve, 1000); });
    await activate(page, 'form[action*="/justering/"] button[type=submit]');
    if (path(page) !== minutes) await audit(page, `BankID signing, check ${i + 1}`);
  }
  check(path(page) === minutes, `back on the minutes, at ${page.url()}`);
  check(await page.isVisible('p.status'), 'the signature is confirmed');
  check((await page.locator('form[action$="/justering"]').count()) === 0, 'nothing left to sign');
  await audit(page, 'minutes signed');
}

async function notice(page, minutes) {
  await nextTotpStep();
  await staffLogIn(page, act, base, minutes, user, password, secret);
  check((await text(page, '#minutes-status')) === 'Justerat', 'the minutes are adjusted');
  check(/^\d{4}-\d\d-\d\d$/.test(await text(page, '#posted-on')), 'the notice is posted');
  check((await page.locator('form[action$="/paragrafer"]').count()) === 0, 'adjusted minutes take no paragraphs');
  await audit(page, 'adjusted minutes');
  await activate(page, 'a[href="/anslagstavla/0686"]');
  check((await page.content()).includes('Kommunstyrelsen'), 'the notice board shows the notice');
  await audit(page, 'notice board');
}

const browser = await launch();
try {
  const context = await browser.newContext({ ignoreHTTPSErrors: true });
  const page = await context.newPage();
  watchCsp(page);
  let done = '';
  if (step === 'secretary') {
    const minutes = await secretary(page, rest[0], rest[1]);
    console.log(`minutes=${minutes}`);
    done = 'the meeting is ready for adjustment';
  } else if (step === 'sign') {
    await sign(page, rest[0]);
    done = `${user} adjusted the minutes with BankID`;
  } else {
    await notice(page, rest[0]);
    done = 'the minutes are adjusted and the notice posted';
  }
  check(cspViolations.length === 0, `CSP violations: ${cspViolations.join('; ')}`);
  console.log(`ok: ${done}; axe found no WCAG 2.1 A/AA violations on ${visited.length} pages: ${visited.join(', ')}`);
} finally {
  await browser.close();
}
