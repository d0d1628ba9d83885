/** The downloads are plain links: the browser sends the session cookie, the server sends a file. */
function query(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined) search.set(key, String(value));
  return search.toString();
}

export function shiftCsvUrl(unitId: number, shiftStart: string): string {
  return `/reports/shift.csv?${query({ unitId, shiftStart })}`;
}

export function shiftPdfUrl(unitId: number, shiftStart: string): string {
  return `/reports/shift.pdf?${query({ unitId, shiftStart })}`;
}

export function downtimePdfUrl(unitId: number): string {
  return `/reports/downtime.pdf?${query({ unitId })}`;
}

/** The page's own address for a shift, so a report can be bookmarked or sent to a colleague. */
export function reportPageUrl(shiftStart: string | null): string {
  return shiftStart ? `/shift-report?${query({ shift: shiftStart })}` : '/shift-report';
}
