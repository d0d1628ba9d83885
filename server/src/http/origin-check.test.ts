import type { Request } from 'express';
import { describe, expect, it } from 'vitest';
import { crossSiteReason } from './origin-check.js';

/** Just what crossSiteReason reads of an Express request. */
function request(method: string, host: string | undefined, headers: Record<string, string> = {}): Request {
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  return { method, host, get: (name: string) => lower[name.toLowerCase()] } as unknown as Request;
}

describe('crossSiteReason', () => {
  it('lets reads through whatever their origin', () => {
    expect(crossSiteReason(request('GET', 'ward.example', { origin: 'https://evil.example' }))).toBeNull();
    expect(crossSiteReason(request('HEAD', 'ward.example', { 'sec-fetch-site': 'cross-site' }))).toBeNull();
  });

  it('lets a write through when the Origin host is the Host, in any case and with the default port spelled out', () => {
    expect(crossSiteReason(request('POST', 'ward.example:8443', { origin: 'https://ward.example:8443' }))).toBeNull();
    expect(crossSiteReason(request('POST', 'Ward.Example', { origin: 'https://ward.example' }))).toBeNull();
    expect(crossSiteReason(request('POST', 'ward.example:443', { origin: 'https://ward.example' }))).toBeNull();
    expect(crossSiteReason(request('POST', 'ward.example:80', { origin: 'http://ward.example' }))).toBeNull();
  });

  it('refuses a write from another host or port, an opaque origin, or a non-web scheme', () => {
    expect(crossSiteReason(request('POST', 'ward.example', { origin: 'https://evil.example' }))).toBe(
      'origin https://evil.example',
    );
    expect(
      crossSiteReason(request('POST', 'ward.example:3000', { origin: 'http://ward.example:3001' })),
    ).not.toBeNull();
    expect(
      crossSiteReason(request('POST', 'ward.example', { origin: 'https://ward.example.evil.example' })),
    ).not.toBeNull();
    expect(crossSiteReason(request('PUT', 'ward.example', { origin: 'null' }))).toBe('origin null');
    expect(
      crossSiteReason(request('DELETE', 'ward.example', { origin: 'chrome-extension://ward.example' })),
    ).not.toBeNull();
    expect(crossSiteReason(request('POST', undefined, { origin: 'https://ward.example' }))).not.toBeNull();
  });

  it('without an Origin, trusts the caller unless the browser says the request is cross-site', () => {
    expect(crossSiteReason(request('POST', 'ward.example'))).toBeNull();
    expect(crossSiteReason(request('POST', 'ward.example', { 'sec-fetch-site': 'same-origin' }))).toBeNull();
    expect(crossSiteReason(request('POST', 'ward.example', { 'sec-fetch-site': 'none' }))).toBeNull();
    expect(crossSiteReason(request('POST', 'ward.example', { 'sec-fetch-site': 'cross-site' }))).toBe(
      'sec-fetch-site cross-site',
    );
  });
});
