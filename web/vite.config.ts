import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const outDir = fileURLToPath(new URL('../dist/web', import.meta.url));

/**
 * Writes a .br and a .gz beside every script and style sheet, once at build time, so the server
 * (@fastify/static with preCompressed) sends a slow phone a fraction of the bytes without compressing
 * on every request.
 */
function precompress(): Plugin {
  return {
    name: 'simexit-precompress',
    apply: 'build',
    closeBundle() {
      const assets = join(outDir, 'assets');
      for (const name of readdirSync(assets).filter((n) => /\.(js|css)$/.test(n))) {
        const content = readFileSync(join(assets, name));
        writeFileSync(join(assets, `${name}.gz`), gzipSync(content, { level: 9 }));
        writeFileSync(
          join(assets, `${name}.br`),
          brotliCompressSync(content, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
        );
      }
    },
  };
}

/**
 * The web app, built into dist/web and served by the simexit server (src/http/routes/portal.ts).
 * `npm run dev:web` proxies the API to a simexit on :8080 for working on the pages.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react(), precompress()],
  build: {
    outDir,
    emptyOutDir: true,
    assetsDir: 'assets',
    // Two apps: the subscriber portal (/) and the staff console (/console), sharing code and styles.
    rollupOptions: {
      input: {
        portal: fileURLToPath(new URL('./index.html', import.meta.url)),
        console: fileURLToPath(new URL('./console/index.html', import.meta.url)),
      },
    },
    // One chunk for a few small pages; warn when it grows (bench/portal.bench.ts measures what ships).
    chunkSizeWarningLimit: 400,
  },
  server: {
    proxy: { '/v1': 'http://127.0.0.1:8080', '/demo': 'http://127.0.0.1:8080' },
  },
});
