#!/usr/bin/env node
// Launcher of the `gma` bin: @gma/core runs from TypeScript sources (no build step), so the
// tsx loader is registered first, then the CLI is imported and run.
import { register } from "tsx/esm/api";

register();
const { main } = await import("./gma.ts");
await main();
