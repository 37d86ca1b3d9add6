import { readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import react from "@vitejs/plugin-react";
import { type Plugin, defineConfig } from "vite";

/**
 * Every text file of the build also as .gz and .br (zlib's, at their best levels, once at build
 * time), so the server sends them precompressed (@fastify/static preCompressed, http/console.ts)
 * and compresses nothing per request.
 */
function precompress(): Plugin {
  let outDir = "dist";
  return {
    name: "yibao-precompress",
    apply: "build",
    configResolved(c) {
      outDir = c.build.outDir;
    },
    closeBundle() {
      const walk = (dir: string): string[] =>
        readdirSync(dir).flatMap((f) => {
          const p = join(dir, f);
          return statSync(p).isDirectory() ? walk(p) : [p];
        });
      for (const file of walk(outDir)) {
        if (!/\.(js|mjs|css|html|svg|json|txt)$/.test(file)) continue;
        const body = readFileSync(file);
        if (body.length < 1024) continue;
        writeFileSync(`${file}.gz`, gzipSync(body, { level: 9 }));
        writeFileSync(
          `${file}.br`,
          brotliCompressSync(body, {
            params: {
              [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
              [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
            },
          }),
        );
      }
    },
  };
}

const ANTD = /node_modules[\\/](antd|@ant-design|@rc-component|@babel[\\/]runtime|dayjs)[\\/]/;

/**
 * The libraries in chunks of their own: they change less often than the pages, and cache apart.
 * antd is two: what the shell and the login pages use (the modules rolldown tags `$initial`:
 * layout, menu, form, input, button...), and what only pages use (tables, selects, tabs,
 * dialogs...), fetched with the first page that needs them, so a login page is not kept waiting
 * while they are parsed.
 */
const GROUPS = [
  { name: "react", test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/, priority: 4 },
  { name: "echarts", test: /node_modules[\\/](echarts|zrender|tslib)[\\/]/, priority: 3 },
  { name: "antd", test: ANTD, tags: ["$initial" as const], priority: 2 },
  { name: "antd-pages", test: ANTD, priority: 1 },
];

// The console is served by the Yibao server from packages/web/dist; `npm run dev -w @yibao/web`
// proxies the API to a running server on :3000. Each page is its own chunk (React.lazy in
// routes.tsx), loaded when its URL is opened.
export default defineConfig({
  plugins: [react(), precompress()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      output: {
        codeSplitting: { groups: GROUPS },
      },
    },
  },
  server: { proxy: { "/api": "http://127.0.0.1:3000" } },
});
