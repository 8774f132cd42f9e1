/** Who uses the exchange. Staff roles may be combined on one account. */
export const STAFF_ROLES = ['call-centre-agent', 'mailroom-clerk', 'caseworker', 'operations', 'supervisor', 'administrator'] as const;
export const ROLES = ['customer', ...STAFF_ROLES] as const;

export type StaffRole = (typeof STAFF_ROLES)[number];
export type Role = (typeof ROLES)[number];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export function isStaffRole(value: string): value is StaffRole {
  return (STAFF_ROLES as readonly string[]).includes(value);
}
