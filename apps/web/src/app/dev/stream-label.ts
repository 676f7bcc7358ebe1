// Partition streams carry a prefix and a hash tag ("tiffin:{orders.3}"); people want "orders.3".
export function streamLabel(stream: string): string {
  return /\{([^}]+)\}/.exec(stream)?.[1] ?? stream.split(':').at(-1) ?? stream;
}
