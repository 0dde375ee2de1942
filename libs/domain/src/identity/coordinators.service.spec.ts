import { AppConfig } from '@app/config';
import { DataSource } from 'typeorm';
import { BOOTSTRAP_ADMIN, CoordinatorsService } from './coordinators.service';

describe('CoordinatorsService', () => {
  const configured = 'configured-automation-token-0123';
  // Neither the configured token nor anything without a staff token's prefix may reach the database.
  const untouchable = new Proxy({}, { get: () => { throw new Error('the database was queried'); } }) as DataSource;
  const service = new CoordinatorsService(untouchable, { COORDINATOR_TOKEN: configured } as AppConfig);

  it('accepts the configured COORDINATOR_TOKEN as the bootstrap admin, and nothing close to it', async () => {
    await expect(service.identify(configured)).resolves.toEqual(BOOTSTRAP_ADMIN);
    expect(BOOTSTRAP_ADMIN).toMatchObject({ id: null, name: 'COORDINATOR_TOKEN', role: 'admin', cohortIds: null });
    await expect(service.identify(`${configured}x`)).resolves.toBeNull();
    await expect(service.identify(configured.slice(0, -1))).resolves.toBeNull();
  });

  it('refuses a session token as a bearer token and a bearer token as a session, without a lookup', async () => {
    await expect(service.identify('w_someSessionToken')).resolves.toBeNull();
    await expect(service.identifySession('c_somePersonalToken')).resolves.toBeNull();
    await expect(service.identifySession(configured)).resolves.toBeNull();
  });
});
