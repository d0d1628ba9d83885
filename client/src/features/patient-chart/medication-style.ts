import type { DrugId } from '@detox/shared';

export type MarkerShape =
  | 'circle'
  | 'square'
  | 'triangle'
  | 'triangle-down'
  | 'diamond'
  | 'star'
  | 'plus'
  | 'hexagon'
  | 'pentagon'
  | 'hourglass'
  | 'wye'
  | 'triangle-left'
  | 'triangle-right'
  | 'crescent';

export interface DrugStyle {
  readonly colour: string;
  readonly shape: MarkerShape;
}

/**
 * Fixed per drug, so buprenorphine is the same teal triangle on every patient's chart, and every drug
 * differs in shape as well as colour (colour alone fails on a black-and-white printout and for
 * colour-blind readers). The agonists get the simplest shapes; trazodone, given at bedtime, the moon.
 */
export const DRUG_STYLE: Readonly<Record<DrugId, DrugStyle>> = {
  methadone: { colour: '#1f4e9c', shape: 'square' },
  buprenorphine: { colour: '#00796b', shape: 'triangle' },
  'buprenorphine-naloxone': { colour: '#4a3aa8', shape: 'triangle-down' },
  clonidine: { colour: '#c25400', shape: 'diamond' },
  loperamide: { colour: '#7a5b00', shape: 'hexagon' },
  lofexidine: { colour: '#ad1457', shape: 'hourglass' },
  naltrexone: { colour: '#37474f', shape: 'triangle-right' },
  ondansetron: { colour: '#2e7d32', shape: 'star' },
  ibuprofen: { colour: '#b3261e', shape: 'circle' },
  acetaminophen: { colour: '#6d4c41', shape: 'pentagon' },
  hydroxyzine: { colour: '#0277bd', shape: 'plus' },
  dicyclomine: { colour: '#827717', shape: 'wye' },
  methocarbamol: { colour: '#6a1b9a', shape: 'triangle-left' },
  trazodone: { colour: '#283593', shape: 'crescent' },
};

/** SVG path of a shape centred on (0, 0), about 2r across. */
export function shapePath(shape: MarkerShape, r: number): string {
  const polygon = (points: readonly (readonly [number, number])[]) =>
    `${points.map(([x, y], i) => `${i === 0 ? 'M' : 'L'}${(x * r).toFixed(2)},${(y * r).toFixed(2)}`).join('')}Z`;
  const regular = (n: number, rotation: number, scale = 1) =>
    polygon(
      Array.from(
        { length: n },
        (_, i) =>
          [
            scale * Math.cos(rotation + (2 * Math.PI * i) / n),
            scale * Math.sin(rotation + (2 * Math.PI * i) / n),
          ] as const,
      ),
    );
  switch (shape) {
    case 'circle':
      return `M${-r},0a${r},${r} 0 1,0 ${2 * r},0a${r},${r} 0 1,0 ${-2 * r},0Z`;
    case 'square':
      return polygon([
        [-0.85, -0.85],
        [0.85, -0.85],
        [0.85, 0.85],
        [-0.85, 0.85],
      ]);
    case 'triangle':
      return polygon([
        [0, -1.1],
        [1, 0.75],
        [-1, 0.75],
      ]);
    case 'triangle-down':
      return polygon([
        [0, 1.1],
        [1, -0.75],
        [-1, -0.75],
      ]);
    case 'triangle-left':
      return polygon([
        [-1.1, 0],
        [0.75, -1],
        [0.75, 1],
      ]);
    case 'triangle-right':
      return polygon([
        [1.1, 0],
        [-0.75, -1],
        [-0.75, 1],
      ]);
    case 'diamond':
      return polygon([
        [0, -1.2],
        [0.9, 0],
        [0, 1.2],
        [-0.9, 0],
      ]);
    case 'hexagon':
      return regular(6, 0);
    case 'pentagon':
      return regular(5, -Math.PI / 2, 1.05);
    case 'star': {
      const points = Array.from({ length: 10 }, (_, i) => {
        const radius = i % 2 === 0 ? 1.2 : 0.5;
        const angle = -Math.PI / 2 + (Math.PI * i) / 5;
        return [radius * Math.cos(angle), radius * Math.sin(angle)] as const;
      });
      return polygon(points);
    }
    case 'plus':
      return polygon([
        [-0.35, -1],
        [0.35, -1],
        [0.35, -0.35],
        [1, -0.35],
        [1, 0.35],
        [0.35, 0.35],
        [0.35, 1],
        [-0.35, 1],
        [-0.35, 0.35],
        [-1, 0.35],
        [-1, -0.35],
        [-0.35, -0.35],
      ]);
    case 'hourglass':
      return polygon([
        [-0.9, -1],
        [0.9, -1],
        [0.15, 0],
        [0.9, 1],
        [-0.9, 1],
        [-0.15, 0],
      ]);
    case 'wye':
      return polygon([
        [-0.3, 1.05],
        [0.3, 1.05],
        [0.3, 0.2],
        [1.05, -0.45],
        [0.7, -0.9],
        [0, -0.25],
        [-0.7, -0.9],
        [-1.05, -0.45],
        [-0.3, 0.2],
      ]);
    case 'crescent':
      // Outer arc through the left of a circle of radius r, back along a flatter inner arc.
      return `M${0.5 * r},${-0.866 * r}A${r},${r} 0 1,0 ${0.5 * r},${0.866 * r}A${0.9 * r},${0.9 * r} 0 0,1 ${0.5 * r},${-0.866 * r}Z`;
  }
}
