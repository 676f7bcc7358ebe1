// Field errors in the API's shape ("path.to.field" → messages), so forms show client-side zod
// problems and server `fieldErrors` the same way.
import type { z } from 'zod';

import type { FieldErrors } from '@tiffin/api';

export function fieldErrorsFromZod(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.length > 0 ? issue.path.join('.') : '_form';
    (out[key] ??= []).push(issue.message);
  }
  return out;
}

/** The first message for a field, for an inline hint. */
export function firstError(
  errors: FieldErrors | null | undefined,
  field: string,
): string | undefined {
  return errors?.[field]?.[0];
}

/** Messages for fields the form has no input for (e.g. "items.0.quantity"), to show at the top. */
export function otherErrors(
  errors: FieldErrors | null | undefined,
  shownFields: readonly string[],
): string[] {
  if (!errors) return [];
  return Object.entries(errors)
    .filter(([field]) => !shownFields.includes(field))
    .flatMap(([, messages]) => messages);
}
