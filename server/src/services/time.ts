/** Stored form of an instant: UTC ISO-8601 with milliseconds, which sorts as text in time order. */
export function toStoredInstant(iso: string): string {
  return new Date(iso).toISOString();
}

export function nowInstant(): string {
  return new Date().toISOString();
}
