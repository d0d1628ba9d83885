import {
  type AdministrationContext,
  type DrugId,
  type MedicationOrder,
  type PriorAdministration,
  type UnitProtocol,
  checkDoseAgainstOrder,
} from '@detox/shared';
import type { Transaction } from 'kysely';
import { substancesOf } from '../../services/admission-substances.js';
import { appendAuditEvent } from '../../services/audit.js';
import { orderFacts } from '../../services/order-records.js';
import { orderSetsInForce } from '../../services/order-sets.js';
import { insertOrder } from '../../services/orders.js';
import { currentProtocol } from '../../services/protocol.js';
import type { Database } from '../database.js';
import type { DemoPatient, PlannedDose } from './demo-patients.js';
import type { SimulatedCows } from './simulation.js';

/**
 * The demo patients' orders (issue 9): the demo physician applies the unit's default set at
 * admission (and the buprenorphine induction set for patients inducted), and every simulated dose
 * is charted against its order only when the order and the unit protocol allow it, judged by the
 * same shared rules the server enforces (checkDoseAgainstOrder). A dose the rules would refuse is
 * not charted; one they would hold is charted as held with the reason.
 */

const SETS_BY_PLAN: Record<DemoPatient['plan'], string[]> = {
  symptomatic: ['opioid-withdrawal-clonidine'],
  buprenorphine: ['opioid-withdrawal-clonidine', 'buprenorphine-induction'],
};

interface Admission {
  id: number;
  unit_id: number;
  substance: string;
  opioid_kind: 'short' | 'long';
  last_use_at: string;
  admitted_at: string;
  weight_kg?: number | null;
}

export class DemoOrders {
  private readonly prior: PriorAdministration[] = [];
  private readonly byDrug = new Map<DrugId, MedicationOrder>();
  private taper: MedicationOrder | null = null;

  private constructor(
    private readonly trx: Transaction<Database>,
    private readonly admission: Admission,
    private readonly physicianId: number,
    private readonly protocol: UnitProtocol,
    private readonly timeZone: string,
    private readonly history: AdministrationContext['admission'],
  ) {}

  /** The physician applies the plan's sets a few minutes after admission. */
  static async atAdmission(
    trx: Transaction<Database>,
    admission: Admission,
    physicianId: number,
    plan: DemoPatient['plan'],
    admittedAt: Date,
  ): Promise<DemoOrders> {
    const unit = await trx
      .selectFrom('unit')
      .select('time_zone')
      .where('id', '=', admission.unit_id)
      .executeTakeFirstOrThrow();
    const protocol = await currentProtocol(trx, admission.unit_id);
    const substances = (await substancesOf(trx, [admission])).get(admission.id) ?? [];
    const history = {
      substances,
      lastUseAt: admission.last_use_at,
      weightKg: admission.weight_kg ?? null,
    } as AdministrationContext['admission'];
    const demo = new DemoOrders(trx, admission, physicianId, protocol.protocol, unit.time_zone, history);
    const orderedAt = new Date(admittedAt.getTime() + 5 * 60_000);
    const sets = await orderSetsInForce(trx, admission.unit_id);
    for (const code of SETS_BY_PLAN[plan]) {
      const set = sets.find((s) => s.code === code);
      if (!set) throw new Error(`demo seed: the unit has no order set ${code}`);
      for (const line of set.orders) {
        await demo.order({ ...line, startAt: orderedAt.toISOString() }, orderedAt, set.id);
      }
      await demo.audit('order-set-application', set.id, orderedAt);
    }
    return demo;
  }

  private async audit(entity: string, entityId: number, at: Date): Promise<void> {
    await appendAuditEvent(this.trx, {
      occurred_at: at.toISOString(),
      user_id: this.physicianId,
      user_role: 'physician',
      action: 'create',
      entity,
      entity_id: entityId,
      outcome: 'success',
      address: 'demo-seed',
    });
  }

  private async order(
    line: Parameters<typeof insertOrder>[3],
    at: Date,
    orderSetId: number | null,
  ): Promise<MedicationOrder> {
    const actor = { id: this.physicianId, name: 'demo physician', role: 'physician' as const, address: 'demo-seed' };
    const id = await insertOrder(
      this.trx,
      actor,
      this.admission,
      line,
      { channel: 'written', orderedBy: this.physicianId, readBack: false, orderSetId },
      {
        recordedAt: at.toISOString(),
        audit: (orderId) => this.audit('order', orderId, at),
      },
    );
    const [facts] = await orderFacts(this.trx, { orderId: id });
    if (!facts) throw new Error(`demo seed: order ${id} was not written`);
    if (!this.byDrug.has(facts.order.drug)) this.byDrug.set(facts.order.drug, facts.order);
    return facts.order;
  }

  /**
   * At the first induction dose the physician orders the taper: once a day at 08:00, the dose from
   * the taper plan, from the plan's first morning (`startAt`), so no 08:00 before it falls due.
   */
  async orderTaper(at: Date, startAt: Date): Promise<void> {
    if (this.taper) return;
    // docs/clinical.md §6.2: a within-detox taper over about 6 days from a day-2 total of up to 16 mg.
    this.taper = await this.order(
      {
        drug: 'buprenorphine',
        doseMg: 2,
        doseMaxMg: 12,
        route: 'SL',
        kind: 'scheduled',
        timesOfDay: ['08:00'],
        indication: "taper, the day's dose from the taper plan",
        startAt: startAt.toISOString(),
      },
      at,
      null,
    );
  }

  /**
   * Whether and how the dose may be charted: against which order, given or held. null: the
   * order or the protocol does not allow it now (it is left out of the demo chart).
   */
  judge(
    dose: PlannedDose,
    givenAt: Date,
    cows: SimulatedCows,
    takenAt: Date,
  ): { orderId: number; status: 'given' | 'held'; holdReason: string | null } | null {
    const order = dose.indication.startsWith('Taper') ? this.taper : (this.byDrug.get(dose.drug) ?? null);
    if (!order) return null;
    const ctx: AdministrationContext = {
      proposed: {
        drug: dose.drug,
        doseMg: dose.doseMg,
        route: dose.route,
        givenAt: givenAt.toISOString(),
        status: 'given',
      },
      admission: this.history,
      recentAdministrations: this.prior,
      latestAssessment: { instrument: 'COWS', total: cows.total, takenAt: takenAt.toISOString() },
      latestVitals: {
        takenAt: takenAt.toISOString(),
        heartRate: cows.heartRate,
        systolic: cows.systolic,
        diastolic: cows.diastolic,
      },
      protocol: this.protocol,
      timeZone: this.timeZone,
    };
    const warnings = checkDoseAgainstOrder(ctx, order, [
      { instrument: 'COWS', total: cows.total, takenAt: takenAt.toISOString() },
    ]);
    const blocking = warnings.filter((w) => w.requiresOverride || w.hardStop);
    const holds = blocking.filter((w) => w.code.startsWith('hold-low-'));
    if (blocking.length > 0 && holds.length === blocking.length) {
      return {
        orderId: order.id,
        status: 'held',
        holdReason: `Hold parameter: BP ${cows.systolic}/${cows.diastolic}, HR ${cows.heartRate}`,
      };
    }
    if (blocking.length > 0) return null;
    return { orderId: order.id, status: 'given', holdReason: null };
  }

  /** A charted dose counts for the next one's limits; the last taper dose (2 mg) ends the taper order. */
  async charted(dose: PlannedDose, givenAt: Date, status: 'given' | 'held'): Promise<void> {
    this.prior.push({ drug: dose.drug, doseMg: dose.doseMg, givenAt: givenAt.toISOString(), status });
    if (this.taper && status === 'given' && dose.indication.startsWith('Taper') && dose.doseMg <= 2) {
      // The physician discontinues the taper once its last dose is given, so no 08:00 dose falls due after it.
      const at = new Date(Math.min(givenAt.getTime() + 60 * 60_000, Date.now()));
      await this.trx
        .insertInto('order_discontinuation')
        .values({
          order_id: this.taper.id,
          reason: 'Taper complete',
          discontinued_by: this.physicianId,
          discontinued_at: at.toISOString(),
        })
        .execute();
      await appendAuditEvent(this.trx, {
        occurred_at: at.toISOString(),
        user_id: this.physicianId,
        user_role: 'physician',
        action: 'update',
        entity: 'order',
        entity_id: this.taper.id,
        outcome: 'success',
        address: 'demo-seed',
      });
    }
  }
}
