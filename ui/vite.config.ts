// Vite builds ui/dist, which the Tauri shell embeds (src-tauri/tauri.conf.json: frontendDist).
// No CDN and no network at run time: every asset is bundled.
import { defineConfig } from "vitest/config";

export default defineConfig({
  base: "./",
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "safari15",
    sourcemap: false,
    modulePreload: { polyfill: false },
  },
  test: {
    environment: "jsdom",
    globals: true,
    include: ["src/**/*.test.ts"],
  },
});
