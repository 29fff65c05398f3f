import { describe, expect, it } from 'vitest';
import { endpointUrlProblem, type UrlPolicy } from '../../src/webhooks/endpoints/endpoint-url.js';

const production: UrlPolicy = { environment: 'production', allowPrivateTargetsInSandbox: true };
const strictSandbox: UrlPolicy = { environment: 'sandbox', allowPrivateTargetsInSandbox: false };
const localSandbox: UrlPolicy = { environment: 'sandbox', allowPrivateTargetsInSandbox: true };

describe('endpointUrlProblem', () => {
  it.each([
    'https://hooks.example.com/sir',
    'https://hooks.example.com:8443/sir?tenant=prod',
    'https://8.8.8.8/hook',
    'https://[2606:4700:4700::1111]/hook',
    'https://xn--bcher-kva.example/hook',
  ])('accepts %s in production', (url) => {
    expect(endpointUrlProblem(url, production)).toBeUndefined();
  });

  it.each([
    ['not_a_url', 'absolute'],
    ['https://hooks.example.com/a\r\nX-Injected: 1', 'control characters'],
    ['https://hooks.exa\tmple.com/sir', 'control characters'],
    ['/relative/path', 'absolute'],
    ['ftp://hooks.example.com/sir', 'https'],
    ['javascript:alert(1)', 'https'],
    ['http://hooks.example.com/sir', 'https'],
    ['https://user:pass@hooks.example.com/sir', 'credentials'],
    ['https://token@hooks.example.com/sir', 'credentials'],
    ['https://127.0.0.1/hook', 'public address'],
    ['https://10.1.2.3/hook', 'public address'],
    ['https://192.168.0.10:8443/hook', 'public address'],
    ['https://169.254.169.254/latest/meta-data', 'public address'],
    ['https://[::1]/hook', 'public address'],
    ['https://[fe80::1]/hook', 'public address'],
    ['https://[fd00::1]/hook', 'public address'],
    ['https://[::ffff:127.0.0.1]/hook', 'public address'],
    ['https://2130706433/hook', 'public address'],
    ['https://0x7f.0.0.1/hook', 'public address'],
    ['https://0177.0.0.1/hook', 'public address'],
    ['https://127.1/hook', 'public address'],
    ['https://0.0.0.0/hook', 'public address'],
    ['https://localhost/hook', 'public address'],
    ['https://LOCALHOST./hook', 'public address'],
    ['https://api.localhost/hook', 'public address'],
  ])('refuses %s in production (%s)', (url, reason) => {
    expect(endpointUrlProblem(url, production)).toContain(reason);
  });

  it('holds a sandbox to the production rules unless private targets are allowed there', () => {
    for (const url of [
      'http://127.0.0.1:9999/hook',
      'https://localhost/hook',
      'http://hooks.example.com/sir',
      'https://[::1]/hook',
    ]) {
      expect(endpointUrlProblem(url, strictSandbox), url).toBeDefined();
      expect(endpointUrlProblem(url, localSandbox), url).toBeUndefined();
    }
  });

  it('refuses credentials and other schemes even where private targets are allowed', () => {
    expect(endpointUrlProblem('http://user:pw@127.0.0.1/hook', localSandbox)).toContain('credentials');
    expect(endpointUrlProblem('file:///etc/passwd', localSandbox)).toBe('url must use http or https');
  });
});
