import { TRPCClientError } from '@trpc/client';
import { describe, expect, it } from 'vitest';
import { NO_ANSWER, loginErrorText } from './login-error.js';

/** A tRPC error as the client builds it from the server's answer. */
function answered(httpStatus: number, message: string): TRPCClientError<never> {
  return TRPCClientError.from({ error: { message, code: -32600, data: { httpStatus, code: 'BAD_REQUEST' } } });
}

describe('what a failed login says', () => {
  it('keeps the server’s words when it answered', () => {
    expect(loginErrorText(answered(401, 'Wrong username or password'))).toBe('Wrong username or password');
    expect(loginErrorText(answered(429, 'Too many attempts; try again in 5 minutes'))).toBe(
      'Too many attempts; try again in 5 minutes',
    );
    expect(loginErrorText(answered(503, 'The server is busy; try again in a moment'))).toBe(
      'The server is busy; try again in a moment',
    );
  });
  it('says what to do when no answer came (no network, a gateway’s error page)', () => {
    expect(loginErrorText(TRPCClientError.from(new TypeError('Failed to fetch')))).toBe(NO_ANSWER);
    expect(loginErrorText(new Error('Unexpected token <'))).toBe(NO_ANSWER);
  });
});
