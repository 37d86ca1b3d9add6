import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// The console is served by the Yibao server from packages/web/dist; `npm run dev -w @yibao/web`
// proxies the API to a running server on :3000.
export default defineConfig({
  plugins: [react()],
  build: { outDir: "dist", emptyOutDir: true, chunkSizeWarningLimit: 4000 },
  server: { proxy: { "/api": "http://127.0.0.1:3000" } },
});
