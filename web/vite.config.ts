import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';

const root = fileURLToPath(new URL('.', import.meta.url));

// The console is served by the platform server at `/`; in development Vite proxies `/api` to it.
export default defineConfig({
  root,
  base: '/',
  plugins: [vue()],
  resolve: {
    alias: { '@': `${root}src` },
    // form-js-editor ships its own older preact while form-js-viewer and the properties panel use the
    // top-level one; two copies break hooks ("reading 'context'"), so every import gets the same one.
    dedupe: ['preact'],
  },
  build: {
    outDir: `${root}dist`,
    emptyOutDir: true,
    chunkSizeWarningLimit: 2500,
    // Source maps of the editors are large and slow to write; the console ships without them.
    sourcemap: false,
    reportCompressedSize: false,
  },
  server: {
    proxy: { '/api': { target: 'http://localhost:3000', changeOrigin: true } },
  },
});
