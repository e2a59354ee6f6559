/** STORE=cosmos settings (DESIGN §6): COSMOS_ENDPOINT required, database default, key optional, container creation switch. */
import { ConfigError, loadAppConfig, loadCosmosConfig } from '../../src/config';
import { openStore } from '../../src/app';
import { CosmosStore, cosmosStoreOptions } from '../../src/store/cosmos';
import { EXAMPLE_CONFIG } from '../helpers/app';

const base = { MELDEN_CONFIG: EXAMPLE_CONFIG };

test('STORE=cosmos without COSMOS_ENDPOINT is a configuration error naming the variable', () => {
  expect(() => loadAppConfig({ ...base, STORE: 'cosmos' })).toThrow(ConfigError);
  expect(() => loadAppConfig({ ...base, STORE: 'cosmos' })).toThrow(/COSMOS_ENDPOINT: required when STORE=cosmos/);
  expect(() => loadAppConfig({ ...base, STORE: 'cosmos', COSMOS_ENDPOINT: 'not a url' })).toThrow(/COSMOS_ENDPOINT: not a URL/);
  expect(() => loadAppConfig({ ...base, STORE: 'cosmos', COSMOS_ENDPOINT: 'ftp://x' })).toThrow(/expected an https URL/);
});

test('defaults: database melden, no key (managed identity), containers created; SQLite has no Cosmos settings', () => {
  const config = loadAppConfig({ ...base, STORE: 'cosmos', COSMOS_ENDPOINT: 'https://acct.documents.azure.com:443/' });
  expect(config.cosmos).toEqual({ endpoint: 'https://acct.documents.azure.com:443/', database: 'melden', key: undefined, createContainers: true });
  expect(loadAppConfig(base).cosmos).toBeUndefined();
});

test('COSMOS_KEY, COSMOS_DATABASE and COSMOS_CREATE_CONTAINERS are read and checked', () => {
  const env = { COSMOS_ENDPOINT: 'https://acct.documents.azure.com:443/', COSMOS_KEY: ' k== ', COSMOS_DATABASE: 'melden-test', COSMOS_CREATE_CONTAINERS: 'false' };
  expect(loadCosmosConfig(env)).toEqual({ endpoint: env.COSMOS_ENDPOINT, database: 'melden-test', key: 'k==', createContainers: false });
  expect(loadCosmosConfig({ ...env, COSMOS_CREATE_CONTAINERS: '1' }).createContainers).toBe(true);
  expect(() => loadCosmosConfig({ ...env, COSMOS_CREATE_CONTAINERS: 'maybe' })).toThrow(/COSMOS_CREATE_CONTAINERS: expected true or false/);
  expect(() => loadCosmosConfig({ ...env, COSMOS_DATABASE: 'a/b' })).toThrow(/COSMOS_DATABASE/);
});

test('openStore gives a Cosmos store for STORE=cosmos (connecting lazily); ttl follows the operational retention', async () => {
  const config = loadAppConfig({ ...base, STORE: 'cosmos', COSMOS_ENDPOINT: 'https://acct.documents.azure.com:443/', COSMOS_KEY: 'a2V5' });
  const store = openStore(config);
  expect(store).toBeInstanceOf(CosmosStore);
  await store.close();
  const options = cosmosStoreOptions(config.cosmos!, config.teams.retention);
  expect(options.ttl).toEqual({ finishedJobDays: 31, handledOnceDays: 31 });
  expect(options.ttl).not.toHaveProperty('incidentAfterReportDays');
});
