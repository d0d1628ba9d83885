import { describe, expect, it } from 'vitest';
import { acceptedPrecompressed } from './accept-encoding.js';

const codings = (header: string | undefined) => acceptedPrecompressed(header).map((v) => v.encoding);

describe('acceptedPrecompressed', () => {
  it('prefers brotli to gzip whenever both are allowed, whatever order or q-values the browser sends', () => {
    expect(codings('gzip, deflate, br, zstd')).toEqual(['br', 'gzip']);
    expect(codings('br;q=0.1, gzip;q=1')).toEqual(['br', 'gzip']);
    expect(codings('BR, GZIP')).toEqual(['br', 'gzip']);
  });

  it('leaves out a coding refused with q=0 and one not listed', () => {
    expect(codings('br;q=0, gzip')).toEqual(['gzip']);
    expect(codings('gzip;q=0, br')).toEqual(['br']);
    expect(codings('gzip, deflate')).toEqual(['gzip']);
    expect(codings('x-gzip')).toEqual(['gzip']);
    expect(codings('br;q=0.000')).toEqual([]);
  });

  it('reads * as every coding not named, and a named q=0 still refuses', () => {
    expect(codings('*')).toEqual(['br', 'gzip']);
    expect(codings('*;q=0')).toEqual([]);
    expect(codings('br;q=0, *')).toEqual(['gzip']);
  });

  it('sends the file as it is when the header is missing, empty, identity only or unreadable', () => {
    expect(codings(undefined)).toEqual([]);
    expect(codings('')).toEqual([]);
    expect(codings('identity')).toEqual([]);
    expect(codings('deflate')).toEqual([]);
    expect(codings('br;q=abc')).toEqual([]);
  });
});
