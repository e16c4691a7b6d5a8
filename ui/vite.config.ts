import { defineConfig } from "vitest/config";
import vue from "@vitejs/plugin-vue";

// The app runs offline inside Tauri with CSP `default-src 'self'`: relative asset paths, everything
// bundled (no CDN, no remote fonts), no inline scripts.
export default defineConfig({
  base: "./",
  plugins: [vue()],
  clearScreen: false,
  server: {
    port: 5173,
    strictPort: true,
  },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2021",
    // Element Plus is imported whole; one large chunk is fine for a local desktop app.
    chunkSizeWarningLimit: 2000,
    // Never inline assets as data: URLs in scripts; fonts/images stay files under 'self'.
    assetsInlineLimit: 0,
  },
  test: {
    include: ["src/**/*.test.ts"],
    environment: "node",
  },
});
