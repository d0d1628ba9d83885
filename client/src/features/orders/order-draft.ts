import {
  type DrugId,
  type InstrumentId,
  type OrderKind,
  type Route,
  createOrderInput,
  verbalOrderInput,
} from '@detox/shared';

/** An order as typed in the form: strings until they are sent, so a half-typed number stays as typed. */
export interface OrderDraft {
  drug: DrugId | '';
  dose: string;
  doseMax: string;
  route: Route | '';
  kind: OrderKind;
  everyHours: string;
  timesOfDay: string;
  indication: string;
  triggerInstrument: InstrumentId | '';
  triggerMin: string;
  minIntervalHours: string;
  maxPer24h: string;
  holdSbp: string;
  holdDbp: string;
  holdHr: string;
  note: string;
}

export const EMPTY_ORDER: OrderDraft = {
  drug: '',
  dose: '',
  doseMax: '',
  route: '',
  kind: 'prn',
  everyHours: '',
  timesOfDay: '',
  indication: '',
  triggerInstrument: '',
  triggerMin: '',
  minIntervalHours: '',
  maxPer24h: '',
  holdSbp: '',
  holdDbp: '',
  holdHr: '',
  note: '',
};

/** Blank is "not given"; anything else is sent as a number, so "abc" meets the schema's own message. */
function num(value: string): number | undefined {
  return value.trim() === '' ? undefined : Number(value);
}

/** The procedure input the draft stands for; the shared schema judges it (the same one the server uses). */
export function orderContentOf(d: OrderDraft): Record<string, unknown> {
  const scheduled = d.kind === 'scheduled';
  const prn = d.kind === 'prn';
  const interval = num(d.minIntervalHours);
  const hold = {
    systolicBelowMmHg: num(d.holdSbp),
    diastolicBelowMmHg: num(d.holdDbp),
    heartRateBelowBpm: num(d.holdHr),
  };
  const hasHold = Object.values(hold).some((v) => v !== undefined);
  return {
    drug: d.drug || undefined,
    doseMg: num(d.dose),
    doseMaxMg: num(d.doseMax),
    route: d.route || undefined,
    kind: d.kind,
    everyHours: scheduled ? num(d.everyHours) : undefined,
    timesOfDay: scheduled && d.timesOfDay.trim() ? d.timesOfDay.split(/[\s,;]+/).filter(Boolean) : undefined,
    indication: d.indication.trim() || undefined,
    trigger: prn && d.triggerInstrument ? { instrument: d.triggerInstrument, minTotal: num(d.triggerMin) } : undefined,
    minIntervalMinutes: interval === undefined ? undefined : Math.round(interval * 60),
    maxPer24hMg: num(d.maxPer24h),
    hold: hasHold ? hold : undefined,
    note: d.note.trim() || undefined,
  };
}

export interface VerbalDetails {
  orderedBy: number | null;
  channel: 'verbal' | 'telephone';
  readBack: boolean;
}

/** The messages of the shared schema by field ("doseMg", "trigger.minTotal", "readBack"). */
function issuesOf(result: {
  success: boolean;
  error?: { issues: { path: PropertyKey[]; message: string }[] };
}): Record<string, string> {
  const byPath: Record<string, string> = {};
  for (const issue of result.error?.issues ?? []) {
    const path = issue.path.map(String).join('.');
    if (!byPath[path]) byPath[path] = issue.message;
  }
  return byPath;
}

const NO_ERRORS: Record<string, string> = {};

export function checkWrittenOrder(admissionId: number, d: OrderDraft) {
  const parsed = createOrderInput.safeParse({ admissionId, ...orderContentOf(d) });
  return parsed.success ? { input: parsed.data, errors: NO_ERRORS } : { input: null, errors: issuesOf(parsed) };
}

export function checkVerbalOrder(admissionId: number, d: OrderDraft, v: VerbalDetails) {
  const parsed = verbalOrderInput.safeParse({
    admissionId,
    ...orderContentOf(d),
    orderedBy: v.orderedBy ?? undefined,
    channel: v.channel,
    readBack: v.readBack || undefined,
  });
  return parsed.success ? { input: parsed.data, errors: NO_ERRORS } : { input: null, errors: issuesOf(parsed) };
}
