import { ConfigValidationError, loadConfig } from './app-config';

const validEnv = { DATABASE_URL: 'mysql://u:p@127.0.0.1:3307/db', REDIS_URL: 'redis://127.0.0.1:6380' };

describe('loadConfig', () => {
  it('applies defaults and converts numbers', () => {
    const config = loadConfig({ ...validEnv, PORT: '4001' });
    expect(config.PORT).toBe(4001);
    expect(config.PUBLIC_URL).toBe('http://localhost:3000');
    expect(config.QUEUE_PREFIX).toBe('shiyou');
  });

  it('names every missing required variable', () => {
    expect(() => loadConfig({})).toThrow(ConfigValidationError);
    expect(() => loadConfig({})).toThrow(/DATABASE_URL is required[\s\S]*REDIS_URL is required/);
  });

  it('rejects a malformed value and names it', () => {
    expect(() => loadConfig({ ...validEnv, PORT: 'abc' })).toThrow(/PORT/);
    expect(() => loadConfig({ ...validEnv, SMTP_URL: 'http://x' })).toThrow(/SMTP_URL/);
    expect(() => loadConfig({ ...validEnv, COORDINATOR_TOKEN: 'short' })).toThrow(/COORDINATOR_TOKEN/);
  });
});
