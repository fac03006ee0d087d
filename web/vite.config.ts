import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The server serves the built app at /app; in development Vite serves it there and forwards the
// API to the server on port 3000 (or API_ORIGIN).
const api = process.env.API_ORIGIN ?? 'http://127.0.0.1:3000';

export default defineConfig({
  base: '/app/',
  plugins: [react()],
  // The server puts a fresh nonce here in every index.html it sends (its strict CSP allows styles
  // with that nonce only); main.tsx hands it to Mantine for its style elements.
  html: { cspNonce: 'CLINICLICK_CSP_NONCE' },
  server: {
    port: 5173,
    proxy: { '/api': { target: api, changeOrigin: false } },
  },
  build: { outDir: 'dist', sourcemap: true, chunkSizeWarningLimit: 1200 },
});
