import { fhirExportQuery, reportDownloadQuery } from '@detox/shared';
import { TRPCError } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { type NextFunction, type Request, type Response, Router } from 'express';
import type { Kysely } from 'kysely';
import { ZodError, type z } from 'zod';
import type { Database } from '../db/database.js';
import { exportAdmissionBundle } from '../services/fhir-export.js';
import type { SessionPolicy } from '../auth/session-policy.js';
import { downtimeSnapshot } from '../services/downtime-snapshot.js';
import { Refusal } from '../services/errors.js';
import { downloadUnitId, refuseOutsideUnits } from '../services/unit-guard.js';
import { errorShapeOf, refusalAsTRPCError } from '../trpc.js';
import { buildShiftReport } from '../services/shift-report.js';
import { downtimePdf } from '../render/pdf/downtime-pdf.js';
import { shiftReportPdf } from '../render/pdf/shift-pdf.js';
import { NoSession, actorOf, requireSession } from './require-session.js';
import { shiftReportCsv } from '../render/shift-csv.js';

function parseQuery<S extends z.ZodType>(schema: S, req: Request): z.infer<S> {
  // Express may give an array for a repeated parameter; only single values are meaningful here.
  const query = Object.fromEntries(Object.entries(req.query).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
  return schema.parse(query);
}

/** A file name from the unit's name and a local time: letters, digits and dashes only. */
function fileStem(unitName: string, label: string): string {
  return `${unitName}-${label}`
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

function sendFile(
  res: Response,
  body: Buffer | string,
  type: string,
  filename: string,
  disposition: 'attachment' | 'inline' = 'attachment',
): void {
  res.setHeader('Content-Type', type);
  res.setHeader('Content-Disposition', `${disposition}; filename="${filename}"`);
  // Patient data: never kept by a browser or proxy cache.
  res.setHeader('Cache-Control', 'no-store');
  res.status(200).send(body);
}

type Handler = (req: Request, res: Response) => Promise<void>;

const NOT_LOGGED_IN = 'You are not logged in, or your session has ended; log in again';

/** Any failure as the TRPCError tRPC itself would raise for it. */
function asTRPCError(error: unknown): TRPCError {
  if (error instanceof TRPCError) return error;
  if (error instanceof NoSession) return new TRPCError({ code: 'UNAUTHORIZED', message: NOT_LOGGED_IN });
  if (error instanceof ZodError) return new TRPCError({ code: 'BAD_REQUEST', message: error.message, cause: error });
  if (error instanceof Refusal) return refusalAsTRPCError(error);
  return new TRPCError({
    code: 'INTERNAL_SERVER_ERROR',
    message: 'The server could not build this file; try again, and tell the unit admin if it keeps failing',
    cause: error,
  });
}

/** Errors leave in tRPC's shape and status (one error shape for the whole server); a 500 logs its cause. */
function sendError(error: unknown, req: Request, res: Response): void {
  const trpcError = asTRPCError(error);
  if (trpcError.code === 'INTERNAL_SERVER_ERROR') console.error(`${req.method} ${req.path} failed:`, error);
  res.status(getHTTPStatusCodeFromError(trpcError)).json({ error: errorShapeOf(trpcError, req.path) });
}

function handled(handler: Handler) {
  return async (req: Request, res: Response) => {
    try {
      await handler(req, res);
    } catch (error) {
      sendError(error, req, res);
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

  /** The shift report in one format: the same report, audited under the format's own name. */
  const shiftReportDownload = (
    format: 'csv' | 'pdf',
    render: (report: Awaited<ReturnType<typeof buildShiftReport>>) => Buffer | string | Promise<Buffer | string>,
    contentType: string,
  ) =>
    handled(async (req, res) => {
      const query = parseQuery(reportDownloadQuery, req);
      const unitId = await downloadUnitId(db, actorOf(res), query.unitId);
      const report = await buildShiftReport(
        db,
        actorOf(res),
        { unitId, shiftStart: query.shiftStart },
        { auditEntity: `shift-report.${format}` },
      );
      sendFile(
        res,
        await render(report),
        contentType,
        `shift-report-${fileStem(report.unit.name, report.window.label)}.${format}`,
      );
    });

  routes.get('/reports/shift.csv', session, shiftReportDownload('csv', shiftReportCsv, 'text/csv; charset=utf-8'));
  routes.get('/reports/shift.pdf', session, shiftReportDownload('pdf', shiftReportPdf, 'application/pdf'));

  routes.get(
    '/reports/downtime.pdf',
    session,
    handled(async (req, res) => {
      const query = parseQuery(reportDownloadQuery.pick({ unitId: true }), req);
      const unitId = await downloadUnitId(db, actorOf(res), query.unitId);
      const snapshot = await downtimeSnapshot(db, actorOf(res), unitId);
      // Opened in the browser's viewer, to be printed at once.
      sendFile(
        res,
        await downtimePdf(snapshot),
        'application/pdf',
        `downtime-${fileStem(snapshot.unit.name, snapshot.asOf.slice(0, 16))}.pdf`,
        'inline',
      );
    }),
  );

  routes.get(
    '/exports/fhir',
    session,
    handled(async (req, res) => {
      const query = parseQuery(fhirExportQuery, req);
      await refuseOutsideUnits(db, actorOf(res), { admissionId: query.admissionId });
      const bundle = await exportAdmissionBundle(db, actorOf(res), query.admissionId);
      sendFile(
        res,
        JSON.stringify(bundle, null, 2),
        'application/fhir+json; charset=utf-8',
        `admission-${query.admissionId}-fhir.json`,
      );
    }),
  );

  // requireSession passes "no session" (and its own failures) here.
  routes.use(['/reports', '/exports'], (error: unknown, req: Request, res: Response, _next: NextFunction) =>
    sendError(error, req, res),
  );
  return routes;
}
