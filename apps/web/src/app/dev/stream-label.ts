// Stream keys carry a hash tag and a prefix ("{tiffin}:stream:orders"); people want "orders".
export function streamLabel(stream: string): string {
  return stream.split(':').at(-1) ?? stream;
}
