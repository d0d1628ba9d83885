import type { Request, Response } from 'express';
import { describe, expect, it } from 'vitest';
import { procedureAliases } from './procedure-aliases.js';

function rewritten(url: string): string {
  const req = { url } as Request;
  procedureAliases()(req, {} as Response, () => {});
  return req.url;
}

describe('procedure aliases', () => {
  it('serves the contract name orderSets.apply by orderSets.applySet, alone or in a batch, keeping the query', () => {
    expect(rewritten('/orderSets.apply')).toBe('/orderSets.applySet');
    expect(rewritten('/orders.list,orderSets.apply?batch=1&input=%7B%7D')).toBe(
      '/orders.list,orderSets.applySet?batch=1&input=%7B%7D',
    );
  });

  it('leaves every other name alone', () => {
    expect(rewritten('/orderSets.list?input=%7B%7D')).toBe('/orderSets.list?input=%7B%7D');
    expect(rewritten('/orderSets.applySet')).toBe('/orderSets.applySet');
  });
});
