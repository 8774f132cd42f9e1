import { describe, expect, it } from 'vitest';
import { ConfigError, describeConfig, loadConfig } from './config.js';

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
