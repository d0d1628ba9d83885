import type { AdministrationRule } from './administration-context.js';
import { drugName, drugTitle, mgText, toMicrograms } from './given-doses.js';
import { limitWords } from './limit-owner.js';
import { hardStop, needsReason } from './warning.js';

/**
 * Hard per-dose limit (protocol.ts, plausibleMaxDoseMg). A dose above it is almost always a
 * misplaced decimal point or the wrong unit (clonidine 1 mg for 0.1 mg, loperamide 40 mg for 4 mg),
 * so it is refused, not overridable: the nurse rechecks the order instead.
 */
export const implausibleDose: AdministrationRule = (ctx) => {
  const { drug, doseMg } = ctx.proposed;
  if (!Number.isFinite(doseMg) || doseMg <= 0) {
    return [
      hardStop(
        'implausible-dose',
        `A dose of ${drugName(drug)} must be more than 0 mg; got ${doseMg}. Enter the dose given, in mg`,
      ),
    ];
  }
  const limitMg = ctx.protocol.drugs[drug].plausibleMaxDoseMg;
  if (toMicrograms(doseMg) <= toMicrograms(limitMg)) return [];
  return [
    hardStop(
      'implausible-dose',
      `${drugTitle(drug)} ${mgText(toMicrograms(doseMg))} is above the unit's hard limit of ${mgText(toMicrograms(limitMg))} per dose and cannot be recorded as given; check the dose and its units (a misplaced decimal point?) against the order`,
    ),
  ];
};

/** Single-dose maximum (protocol.ts, maxSingleDoseMg): above it, give less or document why. */
export const singleDoseMaximum: AdministrationRule = (ctx) => {
  const { drug, doseMg } = ctx.proposed;
  const maxMg = ctx.protocol.drugs[drug].maxSingleDoseMg;
  if (maxMg === undefined || toMicrograms(doseMg) <= toMicrograms(maxMg)) return [];
  const max = mgText(toMicrograms(maxMg));
  return [
    needsReason(
      'above-single-dose-max',
      'danger',
      `${drugTitle(drug)} ${mgText(toMicrograms(doseMg))} is above ${limitWords(ctx).whose} single-dose maximum of ${max}; give at most ${max}, or document why`,
    ),
  ];
};
