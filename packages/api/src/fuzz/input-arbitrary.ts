// Inputs for fuzzing a procedure, built from its own zod input schema (through its JSON Schema):
// mostly values of the right shape with hostile contents (control characters, LIKE syntax, huge
// numbers, ids that exist and ids that don't), sometimes anything at all.
import fc from 'fast-check';
import { z } from 'zod';

/** Strings that have broken servers before: NUL, LIKE syntax, SQL, lone surrogates, sizes. */
export const HOSTILE_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '%',
  '%\\',
  '_',
  '\\',
  '\'; DROP TABLE "Order"; --',
  '\ud800',
  '😀🍜',
  '\u202e\u0007\u001b[31m',
  '0',
  '-1',
  'null',
  '__proto__',
  'x'.repeat(5_000),
];

const HOSTILE_NUMBERS = [
  0,
  1,
  -1,
  0.5,
  20,
  21,
  2 ** 31,
  -(2 ** 31),
  Number.MAX_SAFE_INTEGER,
  1e300,
];

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  format?: string;
  minimum?: number;
  maximum?: number;
};

export interface KnownValues {
  /** Ids that exist in the database (restaurants, dishes, orders, users), so calls go deep. */
  ids: string[];
  /** Other real strings: slugs, emails, cuisines. */
  words: string[];
}

function stringArbitrary(schema: JsonSchema, known: KnownValues): fc.Arbitrary<string> {
  const shaped =
    schema.format === 'uuid'
      ? fc.oneof(fc.constantFrom(...known.ids), fc.uuid())
      : schema.format === 'email'
        ? fc.oneof(fc.emailAddress(), fc.constantFrom(...known.words))
        : fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom(...known.words));
  // Ordinary text with one control character inside, so trimming and length rules still pass it.
  const smuggled = fc
    .tuple(shaped, fc.constantFrom('\u0000', '\u0007', '\u001b', '\u007f'), shaped)
    .map(([before, control, after]) => `${before}${control}${after}`);
  return fc.oneof(
    { weight: 3, arbitrary: shaped },
    { weight: 2, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
    { weight: 2, arbitrary: smuggled },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
  );
}

function numberArbitrary(schema: JsonSchema, integer: boolean): fc.Arbitrary<number> {
  const min = Math.max(schema.minimum ?? -1_000_000, -1_000_000);
  const max = Math.min(schema.maximum ?? 1_000_000, 1_000_000);
  const inRange = integer ? fc.integer({ min, max }) : fc.double({ min, max, noNaN: true });
  return fc.oneof(inRange, fc.constantFrom(...HOSTILE_NUMBERS));
}

/** Values for one JSON Schema node; `depth` bounds recursion through nested arrays and objects. */
function fromSchema(schema: JsonSchema, known: KnownValues, depth = 0): fc.Arbitrary<unknown> {
  if (depth > 4) return fc.constant(null);
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const options = schema.anyOf ?? schema.oneOf;
  if (options?.length) return fc.oneof(...options.map((o) => fromSchema(o, known, depth + 1)));
  if (schema.allOf?.length) return fromSchema(schema.allOf[0]!, known, depth + 1);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'string':
      return stringArbitrary(schema, known);
    case 'integer':
      return numberArbitrary(schema, true);
    case 'number':
      return numberArbitrary(schema, false);
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.array(fromSchema(schema.items ?? {}, known, depth + 1), { maxLength: 4 });
    case 'object': {
      const properties = Object.entries(schema.properties ?? {});
      const record: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [key, value] of properties) {
        // Mostly the right shape; sometimes missing or of the wrong kind entirely.
        record[key] = fc.oneof(
          { weight: 6, arbitrary: fromSchema(value, known, depth + 1) },
          { weight: 1, arbitrary: fc.constant(undefined) },
          { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 1 }) },
        );
      }
      return fc.record(record);
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/** Inputs for a procedure whose input parsers are `inputs` (none: it takes no input). */
export function inputArbitrary(inputs: unknown[], known: KnownValues): fc.Arbitrary<unknown> {
  const schemas = inputs.filter((input): input is z.ZodType => input instanceof z.ZodType);
  const shaped = schemas.map((schema) =>
    fromSchema(
      z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema,
      known,
    ),
  );
  return fc.oneof(
    { weight: 5, arbitrary: shaped.length > 0 ? fc.oneof(...shaped) : fc.constant(undefined) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
    { weight: 1, arbitrary: fc.constant(undefined) },
  );
}
