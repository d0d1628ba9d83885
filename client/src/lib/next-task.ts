/**
 * Resolves in a task of its own, after whatever the browser has waiting (a paint, a tap). Start-up
 * work split at these points runs as several short tasks instead of one long one that a phone's main
 * thread cannot interrupt (Lighthouse counts every task past 50 ms as blocking).
 */
export function nextTask(): Promise<void> {
  return new Promise((resolve) => window.setTimeout(resolve, 0));
}
