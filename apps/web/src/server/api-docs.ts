// The REST API's contract and its reference page: /api/openapi.json (the OpenAPI 3.1 document)
// and /api/docs (Swagger UI, served from our own node_modules: the page fetches nothing from
// another origin, and its scripts run under the page CSP's nonce).
import type { IncomingMessage, ServerResponse } from 'node:http';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

import { openApiDocument } from '@tiffin/api';

export const OPENAPI_JSON_PATH = '/api/openapi.json';
export const API_DOCS_PATH = '/api/docs';

/** The renderer's files the page loads, by the name it asks for them under. */
const ASSETS = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
} as const;
type AssetName = keyof typeof ASSETS;

const distFolder = path.dirname(
  createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'),
);
const assetCache = new Map<AssetName, Buffer>();

function isAsset(name: string): name is AssetName {
  return Object.hasOwn(ASSETS, name);
}

function pathOf(req: IncomingMessage): string {
  return (req.url ?? '/').split('?')[0] ?? '/';
}

/** Whether this request is for the reference page itself, which gets the page CSP and a nonce. */
export function isApiDocsPage(url: string): boolean {
  const pathname = url.split('?')[0];
  return pathname === API_DOCS_PATH || pathname === `${API_DOCS_PATH}/`;
}

function docsPage(nonce: string): string {
  // Swagger UI's validator badge would call validator.swagger.io; the document is checked in tests.
  const init = `window.ui = SwaggerUIBundle({
  url: ${JSON.stringify(OPENAPI_JSON_PATH)},
  dom_id: '#swagger-ui',
  validatorUrl: null,
  deepLinking: true,
  withCredentials: true,
});`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Tiffin API reference</title>
<link rel="stylesheet" href="${API_DOCS_PATH}/swagger-ui.css">
</head>
<body>
<main id="swagger-ui"></main>
<script nonce="${nonce}" src="${API_DOCS_PATH}/swagger-ui-bundle.js"></script>
<script nonce="${nonce}">${init}</script>
</body>
</html>`;
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

/**
 * Answers the document, the page and its files; returns false for any other request. `nonce` is
 * the one security-headers.ts put in this response's CSP (null unless the request is the page).
 */
export function handleApiDocs(
  req: IncomingMessage,
  res: ServerResponse,
  nonce: string | null,
): boolean {
  const pathname = pathOf(req);
  const ours =
    pathname === OPENAPI_JSON_PATH ||
    pathname === API_DOCS_PATH ||
    pathname.startsWith(`${API_DOCS_PATH}/`);
  if (!ours) return false;
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('allow', 'GET, HEAD');
    send(res, 405, 'text/plain; charset=utf-8', 'Use GET.');
    return true;
  }
  if (pathname === OPENAPI_JSON_PATH) {
    send(res, 200, 'application/json', JSON.stringify(openApiDocument()));
    return true;
  }
  if (isApiDocsPage(pathname) && nonce) {
    res.setHeader('cache-control', 'no-store');
    send(res, 200, 'text/html; charset=utf-8', docsPage(nonce));
    return true;
  }
  const name = pathname.slice(API_DOCS_PATH.length + 1);
  if (!isAsset(name)) {
    send(res, 404, 'text/plain; charset=utf-8', 'Not found.');
    return true;
  }
  let body = assetCache.get(name);
  if (!body) {
    body = fs.readFileSync(path.join(distFolder, name));
    assetCache.set(name, body);
  }
  // The files change only when swagger-ui-dist is upgraded, which means a redeploy.
  res.setHeader('cache-control', 'public, max-age=3600');
  send(res, 200, ASSETS[name], body);
  return true;
}
