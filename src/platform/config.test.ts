import { describe, expect, it } from 'vitest';
import { ConfigError, describeConfig, loadConfig, refuseDemoInProduction } from './config.js';

describe('configuration', () => {
  it('has defaults that need nothing set', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.databaseUrl).toBeUndefined();
    expect(config.dataDir.endsWith('.candor')).toBe(true);
    expect(config.workers).toBe(true);
  });

  it('refuses a bad value with one plain line naming the setting', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/^Configuration: PORT: /);
    expect(() => loadConfig({ DATABASE_URL: 'not a url' })).toThrow(/DATABASE_URL/);
  });

  it('never prints secrets or passwords inside URLs', () => {
    const printed = JSON.stringify(
      describeConfig(
        loadConfig({
          SESSION_SECRET: 'x'.repeat(40),
          CANDOR_DATA_KEY: 'a2V5a2V5a2V5',
          DATABASE_URL: 'postgres://candor:hunter2hunter2@db.example:5432/candor',
          SMTP_URL: 'smtp://mailer:s3cretpass@smtp.example:587',
        }),
      ),
    );
    expect(printed).not.toContain('x'.repeat(40));
    expect(printed).not.toContain('a2V5a2V5a2V5');
    expect(printed).not.toContain('hunter2hunter2');
    expect(printed).not.toContain('s3cretpass');
    expect(printed).toContain('db.example');
  });
});

/** Every outside service and key production needs, configured. */
const PRODUCTION: Record<string, string> = {
  CANDOR_ENV: 'production',
  DATABASE_URL: 'postgres://candor@db.example:5432/candor',
  SMTP_URL: 'smtp://smtp.example:587',
  SMS_GATEWAY_URL: 'https://sms.example/v1',
  PAYMENT_PROCESSOR_URL: 'https://pay.example/api',
  PAYMENT_PROCESSOR_API_KEY: 'sk_live_example',
  PAYMENT_WEBHOOK_SECRET: 'w'.repeat(32),
  HUB_URL: 'https://hub.example',
  IRS_URL: 'https://irs.example/air',
  IRS_TOKEN: 'irs-token-example',
  HUB_CA_FILE: '/etc/candor/hub-ca.pem',
  HUB_CLIENT_CERT_FILE: '/etc/candor/client.pem',
  HUB_CLIENT_KEY_FILE: '/etc/candor/client.key',
  SESSION_SECRET: 's'.repeat(40),
  CANDOR_DATA_KEY: Buffer.alloc(32, 1).toString('base64'),
};

describe('configuration in production', () => {
  it('starts when every outside service and key is configured', () => {
    const config = loadConfig(PRODUCTION);
    expect(config.env).toBe('production');
    expect(config.hubUrl).toBe('https://hub.example');
  });

  it.each([
    ['DATABASE_URL', 'the database'],
    ['SMTP_URL', 'outgoing email'],
    ['SMS_GATEWAY_URL', 'the SMS gateway'],
    ['PAYMENT_PROCESSOR_URL', 'the payment processor'],
    ['HUB_URL', 'the federal hub'],
    ['IRS_URL', 'the IRS receiver'],
    ['IRS_TOKEN', ''],
    ['SESSION_SECRET', ''],
    ['CANDOR_DATA_KEY', ''],
  ])('refuses to start without %s, naming it (no stand-in in its place)', (name, what) => {
    const env = { ...PRODUCTION };
    delete env[name];
    let message = '';
    try {
      loadConfig(env);
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      message = (err as Error).message;
    }
    expect(message).toContain(`needs ${name}${what ? ` (${what})` : ''} (not set)`);
    expect(message).toMatch(/^Configuration: CANDOR_ENV=production uses no stand-ins/);
  });

  it('names every missing service at once', () => {
    expect(() => loadConfig({ CANDOR_ENV: 'production' })).toThrow(
      'Configuration: CANDOR_ENV=production uses no stand-ins and needs DATABASE_URL (the database), SMTP_URL (outgoing email), SMS_GATEWAY_URL (the SMS gateway), PAYMENT_PROCESSOR_URL (the payment processor), HUB_URL (the federal hub), IRS_URL (the IRS receiver), IRS_TOKEN, SESSION_SECRET, CANDOR_DATA_KEY (not set)',
    );
  });

  it('lets development and tests run on the stand-ins', () => {
    expect(loadConfig({ CANDOR_ENV: 'development' }).smtpUrl).toBeUndefined();
    expect(loadConfig({ CANDOR_ENV: 'test' }).hubUrl).toBeUndefined();
  });

  it('refuses demo data in production only', () => {
    expect(() => refuseDemoInProduction(loadConfig(PRODUCTION), '--demo')).toThrow(/^CANDOR_ENV=production refuses --demo: /);
    expect(() => refuseDemoInProduction(loadConfig({}), '--demo')).not.toThrow();
  });
});
