/**
 * The Store contract against the Cosmos store on the in-process wire server: a fresh database per test, a second
 * instance = a second CosmosStore (its own clients and caches), as a second process would have.
 */
import type { Store } from '../../src/services/ports';
import { CosmosWireServer } from '../helpers/cosmos-server';
import { storeContract } from './store-contract';

const server = new CosmosWireServer();
beforeAll(() => server.start());
afterAll(() => server.stop());

storeContract('CosmosStore', async () => {
  const database = server.newDatabase('contract');
  const opened: Store[] = [];
  const open = async () => {
    const store = await server.open(database);
    opened.push(store);
    return store;
  };
  return {
    open,
    another: open,
    async dispose() {
      for (const store of opened) await store.close();
    },
  };
});
