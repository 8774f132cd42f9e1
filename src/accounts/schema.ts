import { sql } from 'drizzle-orm';
import { boolean, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const accounts = pgTable(
  'accounts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind', { enum: ['customer', 'staff'] }).notNull(),
    /** Stored lower-cased. */
    email: text('email').notNull(),
    passwordHash: text('password_hash').notNull(),
    firstName: text('first_name').notNull(),
    lastName: text('last_name').notNull().default(''),
    language: text('language', { enum: ['en', 'es'] }).notNull().default('en'),
    /** TOTP secret, sealed with the data key (platform/crypto seal). */
    totpSecretSealed: text('totp_secret_sealed'),
    mfaEnabledAt: ts('mfa_enabled_at'),
    failedSignIns: integer('failed_sign_ins').notNull().default(0),
    firstFailedAt: ts('first_failed_at'),
    lockedUntil: ts('locked_until'),
    /** Staff lockouts last until an administrator unlocks. */
    lockedByPolicyAt: ts('locked_by_policy_at'),
    disabledAt: ts('disabled_at'),
    passwordChangedAt: ts('password_changed_at').notNull().defaultNow(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('accounts_email_idx').on(t.email)],
);

export const accountRoles = pgTable(
  'account_roles',
  {
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    role: text('role').notNull(),
    grantedBy: uuid('granted_by'),
    grantedAt: ts('granted_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.role] })],
);

/** Server-side sessions; the cookie holds a random token, the table only its SHA-256. */
export const sessions = pgTable(
  'sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    /** False while a staff member has given a password but not yet a TOTP code. */
    mfaPassed: boolean('mfa_passed').notNull().default(false),
    createdAt: ts('created_at').notNull().defaultNow(),
    lastSeenAt: ts('last_seen_at').notNull().defaultNow(),
    absoluteExpiresAt: ts('absolute_expires_at').notNull(),
    revokedAt: ts('revoked_at'),
    ip: text('ip'),
  },
  (t) => [index('sessions_account_idx').on(t.accountId).where(sql`revoked_at IS NULL`)],
);
