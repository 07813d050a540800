import path from "node:path";
import type { NextConfig } from "next";

const config: NextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  // bull-board links its own paths with and without a trailing slash; pass them through as sent.
  skipTrailingSlashRedirect: true,
  // The monorepo root holds the lockfile; npm runs this from apps/dashboard.
  turbopack: { root: path.resolve(process.cwd(), "../..") },
  outputFileTracingRoot: path.resolve(process.cwd(), "../.."),
};

export default config;
