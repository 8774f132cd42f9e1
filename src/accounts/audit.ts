/** How the accounts module writes its audit records: actions named `accounts.<verb>`, ids only. */
import type { Tx } from '../platform/database.js';
import { recordAudit, type Outcome } from '../audit/record-audit.js';

export type AccountsAction =
  | 'sign-in'
  | 'sign-out'
  | 'lockout'
  | 'unlock'
  | 'mfa-verify'
  | 'mfa-enrol'
  | 'mfa-disable'
  | 'mfa-reset'
  | 'recovery-codes-replace'
  | 'recovery-code-use'
  | 'password-change'
  | 'password-reset-request'
  | 'password-reset'
  | 'register'
  | 'email-verification-send'
  | 'email-verify'
  | 'account-create'
  | 'role-grant'
  | 'role-revoke'
  | 'account-disable'
  | 'account-enable'
  | 'language-change'
  | 'token-create'
  | 'token-revoke';

export interface Who {
  /** The account acting, or a system name such as `cli` or `seed`. */
  actor: string;
  actorKind: 'person' | 'system' | 'anonymous';
  ip?: string | null;
}

export function auditAccounts(
  tx: Tx,
  who: Who,
  action: AccountsAction,
  opts: { objectId?: string; objectType?: string; outcome?: Outcome; details?: Record<string, unknown>; at: Date },
): Promise<void> {
  return recordAudit(tx, {
    actor: who.actor,
    actorKind: who.actorKind,
    action: `accounts.${action}`,
    objectType: opts.objectType ?? (opts.objectId ? 'account' : undefined),
    objectId: opts.objectId,
    ip: who.ip ?? null,
    outcome: opts.outcome ?? 'success',
    details: opts.details,
    at: opts.at,
  });
}
