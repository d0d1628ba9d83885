import { preloadable } from './lib/preloadable.js';
import { matchRoute } from './router.js';

/**
 * The screens behind the login, each its own chunk: the login page loads none of them (nor Recharts,
 * which only the patient chart uses), and each is preloaded while idle once someone has logged in.
 */
export const CensusBoard = preloadable(() => import('./features/census/census-board.js').then((m) => m.CensusBoard));
export const PatientPage = preloadable(() => import('./features/patient/patient-page.js').then((m) => m.PatientPage));
export const ProtocolPage = preloadable(() =>
  import('./features/protocol/protocol-page.js').then((m) => m.ProtocolPage),
);
export const TemperatureUnitSetting = preloadable(() =>
  import('./features/unit/temperature-unit-setting.js').then((m) => m.TemperatureUnitSetting),
);
export const ReportsPage = preloadable(() => import('./features/reports/reports-page.js').then((m) => m.ReportsPage));
export const CountersignPage = preloadable(() =>
  import('./features/orders/countersign-page.js').then((m) => m.CountersignPage),
);
export const UsersPage = preloadable(() => import('./features/users/users-page.js').then((m) => m.UsersPage));
export const AuditPage = preloadable(() => import('./features/audit/audit-page.js').then((m) => m.AuditPage));

/**
 * What a role is likely to open next, most likely first. Not the patient chart: the patient page
 * fetches it (Recharts, 100 kB compressed, the heaviest to run) as it opens, with its own loading
 * line, rather than every board view paying for running it.
 */
export function screensToPreload(role: string) {
  if (role === 'admin') return [UsersPage, AuditPage, ProtocolPage, TemperatureUnitSetting];
  return [CensusBoard, PatientPage, ReportsPage, ProtocolPage, TemperatureUnitSetting, CountersignPage];
}

/**
 * The screen an address most likely shows (the board for /: an admin's users page is the exception,
 * known only once auth.me answers), to start fetching before we know who is logged in.
 */
export function screenFor(path: string): { preload: () => Promise<unknown> } | null {
  const route = matchRoute(path);
  switch (route.name) {
    case 'unit':
      return CensusBoard;
    case 'admission':
      return PatientPage;
    case 'protocol':
      return ProtocolPage;
    case 'reports':
      return ReportsPage;
    case 'countersign':
      return CountersignPage;
    case 'users':
      return UsersPage;
    case 'audit':
      return AuditPage;
    default:
      return null;
  }
}
