import { TEMPERATURE_SCALES, type TemperatureScale, temperatureSymbol } from '@detox/shared';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '../../trpc.js';
import { useCurrentUnit } from './use-unit.js';

/**
 * The unit's temperature scale: a US unit charts in °F, others in °C. Readings are stored in °C either
 * way, so changing it changes only how temperatures are typed and shown, never a recorded value.
 */
export function TemperatureUnitSetting({ canEdit }: { canEdit: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { unit } = useCurrentUnit();
  const change = useMutation(
    trpc.units.setTemperatureUnit.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries(trpc.units.pathFilter()),
    }),
  );
  if (!unit) return null;
  const choose = (scale: TemperatureScale) => change.mutate({ unitId: unit.id, temperatureUnit: scale });
  return (
    <section className="card" aria-labelledby="temperature-unit-title">
      <h2 id="temperature-unit-title">Temperature scale</h2>
      <p className="small">
        Nurses on {unit.name} enter and read temperatures in {temperatureSymbol(unit.temperatureUnit)}. Readings are
        stored in °C, so a change here alters no recorded value.
      </p>
      <div className="segmented" role="radiogroup" aria-label="Temperature scale">
        {TEMPERATURE_SCALES.map((scale) => (
          <label key={scale} className={`segment${unit.temperatureUnit === scale ? ' selected' : ''}`}>
            <input
              type="radio"
              name="temperatureUnit"
              value={scale}
              checked={unit.temperatureUnit === scale}
              disabled={!canEdit || change.isPending}
              onChange={() => choose(scale)}
            />
            {temperatureSymbol(scale)}
          </label>
        ))}
      </div>
      {!canEdit && <p className="muted small">A physician of the unit can change it.</p>}
      {change.error && <p className="error">{change.error.message}</p>}
    </section>
  );
}
