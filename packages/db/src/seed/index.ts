// `@tiffin/db/seed`: the demo data and the loader that writes it.
export { seed } from './seed';
export type { SeedOptions, SeedResult } from './seed';
export { DEMO_LOGINS, DEMO_PASSWORD, DEMO_USERS, SEED_RESTAURANTS } from './seed-data';
export type { DemoLogin, SeedMenuItem, SeedRestaurant, SeedUser } from './seed-data';
