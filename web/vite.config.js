// Vite builds the page into build/web (make web), which `aievm devnet` serves
// beside the chain's /config.json. Relative asset paths let it be served
// from any directory of any web server.
import { defineConfig } from 'vite';

export default defineConfig({
  base: './',
  build: { outDir: process.env.AIEVM_WEB_OUT || '../build/web', emptyOutDir: true, chunkSizeWarningLimit: 1024 },
  server: { host: '127.0.0.1' },
});
