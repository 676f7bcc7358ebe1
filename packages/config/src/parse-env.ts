// One environment parser for every app. Each app declares its variables as one zod object and
// says how to word its error; the parsing is @t3-oss/env-core's, and the rules are the same
// everywhere: an empty string counts as unset (how shells and compose files say it), and one
// error names every missing or invalid variable at once.
import type { StandardSchemaV1 } from '@t3-oss/env-core';
import type { z } from 'zod';

import { createEnv } from '@t3-oss/env-core';

export interface EnvProblem {
  /** The variable's name. */
  name: string;
  /** True when it was not set at all (or set to an empty string). */
  unset: boolean;
  /** What the schema says is wrong with the value it has. */
  message: string;
}

/**
 * Validates `raw` against `schema`; on any problem, calls `fail` with all of them (it throws the
 * app's own error). Optional variables left unset are absent from the result.
 */
export function parseEnvironment<S extends z.ZodObject>(
  schema: S,
  raw: Record<string, string | undefined>,
  fail: (problems: EnvProblem[]) => never,
): z.infer<S> {
  const env = createEnv({
    server: schema.shape,
    // The whole object schema, not one per key, so optional variables left unset stay absent.
    createFinalSchema: () => schema,
    // A copy: createEnv deletes the empty strings in place.
    runtimeEnv: { ...raw },
    emptyStringAsUndefined: true,
    isServer: true,
    onValidationError: (issues) =>
      fail(
        issues.map((issue) => {
          const name = issueKey(issue);
          return {
            name,
            unset: raw[name] === undefined || raw[name] === '',
            message: issue.message,
          };
        }),
      ),
  });
  // env-core types the result through its own mapped types; it is exactly the schema's output.
  return { ...env } as z.infer<S>;
}

/** The variable an issue is about: the first segment of its path. */
function issueKey(issue: StandardSchemaV1.Issue): string {
  const first = issue.path?.[0];
  return String(typeof first === 'object' ? first.key : (first ?? ''));
}
