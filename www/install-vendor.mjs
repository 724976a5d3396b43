// Copies the browser builds of the npm packages next to the pages that load
// them (player/vendor/), since the sites serve their own folders only.
import { copyFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const vendor = join(here, "player", "vendor");
mkdirSync(vendor, { recursive: true });
copyFileSync(join(here, "node_modules", "hls.js", "dist", "hls.min.js"), join(vendor, "hls.min.js"));
