// Stream names in one place. The `{tiffin}` hash tag keeps every stream on one Redis Cluster
// slot, so multi-key commands (and Lua over several streams) stay legal on a cluster.
export const STREAMS = {
  orders: '{tiffin}:stream:orders',
  deliveries: '{tiffin}:stream:deliveries',
  menu: '{tiffin}:stream:menu',
  deadLetters: '{tiffin}:stream:dead-letters',
} as const;

export type StreamName = (typeof STREAMS)[keyof typeof STREAMS];
