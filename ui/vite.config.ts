import { defineConfig } from "vitest/config";
import vue from "@vitejs/plugin-vue";
import Components from "unplugin-vue-components/vite";
import { ElementPlusResolver } from "unplugin-vue-components/resolvers";

// The app runs offline inside Tauri with CSP `default-src 'self'`: relative asset paths, everything
// bundled (no CDN, no remote fonts), no inline scripts.
export default defineConfig({
  base: "./",
  // Element Plus's components and their styles are bundled as the templates use them, not the whole
  // library: the web process parses less script and far fewer style rules (docs/benchmarks.md).
  // Their types come from element-plus/global (tsconfig), so no declaration file is written.
  plugins: [vue(), Components({ resolvers: [ElementPlusResolver({ importStyle: "css" })], dts: false })],
  clearScreen: false,
  server: {
    port: 5173,
    strictPort: true,
  },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2021",
    // One chunk is fine for a local desktop app.
    chunkSizeWarningLimit: 2000,
    // Never inline assets as data: URLs in scripts; fonts/images stay files under 'self'.
    assetsInlineLimit: 0,
  },
  test: {
    include: ["src/**/*.test.ts"],
    environment: "node",
  },
});
