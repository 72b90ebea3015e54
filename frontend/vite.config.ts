// Builds the web client into dist/, which Django serves: dist/index.html for every client-side
// route (frontend/views.py) and dist/assets/* as static files under /static/ (whitenoise).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  base: '/static/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsDir: 'assets',
    sourcemap: false,
    // The live preview's AudioWorklet module stays a file of its own (same origin, cacheable,
    // and allowed by a script-src 'self' policy) rather than an inlined data: URL.
    assetsInlineLimit: (file: string) => (file.endsWith('.js') ? false : undefined),
    rolldownOptions: {
      onwarn(warning, warn) {
        // react-router marks its modules "use client" for server components; irrelevant here.
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
  test: {
    environment: 'jsdom',
    setupFiles: ['src/test/setup.ts'],
    restoreMocks: true,
  },
});
