// Debian's chromium (scripts/install-deps) driven by puppeteer-core: no browser
// download. Shared by the dashboard and player scenarios.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import puppeteer from "puppeteer-core";

export const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";

export async function openBrowser() {
  return puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    // root in CI needs --no-sandbox; media plays without a click, as after one in a real tab.
    args: ["--no-sandbox", "--autoplay-policy=no-user-gesture-required", "--mute-audio"],
  });
}

// A page that records what goes wrong in it, to print when a step fails.
export async function newPage(browser, problems) {
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 900 });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(`console: ${m.text()}`);
  });
  return page;
}

export class Artifacts {
  constructor(folder) {
    this.folder = folder;
    mkdirSync(folder, { recursive: true });
    this.saved = [];
  }

  async screenshot(page, name) {
    const path = join(this.folder, `${name}.png`);
    await page.screenshot({ path, fullPage: true });
    this.saved.push(path);
  }
}

// Runs `scenario(args)` with the JSON arguments of argv[2]; prints its result as
// JSON on success, the failure and what the page reported on failure (exit 1).
export async function main(scenario) {
  const args = JSON.parse(process.argv[2]);
  const problems = [];
  try {
    const result = await scenario(args, problems);
    console.log(JSON.stringify(result));
  } catch (e) {
    console.error(`${e.stack ?? e}\n${problems.join("\n")}`);
    process.exit(1);
  }
}
