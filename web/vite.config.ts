import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

// The server serves the built app at /app; in development Vite serves it there and forwards the
// API to the server on port 3000 (or API_ORIGIN).
const api = process.env.API_ORIGIN ?? 'http://127.0.0.1:3000';

/** Where the build's source maps go: beside the build, never inside what the server serves. */
export const SOURCEMAP_DIR = path.resolve(import.meta.dirname, 'sourcemaps');

/** Files worth compressing: text. Images other than SVG and fonts are compressed already. */
const COMPRESSIBLE = /\.(js|mjs|css|svg|json|txt|webmanifest)$/;

/**
 * After the build is written: moves its source maps out of dist/ (to `SOURCEMAP_DIR`) and writes
 * a brotli (`.br`) and a gzip (`.gz`) copy beside every compressible file, at the highest levels
 * (done once per build, not per request). The server sends the copy the browser accepts
 * (server/src/platform/http/web.ts). A copy that would not be smaller is not written.
 */
function precompressAndHideMaps(): Plugin {
  let outDir = '';
  return {
    name: 'cliniclick:precompress-and-hide-maps',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    writeBundle(_options, bundle) {
      rmSync(SOURCEMAP_DIR, { recursive: true, force: true });
      for (const fileName of Object.keys(bundle)) {
        const file = path.join(outDir, fileName);
        if (fileName.endsWith('.map')) {
          const to = path.join(SOURCEMAP_DIR, fileName);
          mkdirSync(path.dirname(to), { recursive: true });
          renameSync(file, to);
        } else if (COMPRESSIBLE.test(fileName) && statSync(file).size >= 256) {
          const raw = readFileSync(file);
          const br = brotliCompressSync(raw, {
            params: {
              [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
              [constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
            },
          });
          const gz = gzipSync(raw, { level: 9 });
          if (br.length < raw.length) writeFileSync(`${file}.br`, br);
          if (gz.length < raw.length) writeFileSync(`${file}.gz`, gz);
        }
      }
    },
  };
}

export default defineConfig({
  base: '/app/',
  plugins: [react(), precompressAndHideMaps()],
  // The server puts a fresh nonce here in every index.html it sends (its strict CSP allows styles
  // with that nonce only); main.tsx hands it to Mantine for its style elements.
  html: { cspNonce: 'CLINICLICK_CSP_NONCE' },
  server: {
    port: 5173,
    proxy: { '/api': { target: api, changeOrigin: false } },
  },
  build: {
    outDir: 'dist',
    // Maps are written without the `sourceMappingURL` comment, then moved out of dist/ (above):
    // they name every source file and would double what a curious visitor can download.
    sourcemap: 'hidden',
    // Every browser the app supports preloads modules itself: no polyfill in the first file.
    modulePreload: { polyfill: false },
    // Each panel's pages are loaded when first shown (web/src/ui/lazy.tsx); the sign-in page's
    // JavaScript budget is checked by web/src/build-budget.test.ts.
    chunkSizeWarningLimit: 400,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            // React, the router and the query cache: used by every page, changed only by an
            // upgrade, so a new build of the app leaves this file (and browsers' copies) as it was.
            {
              name: 'react',
              test: /node_modules[\\/](react|react-dom|scheduler|react-router|@tanstack)[\\/]/,
              priority: 2,
            },
            // Everything else the first page needs, in one file rather than a dozen small ones
            // split by which later parts share them: on a phone each request costs a round trip.
            { name: 'start', tags: ['$initial'], priority: 1 },
            // What the panels share (Mantine's other components, the app's ui/ and api/): one file
            // fetched with a panel's first page rather than twenty small ones, each a round trip;
            // each page's own code (panels/…) stays in a file of its own.
            {
              name: 'panels',
              test: /node_modules[\\/]|[\\/]web[\\/]src[\\/](ui|api|i18n|shell)[\\/]/,
              priority: 0,
            },
          ],
        },
      },
    },
  },
});
