// How much one request may carry. The server refuses more before parsing it, and the browser's
// batch link splits its calls so it never meets these limits itself.

/** Calls in one batched HTTP request. */
export const MAX_BATCH_SIZE = 10;
/** Bytes in a request body (and in one WebSocket message). */
export const MAX_BODY_BYTES = 64 * 1024;
/** Characters in a request's path and query string. */
export const MAX_URL_LENGTH = 8 * 1024;
