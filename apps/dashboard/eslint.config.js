// The root config plus browser globals; generated operations are not linted.
import globals from "globals";
import root from "../../eslint.config.js";

export default [
  ...root,
  { ignores: ["src/gql/**", ".next/**", "next-env.d.ts"] },
  { files: ["src/**/*.{ts,tsx}"], languageOptions: { globals: { ...globals.browser } } },
];
