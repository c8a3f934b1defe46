// The BankID login page (served same-origin: the Content-Security-Policy allows no inline
// script). BankID's animated QR code changes every second: the server draws each one (the QR
// secret never reaches the browser), and this script loads the new image every second. Every
// two seconds it asks the server for the order's status, shows BankID's message for it, and
// when the login is complete, failed or gone, goes where the server says. Without JavaScript
// the page reloads itself instead (a <noscript> refresh).
(() => {
  'use strict';
  const box = document.querySelector('[data-bankid-qr]');
  if (!box) return;
  const image = box.querySelector('img');
  const status = document.getElementById('bankid-status');
  const qrUrl = box.dataset.bankidQr;
  const statusUrl = box.dataset.bankidStatus;
  let tick = 0;
  let done = false;
  const qrTimer = window.setInterval(() => {
    tick += 1;
    image.src = `${qrUrl}${qrUrl.includes('?') ? '&' : '?'}n=${tick}`;
  }, 1000);
  const poll = async () => {
    if (done) return;
    try {
      const response = await fetch(statusUrl, {
        credentials: 'same-origin',
        cache: 'no-store',
        headers: { Accept: 'application/json' },
      });
      const body = await response.json();
      if (status && body.message && status.textContent !== body.message) status.textContent = body.message;
      if (body.state !== 'pending' && body.location) {
        done = true;
        window.clearInterval(qrTimer);
        window.location.assign(body.location);
        return;
      }
    } catch (error) {
      // The network or the server failed this once: ask again at the next turn.
    }
    window.setTimeout(poll, 2000);
  };
  window.setTimeout(poll, 2000);
})();
