import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, requireSetting } from '../../src/config.js';

describe('configuration', () => {
  it('applies defaults when nothing is set', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      PORT: 3000,
      HOST: '127.0.0.1',
      TEMPORAL_NAMESPACE: 'default',
      BODY_LIMIT_BYTES: 1048576,
    });
  });

  it('names every bad value in one message', () => {
    expect(() => loadConfig({ PORT: 'eighty', MASTER_KEY: 'short', DATABASE_URL: 'not a url' })).toThrow(ConfigError);
    try {
      loadConfig({ PORT: 'eighty', MASTER_KEY: 'short', DATABASE_URL: 'not a url' });
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toContain('PORT');
      expect(message).toContain('MASTER_KEY: must be 64 hex characters');
      expect(message).toContain('DATABASE_URL');
    }
  });

  it('keeps the webhook retry window within 7 days, 7 days by default, and disables after 5 days of failure', () => {
    expect(loadConfig({})).toMatchObject({
      WEBHOOK_RETRY_WINDOW_HOURS: 168,
      WEBHOOK_DISABLE_AFTER_FAILING_HOURS: 120,
      WEBHOOK_CIRCUIT_OPEN_AFTER_FAILURES: 5,
    });
    expect(loadConfig({ WEBHOOK_RETRY_WINDOW_HOURS: '168' }).WEBHOOK_RETRY_WINDOW_HOURS).toBe(168);
    expect(() => loadConfig({ WEBHOOK_RETRY_WINDOW_HOURS: '169' })).toThrow('WEBHOOK_RETRY_WINDOW_HOURS');
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ PORT: '' }).PORT).toBe(3000);
  });

  it('says which required setting is missing', () => {
    expect(() => requireSetting(loadConfig({}), 'DATABASE_URL')).toThrow('DATABASE_URL: is required');
  });
});
