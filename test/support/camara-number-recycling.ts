/**
 * Facts from CAMARA's public definition of Number Recycling, written down for the conformance test
 * (only what the test compares; the definition itself is not copied):
 * - camaraproject/NumberRecycling, release r2.2, `code/API_definitions/number-recycling.yaml`
 *   (version 0.2.0, `x-camara-commonalities: 0.6`);
 * - camaraproject/Commonalities, release r3.3 (0.6.0): `artifacts/CAMARA_common.yaml` and
 *   `documentation/CAMARA-API-Design-Guide.md` (error shape, x-correlator, openId, 405, `v0.y` paths).
 */
export const numberRecyclingDefinition = {
  version: '0.2.0',
  /** servers[0].url is `{apiRoot}/number-recycling/v0.2`; the one path is `/check`. */
  checkPath: '/number-recycling/v0.2/check',
  method: 'post',
  operationId: 'checkNumberRecycling',
  security: { scheme: 'openId', type: 'openIdConnect', scopes: ['number-recycling:check'] },
  xCorrelator: { in: 'header', name: 'x-correlator', pattern: '^[a-zA-Z0-9-_:;.\\/<>{}]{0,256}$' },
  requestBody: {
    required: true,
    contentType: 'application/json',
    requiredFields: ['specifiedDate'],
    fields: {
      phoneNumber: { type: 'string', pattern: '^\\+[1-9][0-9]{4,14}$' },
      specifiedDate: { type: 'string', format: 'date' },
    },
  },
  response200: { requiredFields: ['phoneNumberRecycled'], fields: { phoneNumberRecycled: { type: 'boolean' } } },
  /** ErrorInfo: `{ status: integer, code: string, message: string }`, all required. */
  errorInfo: {
    requiredFields: ['status', 'code', 'message'],
    fields: { status: { type: 'integer' }, code: { type: 'string' }, message: { type: 'string' } },
  },
  /** The error responses the definition lists for POST /check, with the codes it names for each. */
  errors: {
    400: ['INVALID_ARGUMENT', 'OUT_OF_RANGE'],
    401: ['UNAUTHENTICATED'],
    403: ['PERMISSION_DENIED'],
    404: ['IDENTIFIER_NOT_FOUND'],
    422: ['SERVICE_NOT_APPLICABLE', 'MISSING_IDENTIFIER', 'UNNECESSARY_IDENTIFIER'],
  } as Record<string, string[]>,
  /**
   * Commonalities' other errors. The design guide leaves 405 undocumented by default and 429 to each
   * API; Number Recycling 0.2.0 lists neither, so neither is expected in the document.
   */
  undocumentedErrors: {
    405: ['METHOD_NOT_ALLOWED'],
    429: ['QUOTA_EXCEEDED', 'TOO_MANY_REQUESTS'],
  } as Record<string, string[]>,
} as const;
