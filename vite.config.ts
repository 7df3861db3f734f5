import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';
import { fileURLToPath } from 'node:url';

// The renderer only. It is served by the Electron app:// protocol or the web
// host, both with a strict CSP: no inline scripts, so no eval-based builds.
export default defineConfig({
  root: fileURLToPath(new URL('./src/renderer', import.meta.url)),
  base: './',
  plugins: [vue()],
  define: {
    __VUE_OPTIONS_API__: 'false',
    __VUE_PROD_DEVTOOLS__: 'false',
    __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
    __INTLIFY_JIT_COMPILATION__: 'true',
    __INTLIFY_DROP_MESSAGE_COMPILER__: 'false',
    __INTLIFY_PROD_DEVTOOLS__: 'false',
  },
  build: {
    outDir: fileURLToPath(new URL('./dist/renderer', import.meta.url)),
    emptyOutDir: true,
    sourcemap: false,
    target: 'es2022',
    rollupOptions: {
      // The kiosk screen, and the development simulator panel the web host serves at /sim.html.
      input: {
        kiosk: fileURLToPath(new URL('./src/renderer/index.html', import.meta.url)),
        sim: fileURLToPath(new URL('./src/renderer/sim.html', import.meta.url)),
      },
    },
  },
});
