import { createTestDatabase, eventually, freePort, startChildApp, TestDatabase, testEnvironment } from '@app/testing';

describe('the api as a real process', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.drop());

  it('serves, then drains and exits 0 on SIGTERM within 30 s', async () => {
    const port = await freePort();
    const api = startChildApp('api', testEnvironment(database, 'api', { PORT: String(port) }));
    try {
      await eventually(async () => (await fetch(`http://127.0.0.1:${port}/health/live`).catch(() => undefined))?.status === 200, 'the api to listen', 45000);
      const serving = await fetch(`http://127.0.0.1:${port}/health/serving`);
      expect(serving.status).toBe(200);
      const started = Date.now();
      expect(await api.stop('SIGTERM')).toBe(0);
      expect(Date.now() - started).toBeLessThan(30000);
      await expect(fetch(`http://127.0.0.1:${port}/health/live`)).rejects.toThrow();
      for (const line of api.logs.lines.filter((entry) => entry.startsWith('{'))) expect(JSON.parse(line).level).toBeLessThan(50);
    } finally {
      await api.stop('SIGKILL');
    }
  });
});
