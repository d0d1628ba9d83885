import { describe, expect, it } from 'vitest';
import { DEFAULT_UNIT_PROTOCOL } from './protocol.js';
import { taperPlanLimit } from './taper-plan.js';
import type { AdministrationContext } from './administration-context.js';

function ctx(doseMg: number, taperPlanDay?: AdministrationContext['taperPlanDay']): AdministrationContext {
  return {
    proposed: { drug: 'buprenorphine', doseMg, route: 'SL', givenAt: '2026-11-20T13:00:00Z', status: 'given' },
    admission: { substances: [{ code: 'heroin' }], lastUseAt: '2026-11-18T13:00:00Z' },
    recentAdministrations: [],
    protocol: DEFAULT_UNIT_PROTOCOL,
    taperPlanDay,
  };
}

describe('taper plan limit', () => {
  it('says nothing without a plan for the day', () => {
    expect(taperPlanLimit(ctx(8))).toEqual([]);
  });

  it('allows a dose that reaches the planned total exactly', () => {
    expect(taperPlanLimit(ctx(4, { day: 3, plannedMg: 8, givenMg: 4 }))).toEqual([]);
  });

  it('asks for a reason when the dose goes past the planned total', () => {
    const [warning] = taperPlanLimit(ctx(4, { day: 3, plannedMg: 8, givenMg: 6 }));
    expect(warning?.code).toBe('above-taper-plan');
    expect(warning?.requiresOverride).toBe(true);
    expect(warning?.hardStop).toBe(false);
    expect(warning?.message).toContain('stay day 3 to 10 mg, above the taper plan of 8 mg');
  });

  it('names the stay day with its date when the date is known', () => {
    const [warning] = taperPlanLimit(ctx(4, { day: 3, date: '2026-11-20', plannedMg: 2, givenMg: 0 }));
    expect(warning?.message).toContain('stay day 3 (Fri 20 Nov) to 4 mg');
  });

  it('adds tenths of a milligram exactly (0.1 + 0.2 reaches a 0.3 mg plan)', () => {
    const c = ctx(0.2, { day: 1, plannedMg: 0.3, givenMg: 0.1 });
    c.proposed.drug = 'clonidine';
    expect(taperPlanLimit(c)).toEqual([]);
  });
});
