// Served at /partner-api/static/theme/try-it-signing.js and run by the browser, never by Node.
// It adds the page's top bar and a key form, and signs each "Try it out" request exactly as the
// spec's "Signature algorithm" says, over the bytes the browser is about to send. The keys live in
// this closure only: nothing is written to localStorage, sessionStorage or cookies.
(function () {
  'use strict';

  const specUrl = new URL('../../json', document.currentScript.src).href;
  const keys = { secretKey: '', hmacSecret: '', publishableKey: '' };
  let authTable;

  const encoder = new TextEncoder();
  const hex = (buffer) => Array.from(new Uint8Array(buffer), (byte) => byte.toString(16).padStart(2, '0')).join('');

  async function requestSignature(hmacSecret, timestamp, method, pathWithQuery, rawBody) {
    const bodyHash = hex(await crypto.subtle.digest('SHA-256', encoder.encode(rawBody)));
    const key = await crypto.subtle.importKey(
      'raw',
      encoder.encode(hmacSecret),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign'],
    );
    return hex(
      await crypto.subtle.sign(
        'HMAC',
        key,
        encoder.encode(timestamp + method.toUpperCase() + pathWithQuery + bodyHash),
      ),
    );
  }

  // Each operation's `x-sir-auth` comes from the route's own auth mode on the server.
  function loadAuthTable() {
    authTable ??= fetch(specUrl, { headers: { accept: 'application/json' } })
      .then((response) => response.json())
      .then((document) =>
        Object.entries(document.paths).flatMap(([template, item]) =>
          Object.entries(item)
            .filter(([, operation]) => operation && operation['x-sir-auth'])
            .map(([method, operation]) => ({
              method: method.toUpperCase(),
              pattern: new RegExp(
                '^' + template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^/}]+\}/g, '[^/]+') + '$',
              ),
              parameterCount: (template.match(/\{/g) || []).length,
              auth: operation['x-sir-auth'],
            })),
        ),
      );
    return authTable;
  }

  // As the server's router: a static segment wins over a parameter (/keys/partner-info over /keys/{id}).
  async function authOf(method, path) {
    const candidates = (await loadAuthTable()).filter((entry) => entry.method === method && entry.pattern.test(path));
    candidates.sort((a, b) => a.parameterCount - b.parameterCount);
    return candidates[0] ? candidates[0].auth : 'none';
  }

  function setHeader(headers, name, value) {
    for (const existing of Object.keys(headers))
      if (existing.toLowerCase() === name.toLowerCase()) delete headers[existing];
    headers[name] = value;
  }

  async function signRequest(request) {
    const url = new URL(request.url, location.href);
    // Keys go to this API only, never to another origin a request might name.
    if (url.origin !== location.origin || request.loadSpec) return request;
    const method = (request.method || 'GET').toUpperCase();
    const auth = await authOf(method, url.pathname);
    request.headers = request.headers || {};
    if (auth === 'widget' && keys.publishableKey) setHeader(request.headers, 'X-Partner-Key', keys.publishableKey);
    if ((auth === 'hmac' || auth === 'hmac-secret') && keys.secretKey && keys.hmacSecret) {
      const body = request.body === undefined || request.body === null ? '' : request.body;
      // fetch sends a string body as its UTF-8 bytes; anything else could not be signed byte for byte.
      if (typeof body !== 'string') throw new Error('Only JSON bodies can be signed on this page');
      // The URL parser fetch uses: the path and query the server receives, percent-encoded as sent.
      const pathWithQuery = url.pathname + url.search;
      const timestamp = Math.floor(Date.now() / 1000).toString();
      setHeader(request.headers, 'X-Partner-Key', keys.secretKey);
      setHeader(request.headers, 'X-Timestamp', timestamp);
      setHeader(
        request.headers,
        'X-Signature',
        await requestSignature(keys.hmacSecret, timestamp, method, pathWithQuery, body),
      );
    }
    return request;
  }

  function element(tag, attributes, children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) node.setAttribute(name, value);
    for (const child of children || []) node.append(child);
    return node;
  }

  function field(id, label, hint, type) {
    const input = element('input', {
      id,
      name: id,
      type,
      autocomplete: 'off',
      spellcheck: 'false',
      'aria-describedby': id + '-hint',
    });
    return element('div', { class: 'sir-field' }, [
      element('label', { for: id }, [label]),
      input,
      element('span', { id: id + '-hint', class: 'sir-hint' }, [hint]),
    ]);
  }

  function keyForm() {
    const status = element('p', { id: 'sir-keys-status', role: 'status' }, [
      'No keys entered: signed routes answer 401.',
    ]);
    const form = element('form', { id: 'sir-keys', 'aria-labelledby': 'sir-keys-title' }, [
      element('h2', { id: 'sir-keys-title' }, ['Try it out with your keys']),
      element('p', { class: 'sir-hint' }, [
        "Enter a sandbox key pair once. Each request is signed in this tab (HMAC-SHA256 over the timestamp, method, path with query and body bytes); the keys stay in this tab's memory and are gone on reload.",
      ]),
      field(
        'sir-secret-key',
        'Secret key (sk_…)',
        'Backend routes: sent as X-Partner-Key with X-Timestamp and X-Signature.',
        'password',
      ),
      field('sir-hmac-secret', 'HMAC secret', 'Signs backend requests; never sent.', 'password'),
      field('sir-publishable-key', 'Publishable key (pk_…)', 'Widget routes: sent as X-Partner-Key, unsigned.', 'text'),
      element('div', { class: 'sir-actions' }, [
        element('button', { type: 'submit', class: 'btn' }, ['Use these keys']),
        element('button', { type: 'button', id: 'sir-forget', class: 'btn' }, ['Forget keys']),
      ]),
      status,
    ]);
    const input = (id) => form.querySelector('#' + id);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      keys.secretKey = input('sir-secret-key').value.trim();
      keys.hmacSecret = input('sir-hmac-secret').value.trim();
      keys.publishableKey = input('sir-publishable-key').value.trim();
      const parts = [];
      if (keys.secretKey && keys.hmacSecret)
        parts.push('backend routes are signed with ' + keys.secretKey.slice(0, 8) + '…');
      else if (keys.secretKey || keys.hmacSecret)
        parts.push('backend routes need both the secret key and the HMAC secret');
      if (keys.publishableKey) parts.push('widget routes send ' + keys.publishableKey.slice(0, 8) + '…');
      status.textContent = parts.length
        ? 'Keys held in memory: ' + parts.join('; ') + '.'
        : 'No keys entered: signed routes answer 401.';
    });
    form.querySelector('#sir-forget').addEventListener('click', () => {
      form.reset();
      keys.secretKey = keys.hmacSecret = keys.publishableKey = '';
      status.textContent = 'Keys forgotten.';
    });
    if (!window.crypto || !crypto.subtle) {
      status.textContent =
        'This browser offers no WebCrypto here (pages need https or localhost): requests cannot be signed.';
    }
    return form;
  }

  const banner = element('header', { class: 'sir-topbar' }, [
    element('h1', { class: 'sir-brand' }, ['SIR Giving Partner API']),
  ]);
  const main = element('main', { id: 'sir-main' }, [keyForm()]);
  const docs = document.getElementById('swagger-ui');
  docs.before(banner, main);
  main.append(docs);

  window.sirGivingTryIt = { signRequest };
})();
