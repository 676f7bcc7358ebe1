// Vitest global setup: real PostgreSQL and Redis for every test file. `npm test` provisions them
// and passes their URLs in; a bare `npx vitest` starts its own. Either way one migrated, seeded
// template database is built here, and each test file clones it (see @tiffin/stack/testing).
import type { TestProject } from 'vitest/node';

import { provideTestServices } from './test-services';

export default async function setup(project: TestProject) {
  return provideTestServices(project);
}
