// Every consumer the worker can run, one declaration per file; main.ts picks and assembles them.
export type { ConsumerDeclaration, ConsumerDeps, ConsumerHandler } from './consumer-declaration';
export { deliveryConsumer } from './delivery';
export { simulatorConsumer } from './simulator';
export { trackingConsumer } from './tracking';
