/** The roles staff sign in with; domain/permissions.ts says what each may do. */
export const staffRoles = ['agent', 'store_agent', 'clerk', 'supervisor', 'admin'] as const;
export type StaffRole = (typeof staffRoles)[number];

/** Who holds a session: a subscriber (the portal) or a member of staff (the console), one cookie each. */
export const sessionKinds = ['subscriber', 'staff'] as const;
export type SessionKind = (typeof sessionKinds)[number];
