import { DEFAULT_UNIT_PROTOCOL } from '@detox/shared';
import { describe, expect, it } from 'vitest';
import { readStoredProtocol } from './protocol.js';

describe('readStoredProtocol', () => {
  it('reads a valid stored version, filling in settings added since it was saved', () => {
    const { reassessment: _added, ...older } = DEFAULT_UNIT_PROTOCOL as typeof DEFAULT_UNIT_PROTOCOL & {
      reassessment?: unknown;
    };
    const protocol = readStoredProtocol(JSON.stringify(older), 1, 3);
    expect(protocol.drugs.clonidine).toEqual(DEFAULT_UNIT_PROTOCOL.drugs.clonidine);
  });

  it('fails loudly, naming the unit, the version and the problem, instead of falling back to defaults', () => {
    const broken = {
      ...DEFAULT_UNIT_PROTOCOL,
      drugs: {
        ...DEFAULT_UNIT_PROTOCOL.drugs,
        clonidine: { ...DEFAULT_UNIT_PROTOCOL.drugs.clonidine, maxPer24hMg: -1 },
      },
    };
    expect(() => readStoredProtocol(JSON.stringify(broken), 7, 12)).toThrow(
      /unit 7, version 12, is not valid \(drugs\.clonidine\.maxPer24hMg/,
    );
  });
});
