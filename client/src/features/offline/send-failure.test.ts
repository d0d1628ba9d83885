import { TRPCClientError } from '@trpc/client';
import { describe, expect, it } from 'vitest';
import { failureKind, serverDidNotAnswer } from './send-failure.js';

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

/** A failure as tRPC's client throws it: with the server's JSON answer, or wrapping fetch's error. */
const answered = (httpStatus: number) =>
  TRPCClientError.from({ error: { message: 'x', code: -32600, data: { httpStatus, code: 'X' } } });
const noAnswer = () => TRPCClientError.from(new TypeError('Failed to fetch'));

describe('serverDidNotAnswer', () => {
  it('nothing came back, or a gateway answered in place of the server', () => {
    expect(serverDidNotAnswer(noAnswer())).toBe(true);
    for (const status of [502, 503, 504]) expect(serverDidNotAnswer(answered(status))).toBe(true);
  });
  it('the server answering about one call, even with an error, is an answer', () => {
    for (const status of [400, 401, 403, 404, 408, 409, 429, 500])
      expect(serverDidNotAnswer(answered(status))).toBe(false);
  });
  it("a call the page cancelled, or an error that is not a call's, says nothing about the server", () => {
    expect(serverDidNotAnswer(TRPCClientError.from(new DOMException('aborted', 'AbortError')))).toBe(false);
    expect(serverDidNotAnswer(new TypeError('x is undefined'))).toBe(false);
  });
});
