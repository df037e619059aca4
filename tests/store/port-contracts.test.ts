/** The port contracts on every implementation: SQLite, PostgreSQL and the test fakes. */
import { memoryFeeds, memorySubscriptions } from '../commands/fakes.js';
import { storeBackends } from './backends.js';
import { feedStoreContract, subscriptionStoreContract } from './port-contracts.js';

const backends = await storeBackends('ports');
for (const [name, open] of backends) {
  feedStoreContract(name, async () => {
    const s = await open();
    return { store: s.feeds, close: () => s.close() };
  });
  subscriptionStoreContract(name, async () => {
    const s = await open();
    return { store: s.subscriptions, close: () => s.close() };
  });
}

feedStoreContract('memory fake', async () => ({ store: memoryFeeds(), close: async () => {} }));
subscriptionStoreContract('memory fake', async () => ({
  store: memorySubscriptions(),
  close: async () => {},
}));
