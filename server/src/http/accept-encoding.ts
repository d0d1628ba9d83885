/** The precompressed variants the client build ships next to each file, in the order we prefer them. */
export const PRECOMPRESSED = [
  { encoding: 'br', suffix: '.br' },
  { encoding: 'gzip', suffix: '.gz' },
] as const;

export type Precompressed = (typeof PRECOMPRESSED)[number];

/**
 * The content codings an Accept-Encoding header allows (RFC 9110 §12.5.3), as name → q-value.
 * A coding listed with q=0 is refused; `*` stands for every coding not listed by name.
 */
function qualities(header: string): Map<string, number> {
  const result = new Map<string, number>();
  for (const part of header.split(',')) {
    const [rawName, ...params] = part.split(';');
    const name = rawName?.trim().toLowerCase();
    if (!name) continue;
    let q = 1;
    for (const param of params) {
      const [key, value] = param.split('=').map((s) => s.trim());
      if (key?.toLowerCase() === 'q' && value !== undefined) {
        const parsed = Number(value);
        q = Number.isFinite(parsed) ? Math.min(Math.max(parsed, 0), 1) : 0;
      }
    }
    // x-gzip is gzip's old name (RFC 9110 §8.4.1.3).
    result.set(name === 'x-gzip' ? 'gzip' : name, q);
  }
  return result;
}

/**
 * Which precompressed variants the client accepts, best first: brotli (smaller) before gzip whenever
 * both are allowed at all, whatever their q-values, because every browser that sends `br` decodes it
 * and the q-values browsers send are all 1. No header means identity only (RFC 9110 says any coding
 * may be sent then, but a client that sends nothing is often a script that cannot decode any).
 */
export function acceptedPrecompressed(header: string | undefined): Precompressed[] {
  if (!header) return [];
  const q = qualities(header);
  const wildcard = q.get('*');
  return PRECOMPRESSED.filter(({ encoding }) => (q.get(encoding) ?? wildcard ?? 0) > 0);
}
