/** How orders read on screen: the words a nurse or physician would write on a paper MAR. */

// The words themselves live in shared/ so the reports and the downtime snapshot print the same.
export { holdText, minutesText, orderTerms, orderTitle } from '@detox/shared';

/** The doses a nurse may choose within an ordered range, in whole steps of the low dose ("2, 4 mg" for 2–4 mg). */
export function dosesWithinOrder(order: { doseMg: number; doseMaxMg: number | null }): number[] {
  if (order.doseMaxMg == null) return [order.doseMg];
  const doses: number[] = [];
  for (let n = 1; n <= 8; n++) {
    const dose = Number((order.doseMg * n).toFixed(3));
    if (dose > order.doseMaxMg + 1e-9) break;
    doses.push(dose);
  }
  if (doses[doses.length - 1] !== order.doseMaxMg) doses.push(order.doseMaxMg);
  return doses;
}
