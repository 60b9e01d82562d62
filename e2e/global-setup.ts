import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const webRoot = fileURLToPath(new URL('../web/', import.meta.url));

/** The browser tests and the server's page routes need web/dist; build it once when it is missing. */
export default async function buildWebAppIfMissing(): Promise<void> {
  if (existsSync(`${webRoot}dist/index.html`) && existsSync(`${webRoot}dist/agent.html`)) return;
  const { build } = await import('vite');
  // Vitest runs with NODE_ENV=test, which would make Vite bundle React's development build.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: `${webRoot}vite.config.ts`, mode: 'production', logLevel: 'warn' });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
}
