import { auditListInput } from '@detox/shared';
import { searchAudit } from '../services/audit-search.js';
import { requireRole, router } from '../trpc.js';

export const auditRouter = router({
  list: requireRole('admin')
    .input(auditListInput)
    .query(({ ctx, input }) => searchAudit(ctx.db, ctx.actor, input)),
});
