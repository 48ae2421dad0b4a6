import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The web app, built into dist/web and served by the simexit server (src/http/routes/portal.ts).
 * `npm run dev:web` proxies the API to a simexit on :8080 for working on the pages.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    assetsDir: 'assets',
    // Small pages on slow phones: one chunk of app code is fine, but say so when it grows.
    chunkSizeWarningLimit: 300,
  },
  server: {
    proxy: { '/v1': 'http://127.0.0.1:8080', '/demo': 'http://127.0.0.1:8080' },
  },
});
