import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString, type OpenAPI3 } from 'openapi-typescript';
import ts from 'typescript';
import { startHarness, type Harness } from './support/harness.js';

const webDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'web');

/**
 * The web apps' types for what they read (web/portal/types.ts, web/console/types.ts), each next to the
 * endpoints it is read from. A route whose declared answer no longer fits what the page expects (a field
 * gone, renamed, retyped, made nullable) fails to compile here.
 */
const checks = `
import type { paths } from './api';
import type * as Portal from '${join(webDir, 'portal', 'types')}';
import type * as Console from '${join(webDir, 'console', 'types')}';

/** The JSON body a route answers with a status; a brand that fits no web type when it answers none. */
type Answer<P extends keyof paths, M extends keyof paths[P], S extends number> = paths[P][M] extends {
  responses: { [K in S]: { content: { 'application/json': infer Body } } };
}
  ? Body
  : { missingAnswer: [P, M, S] };

/** Compiles only when the API's answer can stand where the web app's type is expected. */
function fits<Web>(_answer: Web): void {}
declare function answer<P extends keyof paths, M extends keyof paths[P], S extends number>(
  path: P,
  method: M,
  status: S,
): Answer<P, M, S>;

// The portal.
fits<{ lines: Portal.Line[] }>(answer('/v1/lines', 'get', 200));
fits<Portal.ChecklistResponse>(answer('/v1/lines/{msisdn}/checklist', 'get', 200));
fits<Portal.ChecklistResponse>(answer('/v1/lines/{msisdn}/checklist', 'post', 200));
fits<Portal.CaseView>(answer('/v1/cancellations', 'post', 201));
fits<Portal.CaseView>(answer('/v1/cancellations', 'post', 200));
fits<{ cases: Portal.CaseSummary[] }>(answer('/v1/cases', 'get', 200));
fits<Portal.CaseView>(answer('/v1/cases/{id}', 'get', 200));
fits<Portal.CaseView>(answer('/v1/cases/{id}/withdraw', 'post', 200));
fits<Portal.CaseView>(answer('/v1/cases/{id}/info', 'post', 200));

// The console.
fits<Console.LineLookup>(answer('/v1/staff/lines/{msisdn}', 'get', 200));
fits<Console.StaffCaseView>(answer('/v1/staff/cases', 'post', 201));
fits<Console.StaffCaseView>(answer('/v1/staff/cases/{id}', 'get', 200));
fits<Console.StaffCaseView>(answer('/v1/staff/cases/{id}/approve', 'post', 200));
fits<Console.StaffCaseView>(answer('/v1/staff/cases/{id}/reject', 'post', 200));
fits<Console.StaffCaseView>(answer('/v1/staff/cases/{id}/request-info', 'post', 200));
fits<Console.StaffCaseView>(answer('/v1/staff/cases/{id}/card-return', 'post', 200));
fits<Console.StaffCaseView>(answer('/v1/staff/cases/{id}/retry', 'post', 200));
fits<Console.StaffCaseView>(answer('/v1/staff/cases/{id}/notes', 'post', 201));
fits<{ cases: Console.WorkRow[] }>(answer('/v1/staff/work', 'get', 200));
fits<Console.CreatedBulkRun>(answer('/v1/admin/bulk-runs', 'post', 201));
fits<{ runs: Console.BulkRunView[] }>(answer('/v1/admin/bulk-runs', 'get', 200));
fits<Console.BulkRunView>(answer('/v1/admin/bulk-runs/{id}', 'get', 200));
fits<Console.BulkRunView>(answer('/v1/admin/bulk-runs/{id}/pause', 'post', 200));
fits<{ rejections: Console.BulkRowRejection[] }>(answer('/v1/admin/bulk-runs/{id}/rejections', 'get', 200));
fits<Console.BulkRunLinePage>(answer('/v1/admin/bulk-runs/{id}/lines', 'get', 200));
`;

/**
 * A client generated from the served /openapi.json (openapi-typescript) type-checks against the web
 * apps' own types under the web apps' compiler settings (web/tsconfig.json).
 */
describe('the web apps read what /openapi.json says the API answers', () => {
  let harness: Harness;
  let folder: string;

  before(async () => {
    harness = await startHarness();
    folder = mkdtempSync(join(tmpdir(), 'simexit-openapi-client-'));
  });
  after(async () => {
    rmSync(folder, { recursive: true, force: true });
    await harness.close();
  });

  test('the generated types fit the web apps’ types', async () => {
    const response = await harness.request({ method: 'GET', url: '/openapi.json' });
    assert.equal(response.status, 200);
    writeFileSync(join(folder, 'api.d.ts'), astToString(await openapiTS(response.body as OpenAPI3)));
    writeFileSync(join(folder, 'checks.ts'), checks);

    const config = ts.readConfigFile(join(webDir, 'tsconfig.json'), (path) => ts.sys.readFile(path));
    assert.equal(config.error, undefined);
    const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, webDir);
    const program = ts.createProgram([join(folder, 'checks.ts')], { ...options, noEmit: true });
    const problems = ts
      .getPreEmitDiagnostics(program)
      .map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
    assert.deepEqual(problems, []);
  });
});
