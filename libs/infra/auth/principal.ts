/** Who a verified bearer token speaks for: its `sub`, `role` and, for vendors, `accountId`. */
export type Role = 'vendor' | 'finance' | 'admin';
export const ROLES: readonly Role[] = ['vendor', 'finance', 'admin'];

export interface Principal {
  readonly sub: string;
  readonly role: Role;
  readonly accountId?: string;
}
