import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * The web app is built into dist/web and served by the api from its own origin (see
 * apps/api/web/web-app.ts), so everything it loads (scripts, styles, fonts) is bundled here: no
 * CDN, nothing fetched at run time. No source maps in the served bundle.
 */
const here = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: here,
  base: '/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../../dist/web', import.meta.url)),
    emptyOutDir: true,
    assetsDir: 'assets',
    sourcemap: false,
    // Inline nothing: the Content-Security-Policy allows only files from this origin, not data: URLs for scripts or fonts.
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 900,
  },
  logLevel: 'warn',
});
