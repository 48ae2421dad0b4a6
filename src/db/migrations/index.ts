import type { Migration } from 'kysely';
import * as m0001 from './0001_cases.js';
import * as m0002 from './0002_demo_operator.js';
import * as m0003 from './0003_number_ledger.js';
import * as m0004 from './0004_webhooks.js';
import * as m0005 from './0005_market_reports.js';
import * as m0006 from './0006_case_waiting_on.js';
import * as m0007 from './0007_switching_codes.js';
import * as m0008 from './0008_sms_delivery_receipts.js';
import * as m0009 from './0009_termination_kind.js';
import * as m0010 from './0010_demo_inbox_order.js';
import * as m0011 from './0011_review_clock.js';
import * as m0012 from './0012_market_policy_versions.js';
import * as m0013 from './0013_internal_notes.js';
import * as m0014 from './0014_outbox_failures.js';
import * as m0015 from './0015_shared_process_state.js';
import * as m0016 from './0016_bulk_runs.js';
import * as m0017 from './0017_contacts_on_file.js';
import * as m0018 from './0018_credential_lockouts.js';
import * as m0019 from './0019_policy_four_eyes.js';
import * as m0020 from './0020_line_confirmations.js';
import * as m0021 from './0021_bulk_run_scale.js';
import * as m0022 from './0022_bulk_run_line_counts.js';
import * as m0023 from './0023_call_confirmations.js';
import * as m0025 from './0025_holder_languages.js';
import * as m0026 from './0026_demo_clock_and_chasing.js';
import * as m0030 from './0030_bound_service_notices.js';
import * as m0031 from './0031_product_order_cancellations.js';
import * as m0032 from './0032_revocation_feed.js';
import * as m0034 from './0034_esim_profiles.js';

/** Forward-only, numbered. Add a file and list it here; never edit one that has shipped. */
export const migrations: Record<string, Migration> = {
  '0001_cases': m0001,
  '0002_demo_operator': m0002,
  '0003_number_ledger': m0003,
  '0004_webhooks': m0004,
  '0005_market_reports': m0005,
  '0006_case_waiting_on': m0006,
  '0007_switching_codes': m0007,
  '0008_sms_delivery_receipts': m0008,
  '0009_termination_kind': m0009,
  '0010_demo_inbox_order': m0010,
  '0011_review_clock': m0011,
  '0012_market_policy_versions': m0012,
  '0013_internal_notes': m0013,
  '0014_outbox_failures': m0014,
  '0015_shared_process_state': m0015,
  '0016_bulk_runs': m0016,
  '0017_contacts_on_file': m0017,
  '0018_credential_lockouts': m0018,
  '0019_policy_four_eyes': m0019,
  '0020_line_confirmations': m0020,
  '0021_bulk_run_scale': m0021,
  '0022_bulk_run_line_counts': m0022,
  '0023_call_confirmations': m0023,
  '0025_holder_languages': m0025,
  '0026_demo_clock_and_chasing': m0026,
  '0030_bound_service_notices': m0030,
  '0031_product_order_cancellations': m0031,
  '0032_revocation_feed': m0032,
  '0034_esim_profiles': m0034,
};
