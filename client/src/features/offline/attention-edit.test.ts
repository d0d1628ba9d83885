import { describe, expect, it } from 'vitest';
import { editedWrite } from './attention-edit.js';
import type { OutboxWrite } from './outbox-entry.js';

const dose: OutboxWrite = {
  procedure: 'medications.record',
  input: {
    admissionId: 1,
    orderId: 3,
    drug: 'clonidine',
    doseMg: 0.1,
    route: 'PO',
    status: 'held',
    givenAt: '2026-12-02T10:05:00Z',
  },
};

describe('editedWrite', () => {
  it('replaces only the edited fields of a dose', () => {
    const edited = editedWrite(dose, { holdReason: '  BP 86/54 ', doseMg: '0.2' });
    expect(edited).toEqual({ ...dose, input: { ...dose.input, holdReason: 'BP 86/54', doseMg: 0.2 } });
  });
  it('keeps the charted time unless the nurse changed it', () => {
    expect(editedWrite(dose, {}).procedure === 'medications.record' && editedWrite(dose, {}).input).toMatchObject({
      givenAt: '2026-12-02T10:05:00Z',
    });
    const moved = editedWrite(dose, { chartedAt: '2026-12-02T10:00:00Z' });
    expect(moved.procedure === 'medications.record' && moved.input.givenAt).toBe('2026-12-02T10:00:00Z');
  });
  it('an emptied reason is left out, not sent blank', () => {
    const edited = editedWrite(dose, { overrideReason: '   ' });
    expect(JSON.parse(JSON.stringify(edited)).input).not.toHaveProperty('overrideReason');
  });
  it('adds the pulse reason to an assessment', () => {
    const cows: OutboxWrite = {
      procedure: 'assessments.record',
      input: { admissionId: 1, instrument: 'COWS', takenAt: '2026-12-02T10:05:00Z', items: { pulse: 0 } },
    };
    const edited = editedWrite(cows, { pulseReason: 'walked back from the bathroom' });
    expect(edited.procedure === 'assessments.record' && edited.input.itemReasons).toEqual({
      pulse: 'walked back from the bathroom',
    });
  });
  it('changes the reason of a correction', () => {
    const correction: OutboxWrite = { procedure: 'assessments.correct', input: { assessmentId: 4, reason: 'x' } };
    expect(editedWrite(correction, { reason: ' wrong patient ' })).toEqual({
      procedure: 'assessments.correct',
      input: { assessmentId: 4, reason: 'wrong patient' },
    });
  });
});
