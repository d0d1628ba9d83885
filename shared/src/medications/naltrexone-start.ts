import type { AdministrationRule } from './administration-context.js';
import { DAY_MS, durationText, HOUR_MS, instantMs, messageClock } from './clinical-time.js';
import type { DrugId } from './catalogue.js';
import { givenDoses, proposedAtMs } from './given-doses.js';
import { type AdministrationWarning, needsReason } from './warning.js';
import { substancesText } from '../substances/catalogue.js';
import { mostRestrictiveNaltrexoneWait, naltrexoneWaitDays } from '../substances/waits.js';

/**
 * Naltrexone displaces any opioid still bound and precipitates severe withdrawal; the patient
 * must be opioid-free long enough first (docs/clinical.md §6.6: 7-10 days after short-acting
 * opioids, up to about 2 weeks after methadone or buprenorphine; TIP 63). Two clocks, each from
 * the protocol (naltrexoneStart): since last use of the most restrictive substance charted at
 * admission, and since any opioid agonist dose charted on this stay. Each miss needs a documented
 * reason (a negative naloxone challenge, §6.6). Exactly the interval passes.
 */

const AGONIST_KIND: Partial<Record<DrugId, 'methadone' | 'buprenorphine'>> = {
  methadone: 'methadone',
  buprenorphine: 'buprenorphine',
  'buprenorphine-naloxone': 'buprenorphine',
};

const AGONISTS = Object.keys(AGONIST_KIND) as DrugId[];

const CHALLENGE = 'or document why (for example a negative naloxone challenge)';

export const naltrexoneStart: AdministrationRule = (ctx) => {
  if (ctx.proposed.drug !== 'naltrexone') return [];
  const start = ctx.protocol.naltrexoneStart;
  const atMs = proposedAtMs(ctx);
  const clock = messageClock(ctx);
  const warnings: AdministrationWarning[] = [];

  const wait = mostRestrictiveNaltrexoneWait(ctx.admission.substances, start);
  if (wait !== undefined) {
    const lastUseMs = instantMs(ctx.admission.lastUseAt, 'admission.lastUseAt');
    const elapsedMs = atMs - lastUseMs;
    if (elapsedMs < wait.hours * HOUR_MS) {
      warnings.push(
        needsReason(
          'naltrexone-too-soon-after-use',
          'danger',
          `${durationText(Math.max(0, elapsedMs))} since last use (${substancesText(ctx.admission.substances)}); naltrexone needs ${wait.hours / 24} days opioid-free after ${wait.after}, or it can precipitate severe withdrawal. Wait until ${clock.at(lastUseMs + wait.hours * HOUR_MS)}, ${CHALLENGE}`,
        ),
      );
    }
  }

  // The latest agonist dose that still blocks naltrexone: the one whose interval ends last.
  let blocking: { drug: DrugId; atMs: number; untilMs: number; days: number } | undefined;
  for (const dose of givenDoses(ctx, AGONISTS)) {
    if (dose.atMs > atMs) continue;
    const kind = AGONIST_KIND[dose.drug];
    const days = kind === undefined ? undefined : naltrexoneWaitDays(kind, start);
    if (days === undefined) continue;
    const untilMs = dose.atMs + days * DAY_MS;
    if (untilMs > atMs && (blocking === undefined || untilMs > blocking.untilMs))
      blocking = { drug: dose.drug, atMs: dose.atMs, untilMs, days };
  }
  if (blocking !== undefined) {
    const name = blocking.drug === 'methadone' ? 'methadone' : 'buprenorphine';
    warnings.push(
      needsReason(
        'naltrexone-too-soon-after-agonist',
        'danger',
        `${name[0]?.toUpperCase()}${name.slice(1)} was given on this stay at ${clock.at(blocking.atMs)}; naltrexone needs ${blocking.days} days after ${name}, or it can precipitate severe withdrawal. Wait until ${clock.at(blocking.untilMs)}, ${CHALLENGE}`,
      ),
    );
  }
  return warnings;
};
