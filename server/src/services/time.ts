/** Stored form of an instant: UTC ISO-8601 with milliseconds, which sorts as text in time order. */
export function toStoredInstant(iso: string): string {
  return new Date(iso).toISOString();
}

export function nowInstant(): string {
  return new Date().toISOString();
}

export function hoursBetween(fromIso: string, toIso: string): number {
  return (Date.parse(toIso) - Date.parse(fromIso)) / 3_600_000;
}
