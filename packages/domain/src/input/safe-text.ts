// The one string type for everything a person or a client sends. PostgreSQL cannot store NUL in
// text, and other control characters only ever arrive from tools probing for mistakes, so they are
// refused here with a message a person understands, before anything reaches the database.
import { z } from 'zod';

/** C0 controls except tab, line feed and carriage return (notes may span lines), and DEL. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

export const CONTROL_CHARACTER_MESSAGE =
  'This text contains control characters (such as NUL) that we cannot store; remove them and try again.';

/** Whether a string is free of the control characters `safeText` refuses. */
export function isSafeText(value: string): boolean {
  return !CONTROL_CHARACTERS.test(value);
}

/**
 * A zod string that refuses control characters; chain `.trim()`, `.min()`, `.max()` as usual.
 * `error` is the message for a value that is not a string at all (e.g. missing).
 */
export function safeText(params?: { error?: string }) {
  return z.string(params).refine(isSafeText, { error: CONTROL_CHARACTER_MESSAGE, abort: true });
}
