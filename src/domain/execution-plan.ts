/**
 * The execution plan: the steps that end a line once its cancellation is approved and its end date has
 * come, in order: the line is deactivated, its eSIM profile released at the SM-DP+ (recorded as skipped
 * for a line that is not an eSIM), then the final bill, the leftover balance, the services bound to the
 * number, and last the number's quarantine. Each step is keyed `<step>:<caseId>` at the
 * outside system, so a step repeated after a crash is recognised there and done once
 * (services/execution.service.ts).
 */
export const executionSteps = [
  'deactivate_line',
  'release_esim_profile',
  'final_bill',
  'balance',
  'bound_services',
  'quarantine_number',
] as const;
export type ExecutionStep = (typeof executionSteps)[number];
