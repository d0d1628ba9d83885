import { COWS, type OpioidKind, cowsPulseItemScore, scoreItems } from '@detox/shared';

/** A small seeded PRNG (mulberry32): the demo unit looks the same every time it is loaded. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Untreated-course shape for the demo, 0..1 by hours since last use: rising from onset to the peak,
 * then tapering (docs/clinical.md §5: short-acting onset 8-24 h, peak 1-3 days, resolving over 5-10 days;
 * methadone onset 24-48 h, peak 72-96 h, resolving over 10-20 days). A simulation, not a rule.
 */
export function courseShape(hours: number, kind: OpioidKind): number {
  const [onset, peakFrom, peakTo, resolved] = kind === 'short' ? [8, 36, 60, 200] : [30, 76, 100, 400];
  if (hours <= onset) return 0.08 * (hours / onset);
  if (hours < peakFrom) return 0.08 + 0.92 * ((hours - onset) / (peakFrom - onset)) ** 1.2;
  if (hours <= peakTo) return 1;
  if (hours >= resolved) return 0.05;
  return 0.05 + 0.95 * ((resolved - hours) / (resolved - peakTo)) ** 1.6;
}

// Early withdrawal shows yawning, tearing, anxiety and pupils first; GI upset, gooseflesh and aches
// come later (docs/clinical.md §5, symptom sequence). Items are raised in this order.
const RAISE_ORDER = [
  'yawning',
  'runnyNoseTearing',
  'anxietyIrritability',
  'restlessness',
  'pupils',
  'sweating',
  'boneJointAches',
  'tremor',
  'giUpset',
  'gooseflesh',
] as const;

export interface SimulatedCows {
  items: Record<string, number>;
  total: number;
  heartRate: number;
  systolic: number;
  diastolic: number;
  temperatureC: number;
  respiratoryRate: number;
  spo2: number;
}

/** A COWS form that sums exactly to the target, with vitals whose heart rate agrees with the pulse item. */
export function simulateCows(target: number, random: () => number): SimulatedCows {
  const heartRate = Math.round(70 + target * 1.6 + (random() - 0.5) * 10);
  const pulse = cowsPulseItemScore(heartRate);
  const items: Record<string, number> = Object.fromEntries(COWS.items.map((i) => [i.key, 0]));
  items.pulse = pulse;
  const goal = Math.max(target, pulse);
  let sum = pulse;
  const allowed = new Map(COWS.items.map((i) => [i.key, i.options.map((o) => o.value)]));
  let progressed = true;
  while (sum < goal && progressed) {
    progressed = false;
    for (const key of RAISE_ORDER) {
      const values = allowed.get(key) ?? [];
      const next = values.find((v) => v > (items[key] ?? 0));
      if (next === undefined) continue;
      const delta = next - (items[key] ?? 0);
      if (sum + delta > goal) continue;
      items[key] = next;
      sum += delta;
      progressed = true;
      if (sum === goal) break;
    }
  }
  const scored = scoreItems(COWS, items);
  if (!scored.ok) throw new Error(`simulated COWS is invalid: ${scored.issues.map((i) => i.message).join('; ')}`);
  return {
    items,
    total: scored.total,
    heartRate,
    systolic: Math.round(116 + scored.total * 1.3 + (random() - 0.5) * 12),
    diastolic: Math.round(72 + scored.total * 0.6 + (random() - 0.5) * 8),
    temperatureC: Math.round((36.7 + scored.total * 0.02 + (random() - 0.5) * 0.3) * 10) / 10,
    respiratoryRate: Math.round(15 + scored.total / 8 + random() * 2),
    spo2: Math.round(96 + random() * 3),
  };
}
