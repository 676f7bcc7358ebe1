// The OpenAPI 3.1 document of the REST face of the API: every procedure whose meta has `openapi`
// (catalog, cart, orders, notifications, reviews, who is signed in), generated from the same zod
// schemas tRPC checks.
import type { OpenAPIObject } from 'trpc-to-openapi';

import { generateOpenApiDocument } from 'trpc-to-openapi';

import { appRouter } from '../root';

/** Where the REST endpoints are served, relative to the site. */
export const REST_BASE_PATH = '/api/rest';

/** The cookie next-auth keeps the session in (over https: `__Secure-next-auth.session-token`). */
const SESSION_COOKIE = 'next-auth.session-token';

const DESCRIPTION = [
  "Tiffin's public queries and mutations as REST, for clients on any stack.",
  'The same procedures are served as tRPC at `/api/trpc` (typed client: `@tiffin/client`).',
  'Errors are `{ message, code, data }`; `message` is for a person, `data.domain` is the typed domain error.',
  'Moments are ISO 8601 strings and money is whole cents.',
].join('\n\n');

let cached: OpenAPIObject | null = null;

/** The document (built once per process: the router does not change while it runs). */
export function openApiDocument(): OpenAPIObject {
  cached ??= generateOpenApiDocument(appRouter, {
    title: 'Tiffin API',
    description: DESCRIPTION,
    version: '1.0.0',
    baseUrl: REST_BASE_PATH,
    tags: ['catalog', 'cart', 'orders', 'notifications', 'reviews', 'account'],
    // A protected endpoint takes either: the browser's session cookie, or a personal token.
    securitySchemes: {
      sessionCookie: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
      bearerToken: { type: 'http', scheme: 'bearer' },
    },
  });
  return cached;
}
