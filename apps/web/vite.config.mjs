// Vite build of the console. Served by the API under /console/ (API paths such as /plans and /items would collide
// with client routes at /). JSX goes through Vite's own esbuild transform; no React plugin is needed for a build.
import { defineConfig } from 'vite';

export default defineConfig(({ command }) => {
  // A build is always a production build, even when the caller's NODE_ENV says otherwise (Jest sets it to "test",
  // which made Vite bundle React's and antd's development code: StrictMode's double renders and effects, every
  // request sent twice, dev-only checks on each render). Vite reads NODE_ENV after loading this file.
  if (command === 'build') process.env.NODE_ENV = 'production';
  return {
    base: '/console/',
    esbuild: { jsx: 'automatic' },
    build: {
      outDir: 'dist',
      emptyOutDir: true,
      chunkSizeWarningLimit: 1500,
      rollupOptions: {
        // antd marks its modules "use client" for React Server Components; meaningless in a client-only bundle.
        onwarn(warning, warn) {
          if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
          warn(warning);
        },
        output: {
          // React and the router in one long-cached chunk; antd and ECharts split by rollup along the lazy pages.
          manualChunks(id) {
            if (/node_modules\/(react|react-dom|scheduler|react-router|react-router-dom)\//.test(id)) return 'react';
            return undefined;
          },
        },
      },
    },
    server: {
      // `npx vite` in apps/web during development: the API on :3000 answers everything outside /console/.
      proxy: { '^/(?!console/).*': { target: 'http://127.0.0.1:3000', changeOrigin: false } },
    },
  };
});
