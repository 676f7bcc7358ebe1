// Next's build and runtime configuration for the Tiffin web app.
import type { NextConfig } from 'next';

import { disableNextTelemetry } from './src/env';

disableNextTelemetry();

const nextConfig: NextConfig = {
  // Our workspace packages ship TypeScript source, so Next compiles them with the app.
  transpilePackages: [
    '@tiffin/api',
    '@tiffin/config',
    '@tiffin/db',
    '@tiffin/domain',
    '@tiffin/events',
  ],
  // Native and driver modules stay plain Node requires instead of being bundled.
  serverExternalPackages: ['@node-rs/argon2', 'pg', '@prisma/adapter-pg'],
  poweredByHeader: false,
  reactStrictMode: true,
};

export default nextConfig;
