// The optional tile layer's URL template for the maps, read on the server and passed down as a
// prop, so no client bundle reads the environment and tests (where it is unset) stay offline.
import { getEnv } from '../env';

export function mapTileUrl(): string | null {
  return getEnv().NEXT_PUBLIC_MAP_TILE_URL ?? null;
}
