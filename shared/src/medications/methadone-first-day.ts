import type { AdministrationRule } from './administration-context.js';
import { DAY_MS, messageClock } from './clinical-time.js';
import { givenDoses, mgText, proposedAtMs, toMicrograms } from './given-doses.js';
import { type AdministrationWarning, needsReason } from './warning.js';

/**
 * Methadone first-day limits (protocol.ts, methadoneFirstDay; docs/clinical.md §6.1, 42 CFR 8.12):
 * a first dose above the first-dose limit, or a first-day total above the first-day limit, needs
 * a documented reason (a soft stop, as §6.1 asks, not a block). Deaths cluster in the first days
 * of methadone because it accumulates (§6.1, AATOD).
 *
 * "First day" is the 24 h from the admission's first given methadone dose: [first, first + 24 h).
 * A dose exactly 24 h after the first belongs to day 2. The first dose is one with no earlier
 * given methadone in this admission.
 */
export const methadoneFirstDay: AdministrationRule = (ctx) => {
  if (ctx.proposed.drug !== 'methadone') return [];
  const limits = ctx.protocol.methadoneFirstDay;
  const atMs = proposedAtMs(ctx);
  const doseUg = toMicrograms(ctx.proposed.doseMg);
  const doses = givenDoses(ctx, ['methadone']);
  const earliest = doses[0];
  const isFirst = earliest === undefined || earliest.atMs >= atMs;
  const firstMs = earliest === undefined ? atMs : Math.min(earliest.atMs, atMs);
  const dayEndMs = firstMs + DAY_MS;
  if (atMs >= dayEndMs) return [];

  const clock = messageClock(ctx);
  const warnings: AdministrationWarning[] = [];
  if (isFirst && limits.firstDoseMaxMg !== undefined && doseUg > toMicrograms(limits.firstDoseMaxMg)) {
    const max = mgText(toMicrograms(limits.firstDoseMaxMg));
    warnings.push(
      needsReason(
        'methadone-first-dose-above-limit',
        'danger',
        `A first methadone dose of ${mgText(doseUg)} is above the unit's first-dose limit of ${max}; give at most ${max}, or document why more is clinically indicated`,
      ),
    );
  }

  const givenUg = doses.filter((d) => d.atMs >= firstMs && d.atMs < dayEndMs).reduce((sum, d) => sum + d.doseUg, 0);
  const dayMaxUg = toMicrograms(limits.firstDayTotalMaxMg);
  if (givenUg + doseUg > dayMaxUg) {
    const given = givenUg > 0 ? ` (given ${mgText(givenUg)} since the first dose at ${clock.at(firstMs)})` : '';
    const roomUg = dayMaxUg - givenUg;
    const action = roomUg > 0 ? `give at most ${mgText(roomUg)}` : `give no more before ${clock.at(dayEndMs)}`;
    warnings.push(
      needsReason(
        'methadone-first-day-above-limit',
        'danger',
        `Methadone ${mgText(givenUg + doseUg)} in the first 24 h would exceed the unit's first-day limit of ${mgText(dayMaxUg)}${given}; ${action}, or document why more is clinically indicated`,
      ),
    );
  }
  return warnings;
};
