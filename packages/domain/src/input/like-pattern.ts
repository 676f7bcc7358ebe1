// LIKE and ILIKE treat `%`, `_` and `\` as pattern syntax, and Prisma passes `contains` and
// insensitive `equals` through as such: escaped here, a customer's text only ever matches itself.

/** The text with LIKE's wildcards and escape character escaped (PostgreSQL's default escape `\`). */
export function escapeLikePattern(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}
