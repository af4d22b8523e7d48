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
    // The shell loads Vue and Element Plus (registered component by component in
    // src/app/element-plus.ts) as two named vendor chunks that stay cached across releases.
    // The editors and charts are not grouped: each route imports its page lazily (app/router.ts),
    // so bpmn-js, dmn-js, the form-js editor and ECharts load only on the pages that use them,
    // and grouping bpmn-js would make the task page's viewer download the modeler.
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            { name: 'vue', test: /node_modules[\\/](@vue|vue|vue-router|pinia|vue-i18n|@intlify)[\\/]/, priority: 20 },
            {
              name: 'element-plus',
              test: /node_modules[\\/](element-plus|@element-plus|dayjs|async-validator|@floating-ui|@popperjs|lodash-es|lodash-unified|@ctrl|memoize-one|normalize-wheel-es|@vueuse)[\\/]/,
              priority: 10,
            },
          ],
        },
      },
    },
  },
  server: {
    proxy: { '/api': { target: 'http://localhost:3000', changeOrigin: true } },
  },
});
