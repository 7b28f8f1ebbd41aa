import { Controller, Get } from '@nestjs/common';
import { Audited, loadConfig, RequirePermission } from '@app/core';
import { createTestDatabase, createTestHttpApp, startChildApp, TestDatabase, testEnvironment } from '@app/testing';
import { ApiModule } from '../../apps/api/src/api.module';

@Controller('forgotten')
class ForgottenController {
  @Get()
  forgotten() {
    return 'nobody declared who may call me';
  }
}

@Controller('misspelt')
class MisspeltPermissionController {
  @Get()
  @RequirePermission('unit.raed')
  @Audited('unit.viewed')
  misspelt() {
    return 'no role grants the permission I ask for';
  }
}

describe('the processes refuse to start when something is wrong', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.drop());

  it.each(['api', 'worker'] as const)('%s exits non-zero naming DATABASE_URL when it is not a URL', async (app) => {
    const child = startChildApp(app, { ...testEnvironment(database, app), DATABASE_URL: 'not-a-url' });
    expect(await child.exited).toBe(1);
    expect(child.logs.lines).toEqual(['Invalid configuration: DATABASE_URL must be a PostgreSQL URL such as postgres://user:password@host:5432/database']);
  });

  it('the api refuses to boot in production without METRICS_TOKEN (the worker has no /metrics and does not need it)', async () => {
    const child = startChildApp('api', { ...testEnvironment(database, 'api'), NODE_ENV: 'production' });
    expect(await child.exited).toBe(1);
    expect(child.logs.lines).toEqual([
      'Invalid configuration: METRICS_TOKEN is required when NODE_ENV=production: /metrics answers only with Authorization: Bearer <token>',
    ]);
  });

  it('the api exits naming every missing variable', async () => {
    const child = startChildApp('api', { NODE_ENV: 'test' });
    expect(await child.exited).toBe(1);
    expect(child.logs.text()).toMatch(/DATABASE_URL is required/);
    expect(child.logs.text()).toMatch(/REDIS_URL is required/);
  });

  it('a route without @RequirePermission or @Public stops the boot (default deny)', async () => {
    const config = loadConfig(testEnvironment(database, 'api'));
    await expect(createTestHttpApp(ApiModule.forRoot(config), config, { controllers: [ForgottenController] })).rejects.toThrow(
      /Routes without @RequirePermission or @Public: GET \/forgotten \(ForgottenController.forgotten\)/,
    );
  });

  it('a route requiring a permission no role grants stops the boot (a typo or a forgotten table entry)', async () => {
    const config = loadConfig(testEnvironment(database, 'api'));
    await expect(createTestHttpApp(ApiModule.forRoot(config), config, { controllers: [MisspeltPermissionController] })).rejects.toThrow(
      /Routes requiring a permission no role grants: GET \/misspelt \(unit.raed\)/,
    );
  });

  it('the api refuses to run as the schema owner', async () => {
    const config = loadConfig(testEnvironment(database, 'api', { DATABASE_URL: database.ownerUrl }));
    await expect(createTestHttpApp(ApiModule.forRoot(config), config)).rejects.toThrow(/owns the database or its tables/);
  });

  it('the api refuses to run as a superuser', async () => {
    const config = loadConfig(testEnvironment(database, 'api', { DATABASE_URL: database.superuserUrl }));
    await expect(createTestHttpApp(ApiModule.forRoot(config), config)).rejects.toThrow(/is a superuser/);
  });

  it('the worker refuses to run as the schema owner', async () => {
    const child = startChildApp('worker', { ...testEnvironment(database, 'worker'), DATABASE_URL: database.ownerUrl });
    expect(await child.exited).toBe(1);
    expect(child.logs.text()).toMatch(/Worker failed to start: Refusing to start with this DATABASE_URL: role referral_owner owns/);
  });
});
