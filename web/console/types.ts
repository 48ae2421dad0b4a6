import type { z } from 'zod';
import type { lineLookup, staffCaseView, workRow } from '../../src/http/case-view-schemas.js';
import type { bulkRunView, createdRun, rowRejection, runLinePage } from '../../src/http/bulk-run-schemas.js';

/** A case as staff see it: the holder's view plus risk, approvals, verification and documents. */
export type StaffCaseView = z.output<typeof staffCaseView>;
/** What raised one risk signal (src/domain/risk.ts SignalEvidence); null for a case assessed before it was kept. */
export type SignalEvidence = NonNullable<StaffCaseView['staff']['riskContext']['signals'][number]['evidence']>;

/** A line looked up by staff, with its holder, checklist and message language. */
export type LineLookup = z.output<typeof lineLookup>;
/** A case in a work list. */
export type WorkRow = z.output<typeof workRow>;

/** GET /v1/admin/bulk-runs/{id} (services/bulk-runs.service.ts BulkRunView). */
export type BulkRunView = z.output<typeof bulkRunView>;
/** A row of an uploaded list that was not taken (domain/bulk-runs.ts BulkRowRejection). */
export type BulkRowRejection = z.output<typeof rowRejection>;
/** POST /v1/admin/bulk-runs answers 201 with this. */
export type CreatedBulkRun = z.output<typeof createdRun>;
/** GET /v1/admin/bulk-runs/{id}/lines */
export type BulkRunLinePage = z.output<typeof runLinePage>;
