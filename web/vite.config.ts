import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

// Two entries so the help center never downloads the console: `/`, `/status/…` and `/account` load index.html,
// `/agent` loads agent.html. Hashed names let the server cache assets for a year.
export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  build: {
    outDir: resolve(root, 'dist'),
    emptyOutDir: true,
    assetsDir: 'assets',
    // The HTML carries a CSP without 'unsafe-inline': no inlined scripts or module-preload polyfill.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    // bench/web-budget.ts reads which chunks each page loads from here; it is not served.
    manifest: true,
    rollupOptions: {
      input: { help: resolve(root, 'index.html'), console: resolve(root, 'agent.html') },
      output: {
        // React and i18next change rarely: one vendor chunk both pages share stays cached across releases.
        manualChunks: (id: string) => (id.includes('/node_modules/') ? 'vendor' : id.includes('/web/src/shared/') ? 'shared' : undefined),
      },
    },
  },
});
