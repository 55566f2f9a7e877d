import { defineConfig } from "astro/config";
import sitemap from "@astrojs/sitemap";
import mdx from "@astrojs/mdx";

const site: string = "https://astro.example";

// https://astro.build/config
export default defineConfig({
  site,
  base: "/blog",
  trailingSlash: "always",
  outDir: "./public-build",
  build: { format: "directory" },
  integrations: [mdx(), sitemap()],
  redirects: { "/old": "/new" },
});
