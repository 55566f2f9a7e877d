export const token: string = import.meta.env.SECRET_TOKEN;
// Spelled apart: a private variable is inlined only where its name is written.
export const unusedIsThere = "UNUSED" + "_SECRET" in import.meta.env;
export const builtins = ["BASE_URL", "MODE", "DEV", "PROD", "SSR", "SITE", "ASSETS_PREFIX"]
  .filter((key) => key in import.meta.env)
  .join(",");
