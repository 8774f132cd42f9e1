/**
 * The one place that reads the environment. Every setting is typed,
 * validated once at start, documented here, and has a default that lets
 * `npm start` work with nothing set. Secrets are redacted when printed.
 */
import path from 'node:path';
import { z } from 'zod';

const booleanish = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => v === 'true' || v === '1' || v === 'yes');

const schema = z.object({
  /** Seconds between anchors of the audit chain's head in the data folder (docs/adr/0096). */
  AUDIT_ANCHOR_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(86_400).default(60),
  /** Folder for the embedded database and other local state (hub certificates, print batches). */
  CANDOR_DATA_DIR: z.string().min(1).default('.candor'),
  /** A 32-byte key, base64, for encrypting personal data at rest. Generated into the data folder when absent. */
  CANDOR_DATA_KEY: z.string().optional(),
  /** The key CANDOR_DATA_KEY replaces, while `candor keys rotate` re-wraps the data keys it wrapped. */
  CANDOR_DATA_KEY_PREVIOUS: z.string().optional(),
  /** Deployment environment: `development` allows non-Secure cookies on http://localhost. */
  CANDOR_ENV: z.enum(['development', 'test', 'production']).default('development'),
  /** State profile id (see src/states). */
  CANDOR_STATE: z.string().default('vt'),
  /** Public base URL used in links inside messages. */
  CANDOR_PUBLIC_URL: z.string().url().optional(),
  /** PostgreSQL connection string; absent means: start the embedded PostgreSQL server. */
  DATABASE_URL: z.string().url().optional(),
  /** Connections per process in the pool. */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  /** The federal hub's base URL (https); absent means: start the stand-in hub and use it. */
  HUB_URL: z.string().url().optional(),
  /** PEM files for the hub link: the hub's CA (the only one trusted), our client certificate and key. Required with HUB_URL. */
  HUB_CA_FILE: z.string().optional(),
  HUB_CLIENT_CERT_FILE: z.string().optional(),
  HUB_CLIENT_KEY_FILE: z.string().optional(),
  /** Milliseconds before a hub call counts as timed out. */
  HUB_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(5000),
  /** Host interface to listen on. */
  HOST: z.string().default('127.0.0.1'),
  /** Folder of the PostgreSQL client tools (pg_dump, pg_restore) for `candor backup` and `candor restore`; absent: the embedded server's own, then PATH. */
  PG_BIN_DIR: z.string().min(1).optional(),
  /** Log level for pino. */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** HTTP port; 0 picks a free one. */
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Secret for signing cookies and CSRF tokens; generated into the data folder when absent. */
  SESSION_SECRET: z.string().min(32).optional(),
  /** The payment processor's API base URL; absent means: start the local stand-in processor (src/payments) and use it. */
  PAYMENT_PROCESSOR_URL: z.string().url().optional(),
  /** API key for the payment processor. Required with PAYMENT_PROCESSOR_URL. */
  PAYMENT_PROCESSOR_API_KEY: z.string().optional(),
  /** Secret the processor signs webhooks with. Required with PAYMENT_PROCESSOR_URL. */
  PAYMENT_WEBHOOK_SECRET: z.string().min(16).optional(),
  /** The IRS receiver of the exchange's reports (Form 1095-A data, monthly EPD); absent means: start the local stand-in receiver (src/tax-forms/irs-standin). */
  IRS_URL: z.string().url().optional(),
  /** Bearer token for the IRS receiver. Required with IRS_URL. */
  IRS_TOKEN: z.string().min(1).optional(),
  /** Each request's limit to the IRS receiver, milliseconds. */
  IRS_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(30_000),
  /** Per-IP limit, per minute, on each of sign-in, second-factor, password-reset and registration submissions. */
  SIGN_IN_ATTEMPTS_PER_MINUTE: z.coerce.number().int().min(1).default(10),
  /** Outgoing mail server; absent means: start the local SMTP peer and use it. */
  SMTP_URL: z.string().url().optional(),
  /** HTTP SMS gateway for text messages; absent means: start the local stand-in gateway and use it. */
  SMS_GATEWAY_URL: z.string().url().optional(),
  /** Bearer token for the SMS gateway. */
  SMS_GATEWAY_TOKEN: z.string().optional(),
  /**
   * Secret that email and SMS providers sign delivery reports with (HMAC-SHA-256, docs/adr/0048);
   * absent: one derived from the cookie key, known only to the local stand-ins.
   */
  DELIVERY_REPORT_SECRET: z.string().min(16).optional(),
  /**
   * Bearer token a metrics scraper sends to `GET /metrics` (docs/adr/0083); absent: `/metrics`
   * answers only requests from this machine (loopback).
   */
  METRICS_TOKEN: z.string().min(16).optional(),
  /** Sender address for customer email. */
  MAIL_FROM: z.string().default('Candor <no-reply@candor.localhost>'),
  /** Run pg-boss workers in this process. */
  WORKERS: booleanish.default(true),
});

export type Env = z.infer<typeof schema>;

export interface Config {
  auditAnchorIntervalSeconds: number;
  dataDir: string;
  dataKey: string | undefined;
  dataKeyPrevious: string | undefined;
  env: 'development' | 'test' | 'production';
  state: string;
  publicUrl: string | undefined;
  databaseUrl: string | undefined;
  databasePoolSize: number;
  host: string;
  hubUrl: string | undefined;
  hubCaFile: string | undefined;
  hubClientCertFile: string | undefined;
  hubClientKeyFile: string | undefined;
  hubTimeoutMs: number;
  logLevel: Env['LOG_LEVEL'];
  paymentProcessorUrl: string | undefined;
  irsUrl: string | undefined;
  irsToken: string | undefined;
  irsTimeoutMs: number;
  pgBinDir: string | undefined;
  paymentProcessorApiKey: string | undefined;
  paymentWebhookSecret: string | undefined;
  port: number;
  sessionSecret: string | undefined;
  signInAttemptsPerMinute: number;
  smtpUrl: string | undefined;
  smsGatewayUrl: string | undefined;
  smsGatewayToken: string | undefined;
  deliveryReportSecret: string | undefined;
  mailFrom: string;
  metricsToken: string | undefined;
  workers: boolean;
}

export class ConfigError extends Error {}

/** Reads and validates configuration from an environment (process.env by default). */
export function loadConfig(env: Record<string, string | undefined> = process.env, overrides: Partial<Config> = {}): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new ConfigError(`Configuration: ${first?.path.join('.')}: ${first?.message}`);
  }
  const e = parsed.data;
  if (e.HUB_URL && (!e.HUB_CA_FILE || !e.HUB_CLIENT_CERT_FILE || !e.HUB_CLIENT_KEY_FILE)) {
    throw new ConfigError('Configuration: HUB_URL needs HUB_CA_FILE, HUB_CLIENT_CERT_FILE and HUB_CLIENT_KEY_FILE');
  }
  if (e.PAYMENT_PROCESSOR_URL && (!e.PAYMENT_PROCESSOR_API_KEY || !e.PAYMENT_WEBHOOK_SECRET)) {
    throw new ConfigError('Configuration: PAYMENT_PROCESSOR_URL needs PAYMENT_PROCESSOR_API_KEY and PAYMENT_WEBHOOK_SECRET');
  }
  const config: Config = {
    auditAnchorIntervalSeconds: e.AUDIT_ANCHOR_INTERVAL_SECONDS,
    dataDir: path.resolve(e.CANDOR_DATA_DIR),
    dataKey: e.CANDOR_DATA_KEY,
    dataKeyPrevious: e.CANDOR_DATA_KEY_PREVIOUS,
    env: e.CANDOR_ENV,
    state: e.CANDOR_STATE,
    publicUrl: e.CANDOR_PUBLIC_URL,
    databaseUrl: e.DATABASE_URL,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    host: e.HOST,
    hubUrl: e.HUB_URL,
    hubCaFile: e.HUB_CA_FILE,
    hubClientCertFile: e.HUB_CLIENT_CERT_FILE,
    hubClientKeyFile: e.HUB_CLIENT_KEY_FILE,
    hubTimeoutMs: e.HUB_TIMEOUT_MS,
    logLevel: e.LOG_LEVEL,
    paymentProcessorUrl: e.PAYMENT_PROCESSOR_URL,
    irsUrl: e.IRS_URL,
    irsToken: e.IRS_TOKEN,
    irsTimeoutMs: e.IRS_TIMEOUT_MS,
    pgBinDir: e.PG_BIN_DIR,
    paymentProcessorApiKey: e.PAYMENT_PROCESSOR_API_KEY,
    paymentWebhookSecret: e.PAYMENT_WEBHOOK_SECRET,
    port: e.PORT,
    sessionSecret: e.SESSION_SECRET,
    signInAttemptsPerMinute: e.SIGN_IN_ATTEMPTS_PER_MINUTE,
    smtpUrl: e.SMTP_URL,
    smsGatewayUrl: e.SMS_GATEWAY_URL,
    smsGatewayToken: e.SMS_GATEWAY_TOKEN,
    deliveryReportSecret: e.DELIVERY_REPORT_SECRET,
    mailFrom: e.MAIL_FROM,
    metricsToken: e.METRICS_TOKEN,
    workers: e.WORKERS,
    ...overrides,
  };
  // Checked when the environment says production; overrides are the tests' own assembly (a test may
  // ask for production cookies on the stand-ins).
  if (e.CANDOR_ENV === 'production') {
    const missing = missingInProduction(config);
    if (missing.length > 0) {
      throw new ConfigError(`Configuration: CANDOR_ENV=production uses no stand-ins and needs ${missing.join(', ')} (not set)`);
    }
  }
  return config;
}

/**
 * What production must be given rather than make up: each outside service (the
 * embedded database and the local stand-ins are for development and tests) and the
 * keys that would otherwise be generated into the data folder. docs/adr/0095.
 */
const PRODUCTION_NEEDS: ReadonlyArray<[keyof Config, string]> = [
  ['databaseUrl', 'DATABASE_URL (the database)'],
  ['smtpUrl', 'SMTP_URL (outgoing email)'],
  ['smsGatewayUrl', 'SMS_GATEWAY_URL (the SMS gateway)'],
  ['paymentProcessorUrl', 'PAYMENT_PROCESSOR_URL (the payment processor)'],
  ['hubUrl', 'HUB_URL (the federal hub)'],
  ['irsUrl', 'IRS_URL (the IRS receiver)'],
  ['irsToken', 'IRS_TOKEN'],
  ['sessionSecret', 'SESSION_SECRET'],
  ['dataKey', 'CANDOR_DATA_KEY'],
];

/** The settings production needs and does not have, each named with what it is for. */
export function missingInProduction(config: Config): string[] {
  return PRODUCTION_NEEDS.filter(([key]) => !config[key]).map(([, name]) => name);
}

/** Demo data (demo staff with published passwords, printed TOTP secrets, demo households) is never loaded in production. */
export function refuseDemoInProduction(config: Config, what: string): void {
  if (config.env === 'production') throw new ConfigError(`CANDOR_ENV=production refuses ${what}: demo data has published passwords and is never loaded in production`);
}

const SECRET_KEYS: ReadonlyArray<keyof Config> = ['dataKey', 'dataKeyPrevious', 'sessionSecret', 'paymentProcessorApiKey', 'irsToken', 'paymentWebhookSecret', 'deliveryReportSecret', 'metricsToken'];

/** The configuration as it may be printed: secrets and passwords in URLs redacted. */
export function describeConfig(config: Config): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(config).sort(([a], [b]) => a.localeCompare(b))) {
    if (SECRET_KEYS.includes(key as keyof Config)) out[key] = value ? '[redacted]' : undefined;
    else if (typeof value === 'string' && /^[a-z]+:\/\//.test(value)) out[key] = redactUrl(value);
    else out[key] = value;
  }
  return out;
}

export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = 'redacted';
    return u.toString();
  } catch {
    return '[unparseable url]';
  }
}
