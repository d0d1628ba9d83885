/**
 * Where a refused save sends the nurse: the first field, in the order the form shows them, that
 * has an issue. Paths are the input paths the server names ("vitals.heartRate", "items.pupils"); a
 * correction's "replacement." prefix is dropped so one order serves both.
 */
export function assessmentFieldOrder(itemKeys: readonly string[], vitalPaths: readonly string[]): string[] {
  return ['takenAt', ...vitalPaths, ...itemKeys.map((key) => `items.${key}`), 'note', 'reason'];
}

export function localPath(path: string): string {
  return path.replace(/^replacement\./, '');
}

/** The first path of `order` with an issue; an issue on a path the form does not show comes last. */
export function firstBadField(paths: Iterable<string>, order: readonly string[]): string | null {
  let first: string | null = null;
  let firstIndex = Number.POSITIVE_INFINITY;
  for (const raw of paths) {
    const path = localPath(raw);
    const at = order.indexOf(path);
    const index = at === -1 ? order.length : at;
    if (index < firstIndex) {
      first = path;
      firstIndex = index;
    }
  }
  return first;
}

/** The issues in form order, for the summary in the footer. */
export function issuesInOrder(
  byPath: Readonly<Record<string, string>>,
  order: readonly string[],
): { path: string; message: string }[] {
  const rank = (path: string) => {
    const at = order.indexOf(localPath(path));
    return at === -1 ? order.length : at;
  };
  return Object.entries(byPath)
    .sort(([a], [b]) => rank(a) - rank(b))
    .map(([path, message]) => ({ path: localPath(path), message }));
}
