import { formatUnitTime } from '../../lib/unit-time.js';

interface Correction {
  action: 'replaced' | 'entered-in-error';
  reason: string;
  replacementId: number | null;
  correctedBy: { name: string };
  correctedAt: string;
}

/** Who corrected a record, when and why: shown on the old row, which is never removed. */
export function CorrectionNote({
  correction,
  supersedesId,
  zone,
}: {
  correction: Correction | null;
  supersedesId: number | null;
  zone: string;
}) {
  return (
    <>
      {correction?.action === 'replaced' && (
        <div className="correction-note">
          Superseded by #{correction.replacementId}: “{correction.reason}” — {correction.correctedBy.name},{' '}
          {formatUnitTime(correction.correctedAt, zone)}
        </div>
      )}
      {correction?.action === 'entered-in-error' && (
        <div className="correction-note error-note">
          Entered in error: “{correction.reason}” — {correction.correctedBy.name},{' '}
          {formatUnitTime(correction.correctedAt, zone)}
        </div>
      )}
      {supersedesId !== null && <div className="correction-note">Corrects #{supersedesId}</div>}
    </>
  );
}
