import { describe, expect, it } from 'vitest';
import { createLogger, loggablePath } from './request-log.js';

describe('loggablePath', () => {
  it('drops the query string, where tRPC queries carry their input', () => {
    expect(loggablePath('/trpc/admissions.get?input=%7B%22admissionId%22%3A12%7D')).toBe('/trpc/admissions.get');
    expect(loggablePath('/reports/shift.csv?unitId=1&shiftStart=2026-11-22T07%3A00%3A00-05%3A00')).toBe(
      '/reports/shift.csv',
    );
    expect(loggablePath('/trpc/census.board,alerts.list?batch=1&input=x')).toBe('/trpc/census.board,alerts.list');
  });

  it('shortens an absurdly long path', () => {
    expect(loggablePath(`/${'a'.repeat(1000)}`)).toHaveLength(301);
  });
});

describe('createLogger', () => {
  it('takes LOG_LEVEL, default info, in any case', () => {
    expect(createLogger({}).level).toBe('info');
    expect(createLogger({ LOG_LEVEL: 'WARN' }).level).toBe('warn');
    expect(createLogger({ LOG_LEVEL: 'silent' }).level).toBe('silent');
  });

  it('refuses an unknown level, naming the allowed ones', () => {
    expect(() => createLogger({ LOG_LEVEL: 'verbose' })).toThrow(
      'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent; got "verbose"',
    );
  });
});
