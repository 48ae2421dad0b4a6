import { staffRoles, type StaffRole } from './actors.js';
import { isOneOf } from './one-of.js';

/**
 * What each staff role may do. The API checks this on every staff route; the console only
 * mirrors it. Roles follow PRODUCT.md: agents work remote channels, store agents the shop floor,
 * clerks the back office (mail, review, card returns), supervisors everything operational
 * including second approvals, admins configuration.
 */
export const permissions = {
  'case.read': staffRoles,
  /** Writing to the holder on a case (a message in their communication log); internal notes need only case.read. */
  'case.message': ['agent', 'store_agent', 'clerk', 'supervisor'],
  'case.file.remote': ['agent', 'supervisor'],
  'case.file.store': ['store_agent', 'supervisor'],
  'case.file.mail': ['clerk', 'supervisor'],
  'review.queue': ['clerk', 'supervisor'],
  'review.decide': ['clerk', 'supervisor'],
  'review.second_approval': ['supervisor'],
  /** Deciding many cases in one request: a supervisor's tool, as a mistake there costs many cases. */
  'review.bulk': ['supervisor'],
  'card_return.record': ['clerk', 'supervisor'],
  'execution.retry': ['supervisor', 'admin'],
  'line.lookup': ['agent', 'store_agent', 'clerk', 'supervisor'],
  'webhooks.admin': ['admin'],
  'reports.download': ['supervisor', 'admin'],
  /** Management figures (volumes, reasons, SLA, backlog): the people who run the operation. */
  'reports.view': ['supervisor', 'admin'],
  /** Market policies change what every new case is told; configuration is the admin's alone. */
  'policy.admin': ['admin'],
  /** Who can sign in and with which role: configuration, and a route to every other permission. */
  'staff.admin': ['admin'],
  /** Bulk deactivation runs bar and close lines by the million: the admin's alone to start, pause or cancel. */
  'bulk.admin': ['admin'],
  /** Giving a line of a bulk run back to its holder (they asked, or fixed the cause): the people who talk to them. */
  'bulk.reinstate': ['agent', 'store_agent', 'clerk', 'supervisor'],
} as const satisfies Record<string, readonly StaffRole[]>;

export type Permission = keyof typeof permissions;

export function roleMay(role: string, permission: Permission): boolean {
  return isOneOf(permissions[permission], role);
}

/** Which permission filing on a channel needs. */
export function filePermissionFor(channel: string): Permission {
  if (channel === 'store') return 'case.file.store';
  if (channel === 'mail') return 'case.file.mail';
  return 'case.file.remote';
}
