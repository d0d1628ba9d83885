import { webcrypto } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { newRequestId } from './request-id.js';

const V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('newRequestId', () => {
  it('is a UUID v4 from randomUUID where the context has it', () => {
    expect(newRequestId(webcrypto as unknown as Crypto)).toMatch(V4);
  });
  it('is a UUID v4 from getRandomValues without randomUUID (plain HTTP), each one new', () => {
    const plain = { getRandomValues: webcrypto.getRandomValues.bind(webcrypto) } as Pick<Crypto, 'getRandomValues'>;
    const a = newRequestId(plain);
    expect(a).toMatch(V4);
    expect(newRequestId(plain)).not.toBe(a);
  });
  it('sets the version and variant bits whatever the random bytes', () => {
    const ones = {
      getRandomValues: <T extends ArrayBufferView | null>(array: T): T => {
        (array as unknown as Uint8Array).fill(255);
        return array;
      },
    };
    expect(newRequestId(ones as Pick<Crypto, 'getRandomValues'>)).toBe('ffffffff-ffff-4fff-bfff-ffffffffffff');
  });
});
