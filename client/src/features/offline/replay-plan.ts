import type { OutboxEntry } from './outbox-entry.js';

export interface Signed {
  /** The user whose session this tablet holds now; null when nobody is logged in or the screen is locked. */
  userId: number | null;
}

/** The entries the signed-in user may send now, oldest first; nobody else's, and none that needs attention. */
export function entriesToSend(entries: readonly OutboxEntry[], signed: Signed): OutboxEntry[] {
  if (signed.userId === null) return [];
  return entries.filter((e) => e.state === 'waiting' && e.userId === signed.userId).sort((a, b) => a.seq - b.seq);
}

export interface WaitingFor {
  userId: number;
  userName: string;
  count: number;
}

/** Entries waiting for someone other than the signed-in user: the banner names them. */
export function waitingForOthers(entries: readonly OutboxEntry[], signed: Signed): WaitingFor[] {
  const byUser = new Map<number, WaitingFor>();
  for (const e of entries) {
    if (e.state !== 'waiting' || e.userId === signed.userId) continue;
    const current = byUser.get(e.userId) ?? { userId: e.userId, userName: e.userName, count: 0 };
    current.count += 1;
    byUser.set(e.userId, current);
  }
  return [...byUser.values()];
}

/** The banner's line: "Offline — 2 entries waiting", "Sending 2 entries…", "1 entry waiting for Ana Ruiz, RN". */
export function bannerText(input: {
  online: boolean;
  sending: boolean;
  mine: number;
  others: readonly WaitingFor[];
  attention: number;
}): string | null {
  const entries = (n: number) => `${n} ${n === 1 ? 'entry' : 'entries'}`;
  const parts: string[] = [];
  if (input.sending && input.mine > 0) parts.push(`Sending ${entries(input.mine)}…`);
  else if (!input.online) parts.push(input.mine > 0 ? `Offline — ${entries(input.mine)} waiting` : 'Offline');
  else if (input.mine > 0) parts.push(`${entries(input.mine)} waiting to be sent`);
  for (const other of input.others)
    parts.push(`${entries(other.count)} waiting for ${other.userName} (sent when ${other.userName} logs in)`);
  if (input.attention > 0) parts.push(`${entries(input.attention)} need${input.attention === 1 ? 's' : ''} attention`);
  return parts.length ? parts.join(' · ') : null;
}
