import type { UnitProtocol } from '@detox/shared';

/** What every section of the protocol page is given: the draft, whether it may be edited, its errors by path. */
export interface ProtocolSectionProps {
  draft: UnitProtocol;
  editable: boolean;
  err: (path: string) => string | undefined;
  onChange: (next: UnitProtocol) => void;
}
