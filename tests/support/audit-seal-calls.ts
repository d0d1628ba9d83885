/** An instance's calls of audit_seal() so far, by answer (GET /metrics, detox_audit_seal_calls_total). */
export interface SealCalls {
  sealed: number;
  refused: number;
}

/** Reads them from the instance's /metrics with its METRICS_TOKEN; null if they cannot be read. */
export async function auditSealCalls(url: string, metricsToken: string): Promise<SealCalls | null> {
  try {
    const response = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${metricsToken}` } });
    const text = await response.text();
    const count = (outcome: string) =>
      Number(new RegExp(`^detox_audit_seal_calls_total\\{outcome="${outcome}"\\} (\\d+)$`, 'm').exec(text)?.[1]);
    const calls = { sealed: count('sealed'), refused: count('refused') };
    return Number.isNaN(calls.sealed) || Number.isNaN(calls.refused) ? null : calls;
  } catch {
    return null;
  }
}
