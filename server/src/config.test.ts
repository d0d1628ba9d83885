import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';
import { DEFAULT_REQUEST_CONCURRENCY } from './http/request-gate.js';

describe('loadConfig: REQUEST_CONCURRENCY', () => {
  it('is 24 API calls at once unless set', () => {
    expect(DEFAULT_REQUEST_CONCURRENCY).toBe(24);
    expect(loadConfig({}).requestConcurrency).toBe(24);
    expect(loadConfig({ REQUEST_CONCURRENCY: '' }).requestConcurrency).toBe(24);
    expect(loadConfig({ REQUEST_CONCURRENCY: '64' }).requestConcurrency).toBe(64);
  });

  it('refuses anything but a positive whole number, saying what it got', () => {
    for (const bad of ['0', '-3', '2.5', 'many']) {
      expect(() => loadConfig({ REQUEST_CONCURRENCY: bad })).toThrow(
        `REQUEST_CONCURRENCY must be a positive whole number; got "${bad}"`,
      );
    }
  });
});
