import { fileURLToPath, URL } from 'node:url';
import VueI18n from '@intlify/unplugin-vue-i18n/vite';
import { VantResolver } from '@vant/auto-import-resolver';
import vue from '@vitejs/plugin-vue';
import Components from 'unplugin-vue-components/vite';
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers';
import { defineConfig, Plugin } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/** A url(...) in CSS that points to another host: `//host/…`, `http://…`, `https://…`. */
const FOREIGN_URL = /url\(\s*["']?(?:https?:)?\/\//i;

/**
 * Nothing from another host: Vant's icon font falls back to a copy on Alibaba's CDN after the WOFF2 embedded beside
 * it, which every browser we serve reads; that fallback is dropped, and the build stops on any other CSS that would
 * fetch from elsewhere (the CSP would block it on the page, and it would tell a third party who reads the page).
 */
function ownHostOnly(): Plugin {
  return {
    name: 'own-host-only',
    enforce: 'pre',
    transform(code, id) {
      if (!/\/vant\/es\/icon\/index\.css$/.test(id)) return null;
      return { code: code.replace(/,\s*url\(\s*["']?(?:https?:)?\/\/[^)]*\)\s*format\(["']?woff["']?\)/g, ''), map: null };
    },
    generateBundle(_options, bundle) {
      for (const output of Object.values(bundle)) {
        if (output.type !== 'asset' || !output.fileName.endsWith('.css')) continue;
        const foreign = String(output.source).match(/url\([^)]*\)/g)?.find((url) => FOREIGN_URL.test(url));
        if (foreign) this.error(`${output.fileName} fetches from another host: ${foreign}`);
      }
    },
  };
}

/**
 * One single-page app: the phone pages and the console are separate lazy chunks, so a student's first load
 * carries Vant and never Element Plus. Built into the API app's static folder, which the API serves.
 */
export default defineConfig({
  root: here('.'),
  base: '/',
  resolve: {
    alias: {
      '@app/contracts': here('../../libs/contracts/src'),
      '@': here('src'),
    },
  },
  plugins: [
    ownHostOnly(),
    vue(),
    // Catalogs are compiled at build time: the runtime-only vue-i18n needs no eval, which the CSP forbids.
    VueI18n({ include: [here('src/locales/**')], runtimeOnly: true, compositionOnly: true, fullInstall: false }),
    Components({
      dts: false,
      dirs: [],
      resolvers: [ElementPlusResolver({ importStyle: 'css' }), VantResolver({ importStyle: true })],
    }),
  ],
  // `npm run dev:web`: the pages with hot reload, calling an API started beside it (`npm run start:api`, port 3000).
  server: { host: '127.0.0.1', port: 5173, strictPort: true, proxy: { '/api': 'http://127.0.0.1:3000' } },
  build: {
    outDir: here('../api/public'),
    emptyOutDir: true,
    assetsDir: 'assets',
    chunkSizeWarningLimit: 1500,
    // Nothing inline: the CSP allows scripts from 'self' only.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
  },
});
