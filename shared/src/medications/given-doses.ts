import type { AdministrationContext } from './administration-context.js';
import { type DrugId, formatDoseMg, getDrug } from './catalogue.js';
import { instantMs } from './clinical-time.js';

/** A dose that was actually given, in whole micrograms so sums are exact (12 x 0.1 mg is 1.2 mg). */
export interface GivenDose {
  drug: DrugId;
  doseUg: number;
  atMs: number;
}

export function toMicrograms(doseMg: number): number {
  return Math.round(doseMg * 1000);
}

export function mgText(doseUg: number): string {
  return formatDoseMg(doseUg / 1000);
}

/** Lower-case drug name for mid-sentence use: "hold clonidine". */
export function drugName(drug: DrugId): string {
  return getDrug(drug).name.toLowerCase();
}

export function drugTitle(drug: DrugId): string {
  return getDrug(drug).name;
}

const BUPRENORPHINE_PRODUCTS: readonly DrugId[] = ['buprenorphine', 'buprenorphine-naloxone'];

/**
 * Products that share the active ingredient count together: both buprenorphine products are
 * charted in mg of buprenorphine (catalogue.ts), so switching product does not reset a total.
 */
export function sameIngredient(drug: DrugId): readonly DrugId[] {
  return BUPRENORPHINE_PRODUCTS.includes(drug) ? BUPRENORPHINE_PRODUCTS : [drug];
}

export function isBuprenorphine(drug: DrugId): boolean {
  return BUPRENORPHINE_PRODUCTS.includes(drug);
}

/**
 * Read once per list of rows and drugs: every rule of every order judged against one admission asks
 * again for the same doses (orders.due and the census board judge each order of each stay, issue 16).
 * Keyed by the rows array itself, with its length as a guard; the lists handed out are frozen, so a
 * rule that tried to change one would fail loudly instead of changing what the next rule reads.
 */
const givenDosesRead = new WeakMap<object, { length: number; byDrugs: Map<string, readonly GivenDose[]> }>();

/** Given doses of these drugs from the admission's rows (held and refused doses were not given), oldest first. */
export function givenDoses(ctx: AdministrationContext, drugs: readonly DrugId[]): readonly GivenDose[] {
  const rows = ctx.recentAdministrations;
  let read = givenDosesRead.get(rows);
  if (!read || read.length !== rows.length) {
    read = { length: rows.length, byDrugs: new Map() };
    givenDosesRead.set(rows, read);
  }
  const key = drugs.join(',');
  const hit = read.byDrugs.get(key);
  if (hit) return hit;
  const doses = Object.freeze(readGivenDoses(ctx, drugs));
  read.byDrugs.set(key, doses);
  return doses;
}

function readGivenDoses(ctx: AdministrationContext, drugs: readonly DrugId[]): GivenDose[] {
  return ctx.recentAdministrations
    .flatMap((row, index) =>
      row.status === 'given' && drugs.includes(row.drug)
        ? [
            {
              drug: row.drug,
              doseUg: toMicrograms(row.doseMg),
              atMs: instantMs(row.givenAt, `recentAdministrations[${index}].givenAt`),
            },
          ]
        : [],
    )
    .sort((a, b) => a.atMs - b.atMs);
}

export function proposedAtMs(ctx: AdministrationContext): number {
  return instantMs(ctx.proposed.givenAt, 'proposed.givenAt');
}
