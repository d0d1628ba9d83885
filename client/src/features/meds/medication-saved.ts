import { type AdministrationStatus, type DrugId, type Route, formatDoseMg, getDrug } from '@detox/shared';
import { clockText } from '../assess/save-confirmation.js';

export interface SavedAdministration {
  id: number;
  drug: DrugId;
  doseMg: number;
  route: Route;
  status: AdministrationStatus;
  /** Why a dose was held or refused, as the nurse wrote it. */
  holdReason: string | undefined;
  givenAt: string;
  corrected: boolean;
}

/** Routes in words, as a nurse says them at the bedside. */
const ROUTE_WORDS: Record<Route, string> = { PO: 'oral', SL: 'sublingual', IM: 'intramuscular', IV: 'intravenous' };

/**
 * The confirmation read out after a dose is charted (issue 15, item 5), so the nurse knows what went
 * in without finding the row: "Clonidine 0.1 mg oral given 08:48 saved", "Clonidine 0.1 mg oral held
 * (BP 82/50) 08:48 saved". A correction says so.
 */
export function medicationSaved(saved: SavedAdministration, zone: string, now: number): string {
  const reason = saved.status !== 'given' && saved.holdReason ? ` (${saved.holdReason})` : '';
  const what = `${getDrug(saved.drug).name} ${formatDoseMg(saved.doseMg)} ${ROUTE_WORDS[saved.route]} ${saved.status}${reason}`;
  return `${what} ${clockText(saved.givenAt, zone, now)} ${saved.corrected ? 'correction saved' : 'saved'}`;
}
