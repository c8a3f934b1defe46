// What every end-to-end script shares: Debian's Chromium (/usr/bin/chromium, driven by
// playwright-core from tools/node; no browser is ever downloaded), axe-core's WCAG 2.1 A and AA
// check of a page, keyboard navigation, actions by mouse or by keyboard alone, and a record of
// the pages visited and of any Content Security Policy violation the browser reports, and the
// one-time codes of an authenticator app for the staff logins.
import { createHmac } from 'node:crypto';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import nodePath from 'node:path';
import { fileURLToPath } from 'node:url';

const here = nodePath.dirname(fileURLToPath(import.meta.url));
const require = createRequire(nodePath.join(here, '../../tools/node/package.json'));
export const { chromium, request } = require('playwright-core');
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/// Names of the pages audit() checked, in order.
export const visited = [];
/// Console messages about Content Security Policy violations, from pages watched by watchCsp().
export const cspViolations = [];

export function check(condition, message) {
  if (!condition) throw new Error(message);
}

/// RFC 4648 base32 (the secret as the enrolment page shows it, spaces allowed), decoded.
function base32Decode(text) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of text.replace(/[\s=]/g, '').toUpperCase()) {
    const value = alphabet.indexOf(c);
    check(value >= 0, `the secret is base32: ${text}`);
    bits += value.toString(2).padStart(5, '0');
  }
  const bytes = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) bytes.push(parseInt(bits.slice(i, i + 8), 2));
  return Buffer.from(bytes);
}

/// The RFC 6238 code (HMAC-SHA1, 30-second steps, 6 digits) of the base32 `secret` for the
/// step `offsetSteps` after the one holding `now` (ms): what an authenticator app shows.
export function totp(secret, offsetSteps = 0, now = Date.now()) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(now / 1000 / 30) + offsetSteps));
  const mac = createHmac('sha1', base32Decode(secret)).update(counter).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const value = (mac.readUInt32BE(offset) & 0x7fffffff) % 1000000;
  return String(value).padStart(6, '0');
}

/// Starts headless Chromium without any background network traffic.
export function launch() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/// The path of the page's URL.
export function path(page) {
  return new URL(page.url()).pathname;
}

/// The trimmed text of the first element matching `selector`.
export async function text(page, selector) {
  return (await page.textContent(selector)).trim();
}

/// Records the page's CSP violations in cspViolations.
export function watchCsp(page) {
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
  });
}

/// axe-core, WCAG 2.1 A and AA rules, must report nothing on this page.
export async function audit(page, name) {
  await page.evaluate(`${axeSource}\n;0`);
  const result = await page.evaluate(() =>
    // eslint-disable-next-line no-undef
    axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }));
  visited.push(name);
  if (result.violations.length > 0) {
    const details = result.violations
      .map((v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.map((n) => n.target.join(' ')).join('\n    ')}`)
      .join('\n  ');
    throw new Error(`axe violations on ${name} (${page.url()}):\n  ${details}`);
  }
}

/// Presses Tab until the focused element matches `selector` (none when it has the focus already).
export async function tabTo(page, selector, limit = 60) {
  if (await page.evaluate((s) => document.activeElement && document.activeElement.matches(s), selector)) return;
  for (let i = 0; i < limit; i += 1) {
    await page.keyboard.press('Tab');
    const matches = await page.evaluate((s) => document.activeElement && document.activeElement.matches(s), selector);
    if (matches) return;
  }
  throw new Error(`could not reach ${selector} with Tab on ${page.url()}`);
}

/// The focused element shows that it has the focus: it matches :focus-visible, is on screen,
/// and draws a visible outline or ring (WCAG 2.4.7), not the browser's default alone.
export async function checkFocusVisible(page) {
  const focus = await page.evaluate(() => {
    const element = document.activeElement;
    if (!element || element === document.body) return { ok: false, what: 'nothing' };
    const style = getComputedStyle(element);
    const box = element.getBoundingClientRect();
    const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
    const ring = style.boxShadow !== 'none';
    return {
      ok: element.matches(':focus-visible') && (outline || ring) && box.width > 0 && box.height > 0,
      what: `${element.tagName.toLowerCase()}#${element.id} (outline ${style.outlineStyle} ${style.outlineWidth}, `
        + `box-shadow ${style.boxShadow}, ${box.width}x${box.height})`,
    };
  });
  check(focus.ok, `the focus is visible on ${focus.what} at ${page.url()}`);
}

/// Keyboard only: presses `key` on the focused drop-down until its value is `value`.
export async function selectByKeys(page, selector, value, key = 'ArrowDown', limit = 20) {
  await tabTo(page, selector);
  await checkFocusVisible(page);
  for (let i = 0; i < limit; i += 1) {
    if ((await page.inputValue(selector)) === value) return;
    await page.keyboard.press(key);
  }
  throw new Error(`could not choose ${value} in ${selector} with ${key}`);
}

/// How a script acts on pages: with the mouse, or with the keyboard alone (Tab, Enter, Space,
/// typing), so that one flow runs both ways.
export function actions(keyboard) {
  return {
    /// Activates a link or button that loads a page: click, or Tab to it and press Enter.
    async activate(page, selector) {
      if (keyboard) {
        await tabTo(page, selector);
        await checkFocusVisible(page);
      }
      await Promise.all([
        page.waitForNavigation({ waitUntil: 'load' }),
        keyboard ? page.keyboard.press('Enter') : page.click(selector),
      ]);
    },
    /// Replaces a field's value.
    async fill(page, selector, value) {
      if (keyboard) {
        await tabTo(page, selector);
        await checkFocusVisible(page);
        await page.keyboard.press('Control+A');
        await page.keyboard.type(value);
      } else {
        await page.fill(selector, value);
      }
    },
    /// Acts on an element without leaving the page (a checkbox, an in-page link, a download):
    /// click, or Tab to it and press `key`.
    async press(page, selector, key) {
      if (keyboard) {
        await tabTo(page, selector);
        await checkFocusVisible(page);
        await page.keyboard.press(key);
      } else {
        await page.click(selector);
      }
    },
    /// Chooses an option of a drop-down: selectOption, or arrow keys on it.
    async select(page, selector, value) {
      if (keyboard) {
        await selectByKeys(page, selector, value);
      } else {
        await page.selectOption(selector, value);
      }
    },
    /// Ticks a checkbox or radio button.
    async choose(page, selector) {
      if (keyboard) {
        await tabTo(page, selector);
        await checkFocusVisible(page);
        await page.keyboard.press('Space');
      } else {
        await page.check(selector);
      }
    },
  };
}

/// Opens `target` (a staff page) as a staff user who has chosen a password and enrolled the
/// authenticator app: the login page comes first, and after it the page itself.
export async function staffLogIn(page, { activate, fill }, base, target, user, password, secret) {
  await page.goto(`${base}${target}`);
  check(path(page) === '/staff/logga-in', `the login page, at ${page.url()}`);
  await fill(page, '#username', user);
  await fill(page, '#password', password);
  await fill(page, '#code', totp(secret));
  await activate(page, 'form[action="/staff/logga-in"] button[type=submit]');
  check(path(page) === target, `${target} after the login, at ${page.url()}`);
}
