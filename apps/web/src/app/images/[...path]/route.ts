// /images/*: seeded restaurants and dishes point here, and no files exist, so every path gets a
// generated placeholder. The same path always yields the same image, hence the year-long cache.
import type { NextRequest } from 'next/server';

import { placeholderSvg } from '../../../lib/placeholder-image';

export async function GET(_req: NextRequest, ctx: { params: Promise<{ path: string[] }> }) {
  const { path } = await ctx.params;
  return new Response(placeholderSvg(path.join('/')), {
    headers: {
      'Content-Type': 'image/svg+xml; charset=utf-8',
      'Cache-Control': 'public, max-age=31536000, immutable',
      // An SVG opened directly is a document; it has no business running scripts or loading anything.
      'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'",
      'X-Content-Type-Options': 'nosniff',
    },
  });
}
