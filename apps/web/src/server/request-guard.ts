// Refuses requests over the limits before anything reads or parses them: an address too long,
// a body too large (by its declared length; tRPC stops a longer stream itself), a batch of too
// many calls. Each refusal says what the limit is: in tRPC's error shape on /api/trpc, as JSON on REST.
import type { IncomingMessage, ServerResponse } from 'node:http';

import { MAX_BATCH_SIZE, MAX_BODY_BYTES, MAX_URL_LENGTH } from '../lib/request-limits';

interface Refusal {
  status: number;
  /** The tRPC code the API's clients switch on. */
  code: 'BAD_REQUEST' | 'PAYLOAD_TOO_LARGE';
  message: string;
}

/** JSON-RPC numbers tRPC gives these codes on the wire. */
const RPC_NUMBERS = { BAD_REQUEST: -32600, PAYLOAD_TOO_LARGE: -32013 } as const;

function kib(bytes: number): string {
  return `${bytes / 1024} KiB`;
}

/** Why this request is over a limit, or null. `apiPrefix` marks the tRPC paths. */
export function requestLimitRefusal(req: IncomingMessage, apiPrefix: string): Refusal | null {
  const url = req.url ?? '/';
  if (url.length > MAX_URL_LENGTH) {
    return {
      status: 414,
      code: 'BAD_REQUEST',
      message: `The request's address is too long (${kib(MAX_URL_LENGTH)} at most); send large inputs in a POST body.`,
    };
  }
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > MAX_BODY_BYTES) {
    return {
      status: 413,
      code: 'PAYLOAD_TOO_LARGE',
      message: `The request is too large (${kib(MAX_BODY_BYTES)} at most).`,
    };
  }
  if (url.startsWith(apiPrefix)) {
    const [path = '', query = ''] = url.slice(apiPrefix.length).split('?');
    const calls = path.split(',').length;
    if (new URLSearchParams(query).get('batch') === '1' && calls > MAX_BATCH_SIZE) {
      return {
        status: 400,
        code: 'BAD_REQUEST',
        message: `One request may batch at most ${MAX_BATCH_SIZE} calls; this one has ${calls}.`,
      };
    }
  }
  return null;
}

/** How a refusal is worded: tRPC's error shape, the REST endpoints' (`{ message, code }`), or text. */
export type RefusalShape = 'trpc' | 'rest' | 'text';

function refusalBody(refusal: Refusal, shape: RefusalShape): string {
  if (shape === 'rest') return JSON.stringify({ message: refusal.message, code: refusal.code });
  if (shape === 'text') return refusal.message;
  return JSON.stringify({
    error: {
      json: {
        message: refusal.message,
        code: RPC_NUMBERS[refusal.code],
        data: { code: refusal.code, httpStatus: refusal.status },
      },
    },
  });
}

/** Answers the refusal without reading the body, and closes the connection it arrived on. */
export function sendRefusal(res: ServerResponse, refusal: Refusal, shape: RefusalShape): void {
  const body = refusalBody(refusal, shape);
  res.writeHead(refusal.status, {
    'content-type': shape === 'text' ? 'text/plain; charset=utf-8' : 'application/json',
    'content-length': Buffer.byteLength(body),
    // An unread body would otherwise be taken for the next request on this connection.
    connection: 'close',
  });
  res.end(body);
}
