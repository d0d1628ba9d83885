import type { AdministrationRule } from './administration-context.js';
import { drugTitle, mgText, toMicrograms } from './given-doses.js';
import { limitWords } from './limit-owner.js';
import { hardStop } from './warning.js';

/**
 * Doses by route (protocol.ts, dosesByRoute). Where a drug lists its routes, a dose by another
 * route, or outside that route's range, is refused outright: naltrexone 380 mg is the
 * extended-release intramuscular injection and never a tablet; oral naltrexone is 25-50 mg
 * (docs/clinical.md §6.6); intramuscular methadone is about twice as potent as oral and is refused
 * unless the unit's protocol gives it a range of its own (§6.1). Ranges are inclusive.
 */
export const routeDoses: AdministrationRule = (ctx) => {
  const { drug, doseMg, route } = ctx.proposed;
  const ranges = ctx.protocol.drugs[drug].dosesByRoute;
  if (ranges === undefined) return [];
  const allowed = Object.entries(ranges)
    .filter(([, r]) => r !== undefined)
    .map(([r, range]) => {
      const max = mgText(toMicrograms(range.maxMg));
      if (range.minMg === undefined) return `${r} up to ${max}`;
      return range.minMg === range.maxMg ? `${r} ${max} only` : `${r} ${mgText(toMicrograms(range.minMg))} to ${max}`;
    });
  const range = ranges[route];
  if (range === undefined) {
    return [
      hardStop(
        'dose-not-allowed-by-route',
        `${drugTitle(drug)} ${route} is not allowed by ${limitWords(ctx).whose} protocol (allowed: ${allowed.join('; ')}); check the route against the order`,
      ),
    ];
  }
  const doseUg = toMicrograms(doseMg);
  const tooLow = range.minMg !== undefined && doseUg < toMicrograms(range.minMg);
  if (!tooLow && doseUg <= toMicrograms(range.maxMg)) return [];
  return [
    hardStop(
      'dose-not-allowed-by-route',
      `${drugTitle(drug)} ${mgText(doseUg)} ${route} is outside ${limitWords(ctx).whose} range for that route (allowed: ${allowed.join('; ')}); check the dose and route against the order`,
    ),
  ];
};
