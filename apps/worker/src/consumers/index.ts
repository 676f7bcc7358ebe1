// Every consumer the worker can run, one declaration per file; main.ts picks and assembles them.
export type { ConsumerDeclaration, ConsumerDeps, ConsumerHandler } from './consumer-declaration';
export { accountMailConsumer } from './account-mail';
export { autopilotConsumer } from './autopilot';
export { deliveryConsumer } from './delivery';
export { kitchenTimeoutsConsumer } from './kitchen-timeouts';
export { paymentsConsumer } from './payments';
export { notificationsConsumer } from './notifications';
export { trackingConsumer } from './tracking';
