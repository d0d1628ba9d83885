import type { RequestHandler } from 'express';

/**
 * Procedure names of the API contract that tRPC cannot register: it reserves "then", "call" and
 * "apply" as router keys (its client is a proxy, and `apply` is Function.prototype.apply). The
 * contract's `orderSets.apply` (api.md, second wave) is therefore registered as
 * `orderSets.applySet`, and an HTTP request for the contract's name, alone or in a batch, is served
 * by it unchanged. The typed client calls `orderSets.applySet`.
 */
export const PROCEDURE_ALIASES: Readonly<Record<string, string>> = { 'orderSets.apply': 'orderSets.applySet' };

/** Rewrites aliased names in the path under the /trpc mount ("/orderSets.apply", "/a,orderSets.apply?batch=1"). */
export function procedureAliases(): RequestHandler {
  return (req, _res, next) => {
    const query = req.url.indexOf('?');
    const names = (query === -1 ? req.url : req.url.slice(0, query)).slice(1).split(',');
    if (names.some((name) => name in PROCEDURE_ALIASES)) {
      req.url = `/${names.map((name) => PROCEDURE_ALIASES[name] ?? name).join(',')}${query === -1 ? '' : req.url.slice(query)}`;
    }
    next();
  };
}
