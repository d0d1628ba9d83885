import type { AdministrationStatus } from '@detox/shared';
import { type DrugStyle, shapePath } from './medication-style.js';

export interface MedicationGlyphProps {
  look: DrugStyle;
  status: AdministrationStatus;
  x: number;
  y: number;
  r?: number;
}

/**
 * A drug's shape in its colour: filled when given, hollow with a dashed outline when held, hollow
 * and crossed out when refused. Each status differs in form, not only in colour, so it survives a
 * black-and-white printout.
 */
export function MedicationGlyph({ look, status, x, y, r = 7 }: MedicationGlyphProps) {
  const given = status === 'given';
  const cross = r * 0.8;
  return (
    <g transform={`translate(${x},${y})`} className={`medication-glyph status-${status}`}>
      <path
        d={shapePath(look.shape, r)}
        fill={given ? look.colour : '#ffffff'}
        stroke={look.colour}
        strokeWidth={given ? 1 : 1.8}
        strokeDasharray={status === 'held' ? '2.6 1.8' : undefined}
        strokeLinejoin="round"
      />
      {status === 'refused' && (
        <path
          d={`M${-cross},${-cross}L${cross},${cross}M${cross},${-cross}L${-cross},${cross}`}
          stroke="#17212b"
          strokeWidth={1.8}
          strokeLinecap="round"
        />
      )}
    </g>
  );
}

/** The glyph as a small inline image for the HTML legend. */
export function GlyphIcon(props: Omit<MedicationGlyphProps, 'x' | 'y'>) {
  return (
    <svg width={20} height={20} viewBox="-10 -10 20 20" aria-hidden="true" className="glyph-icon">
      <MedicationGlyph {...props} x={0} y={0} />
    </svg>
  );
}
