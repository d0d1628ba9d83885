import { createHash } from 'node:crypto';

/**
 * A stable urn:uuid for each exported resource (an RFC 4122 version-5 style UUID from SHA-1 of
 * its kind and database id), so exporting the same admission twice gives the same fullUrls and a
 * receiving system can match resources across exports.
 */
export function resourceUuid(kind: string, id: number | string): string {
  const hex = createHash('sha1').update(`detox-watch/${kind}/${id}`).digest('hex');
  const variant = ((Number.parseInt(hex.slice(16, 18), 16) & 0x3f) | 0x80).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(18, 20)}-${hex.slice(20, 32)}`;
}

export function urn(kind: string, id: number | string): string {
  return `urn:uuid:${resourceUuid(kind, id)}`;
}

/** An exported resource always has its id: the bundle's fullUrl and every reference are made from it. */
export type WithId<T extends { id?: string }> = T & { id: string };
