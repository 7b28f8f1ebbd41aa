import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

/**
 * The web app builds to dist/, which the api serves on the same origin (`/` the app, `/api` the API).
 * `npm run dev:web` (from the root) serves it with hot reload, the API proxied to a running api.
 */
export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false },
  server: {
    port: Number(process.env.WEB_DEV_PORT ?? 5173),
    proxy: { '/api': process.env.API_ORIGIN ?? 'http://127.0.0.1:3000', '/health': process.env.API_ORIGIN ?? 'http://127.0.0.1:3000' },
  },
  test: {
    environment: 'jsdom',
    setupFiles: ['./src/test-setup.ts'],
    include: ['src/**/*.test.{ts,tsx}'],
  },
});
