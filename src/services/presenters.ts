/** A short, readable case reference for letters and phone calls (the id's first 8 hex digits). */
export function caseReference(caseId: string): string {
  return `SX-${caseId.slice(0, 8).toUpperCase()}`;
}

/** A database timestamp as ISO 8601 for an API answer (null stays null). */
export const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());
