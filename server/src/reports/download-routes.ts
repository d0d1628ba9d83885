import { fhirExportQuery, reportDownloadQuery } from '@detox/shared';
import { type Request, type Response, Router } from 'express';
import type { Kysely } from 'kysely';
import { ZodError, type z } from 'zod';
import type { Database } from '../db/database.js';
import { exportAdmissionBundle } from '../fhir/admission-export.js';
import type { SessionPolicy } from '../services/auth.js';
import { downtimeSnapshot } from '../services/downtime-snapshot.js';
import { Refusal } from '../services/errors.js';
import { buildShiftReport } from '../services/shift-report.js';
import { downtimePdf } from './pdf/downtime-pdf.js';
import { shiftReportPdf } from './pdf/shift-pdf.js';
import { actorOf, requireSession } from './session-middleware.js';
import { shiftReportCsv } from './shift-csv.js';

const STATUS: Record<Refusal['code'], number> = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PRECONDITION_FAILED: 412,
  TOO_MANY_REQUESTS: 429,
};

function parseQuery<S extends z.ZodType>(schema: S, req: Request): z.infer<S> {
  // Express may give an array for a repeated parameter; only single values are meaningful here.
  const query = Object.fromEntries(Object.entries(req.query).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
  return schema.parse(query);
}

/** The unit asked for, or the only one while there is only one (api.md downloads). */
async function unitIdFor(db: Kysely<Database>, requested: number | undefined): Promise<number> {
  if (requested !== undefined) return requested;
  const units = await db.selectFrom('unit').select('id').orderBy('id').limit(2).execute();
  const [only, second] = units;
  if (!only) throw new Refusal('NOT_FOUND', 'No unit is set up yet');
  if (second) throw new Refusal('BAD_REQUEST', 'This server has more than one unit: say which with unitId=<id> (units.list gives the ids)', 'unitId');
  return only.id;
}

/** A file name from the unit's name and a local time: letters, digits and dashes only. */
function fileStem(unitName: string, label: string): string {
  return `${unitName}-${label}`.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

function sendFile(res: Response, body: Buffer | string, type: string, filename: string, disposition: 'attachment' | 'inline' = 'attachment'): void {
  res.setHeader('Content-Type', type);
  res.setHeader('Content-Disposition', `${disposition}; filename="${filename}"`);
  // Patient data: never kept by a browser or proxy cache.
  res.setHeader('Cache-Control', 'no-store');
  res.status(200).send(body);
}

type Handler = (req: Request, res: Response) => Promise<void>;

/** Refusals and bad queries become JSON errors with their status; anything else is a 500 without details. */
function handled(handler: Handler) {
  return async (req: Request, res: Response) => {
    try {
      await handler(req, res);
    } catch (error) {
      if (error instanceof ZodError) {
        const issues = error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
        res.status(400).json({
          error: { code: 'BAD_REQUEST', httpStatus: 400, message: issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; '), issues },
        });
      } else if (error instanceof Refusal) {
        const status = STATUS[error.code];
        res.status(status).json({ error: { code: error.code, httpStatus: status, message: error.message, issues: error.path ? [{ path: error.path, message: error.message }] : [] } });
      } else {
        console.error(`${req.method} ${req.path} failed:`, error);
        res.status(500).json({ error: { code: 'INTERNAL_SERVER_ERROR', httpStatus: 500, message: 'The server could not build this file; try again, and tell the unit admin if it keeps failing', issues: [] } });
      }
    }
  };
}

/**
 * The downloads of api.md: the shift report as CSV and PDF, the downtime snapshot PDF and the
 * FHIR R4 export of one admission. Each needs a session and is audited by the service it calls.
 */
export function downloadRoutes(db: Kysely<Database>, policy: SessionPolicy): Router {
  const routes = Router();
  const session = requireSession(db, policy);

  routes.get(
    '/reports/shift.csv',
    session,
    handled(async (req, res) => {
      const query = parseQuery(reportDownloadQuery, req);
      const unitId = await unitIdFor(db, query.unitId);
      const report = await buildShiftReport(db, actorOf(res), { unitId, shiftStart: query.shiftStart }, { auditEntity: 'shift-report.csv' });
      sendFile(res, shiftReportCsv(report), 'text/csv; charset=utf-8', `shift-report-${fileStem(report.unit.name, report.window.label)}.csv`);
    }),
  );

  routes.get(
    '/reports/shift.pdf',
    session,
    handled(async (req, res) => {
      const query = parseQuery(reportDownloadQuery, req);
      const unitId = await unitIdFor(db, query.unitId);
      const report = await buildShiftReport(db, actorOf(res), { unitId, shiftStart: query.shiftStart }, { auditEntity: 'shift-report.pdf' });
      sendFile(res, await shiftReportPdf(report), 'application/pdf', `shift-report-${fileStem(report.unit.name, report.window.label)}.pdf`);
    }),
  );

  routes.get(
    '/reports/downtime.pdf',
    session,
    handled(async (req, res) => {
      const query = parseQuery(reportDownloadQuery.pick({ unitId: true }), req);
      const unitId = await unitIdFor(db, query.unitId);
      const snapshot = await downtimeSnapshot(db, actorOf(res), unitId);
      // Opened in the browser's viewer, to be printed at once.
      sendFile(res, await downtimePdf(snapshot), 'application/pdf', `downtime-${fileStem(snapshot.unit.name, snapshot.asOf.slice(0, 16))}.pdf`, 'inline');
    }),
  );

  routes.get(
    '/exports/fhir',
    session,
    handled(async (req, res) => {
      const query = parseQuery(fhirExportQuery, req);
      const bundle = await exportAdmissionBundle(db, actorOf(res), query.admissionId);
      sendFile(res, JSON.stringify(bundle, null, 2), 'application/fhir+json; charset=utf-8', `admission-${query.admissionId}-fhir.json`);
    }),
  );

  return routes;
}
