import { describe, expect, it } from 'vitest';
import { failureKind } from './send-failure.js';

describe('failureKind', () => {
  it('no answer at all is unreachable: keep and retry', () => {
    expect(failureKind(undefined)).toBe('unreachable');
    expect(failureKind(0)).toBe('unreachable');
  });
  it('an ended session waits for the same nurse', () => {
    expect(failureKind(401)).toBe('session');
  });
  it('gateways, timeouts and overload are not an answer about the entry', () => {
    for (const status of [408, 429, 500, 502, 503, 504]) expect(failureKind(status)).toBe('unreachable');
  });
  it('a refusal needs the nurse', () => {
    for (const status of [400, 403, 404, 409, 412, 413]) expect(failureKind(status)).toBe('refused');
  });
});
