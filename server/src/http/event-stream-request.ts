import type { Request } from 'express';

/** A request (on the /trpc mount) that opens an event stream: a subscription of the events router. */
export function isEventStreamRequest(req: Request): boolean {
  return req.method === 'GET' && req.path.startsWith('/events.');
}
