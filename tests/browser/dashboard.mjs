// The dashboard scenario: log in, watch a throttled download appear and
// progress, find and end a playlist session, stop and start a publishing point
// and see a refused reload's errors.
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import http from "node:http";
import { Artifacts, main, newPage, openBrowser } from "./browser.mjs";

const STEP_MS = 15000;

// A download that reads what the server paces (the pacer's rate), until aborted.
function startDownload(url) {
  return new Promise((resolve, reject) => {
    const request = http.get(url, (response) => {
      response.on("data", () => {});
      response.on("error", () => {});
      resolve({ status: response.statusCode, abort: () => request.destroy() });
    });
    request.on("error", reject);
  });
}

// A click on a button of a table the dashboard redraws each second: the row may
// be replaced between finding the button and clicking it; then click the new one.
async function clickInTable(page, selector) {
  for (let attempt = 0; ; attempt++) {
    try {
      await page.click(selector);
      return;
    } catch (e) {
      if (attempt === 4 || !/detached|not clickable|No element/i.test(e.message)) throw e;
    }
  }
}

async function progressOf(page, selector) {
  return page.$eval(`${selector} progress`, (p) => Number(p.value));
}

async function login(page, args, artifacts) {
  await page.goto(`${args.admin}/admin/`);
  await page.waitForSelector("#login:not([hidden])");
  await page.type("#token", "not-the-token");
  await page.click("#login button");
  await page.waitForFunction(() => document.querySelector("#login-error").textContent.includes("refused"));
  await page.$eval("#token", (input) => (input.value = ""));
  await page.type("#token", args.token);
  await page.click("#login button");
  await page.waitForSelector("#dashboard:not([hidden])");
  await page.waitForFunction(() => document.querySelector("#version").textContent.length > 0);
  await artifacts.screenshot(page, "dashboard-overview");
  return page.$eval("#version", (e) => e.textContent);
}

async function watchDownload(page, args, artifacts) {
  const download = await startDownload(`${args.site}/data.bin`);
  assert.equal(download.status, 200);
  const row = '#downloads-rows tr[data-path="/data.bin"]';
  await page.waitForSelector(row, { timeout: STEP_MS });
  const first = await progressOf(page, row);
  // The panel redraws each second: the bar must move while the pacer sends.
  await page.waitForFunction(
    (selector, before) => Number(document.querySelector(`${selector} progress`)?.value) > before,
    { timeout: STEP_MS },
    row,
    first,
  );
  const later = await progressOf(page, row);
  const cells = await page.$$eval(`${row} td`, (tds) => tds.map((td) => td.textContent));
  await artifacts.screenshot(page, "dashboard-download");
  download.abort();
  await page.waitForSelector(row, { hidden: true, timeout: STEP_MS });
  await page.waitForFunction(() => document.querySelector("#bytes-saved").textContent !== "0 B", { timeout: STEP_MS });
  const saved = await page.$eval("#bytes-saved", (e) => e.textContent);
  return { first, later, cells, saved };
}

async function endSession(page, args, artifacts) {
  const playlist = await (await fetch(`${args.site}/show.isx?format=json`)).json();
  const row = `#sessions-rows tr[data-session="${playlist.session}"]`;
  await page.type("#sessions-search", playlist.session.slice(0, 12));
  await page.waitForSelector(row, { timeout: STEP_MS });
  const shown = await page.$$eval("#sessions-rows tr[data-session]", (rows) => rows.length);
  const viewer = await page.$eval(`${row} td:nth-child(2)`, (td) => td.textContent);
  await artifacts.screenshot(page, "dashboard-sessions");
  await clickInTable(page, `${row} button`);
  await page.waitForSelector(row, { hidden: true, timeout: STEP_MS });
  const entry = await fetch(playlist.entries[0].url);
  await page.$eval("#sessions-search", (input) => (input.value = ""));
  return { session: playlist.session, shown, viewer, entryStatusAfterEnd: entry.status };
}

async function stopAndStartPoint(page, args, artifacts) {
  const row = "#points-rows tr[data-point]";
  await page.waitForSelector(row, { timeout: STEP_MS });
  const name = await page.$eval(row, (tr) => tr.dataset.point);
  const state = (s) => `#points-rows tr[data-point="${name}"] td.state.${s}`;
  await page.waitForSelector(state("started"), { timeout: STEP_MS });
  await clickInTable(page, `#points-rows tr[data-point="${name}"] button`);
  await page.waitForSelector(state("stopped"), { timeout: STEP_MS });
  const whileStopped = await fetch(`${args.site}/${name}/one.webm`);
  await artifacts.screenshot(page, "dashboard-point-stopped");
  await clickInTable(page, `#points-rows tr[data-point="${name}"] button`);
  await page.waitForSelector(state("started"), { timeout: STEP_MS });
  return { point: name, stoppedAndStarted: true, statusWhileStopped: whileStopped.status };
}

async function refusedReload(page, args, artifacts) {
  const good = readFileSync(args.config, "utf8");
  const bad = good.replace(/workers="\d+"/, 'workers="many"');
  assert.notEqual(bad, good, "the config has no workers attribute to break");
  writeFileSync(args.config, bad);
  try {
    await page.click("#reload");
    await page.waitForSelector("#reload-result.error:not([hidden])", { timeout: STEP_MS });
    const refused = await page.$eval("#reload-result", (e) => e.textContent);
    await artifacts.screenshot(page, "dashboard-reload-refused");
    writeFileSync(args.config, good);
    await page.click("#reload");
    await page.waitForSelector("#reload-result.ok:not([hidden])", { timeout: STEP_MS });
    const applied = await page.$eval("#reload-result", (e) => e.textContent);
    return { refused, applied };
  } finally {
    writeFileSync(args.config, good);
  }
}

main(async (args, problems) => {
  const artifacts = new Artifacts(args.artifacts);
  const browser = await openBrowser();
  try {
    const page = await newPage(browser, problems);
    const version = await login(page, args, artifacts);
    const download = await watchDownload(page, args, artifacts);
    const session = await endSession(page, args, artifacts);
    const point = await stopAndStartPoint(page, args, artifacts);
    const reload = await refusedReload(page, args, artifacts);
    // Still logged in after a reload of the page: the token is in sessionStorage.
    await page.reload();
    await page.waitForSelector("#dashboard:not([hidden])");
    return { version, download, session, point, reload, problems, screenshots: artifacts.saved };
  } finally {
    await browser.close();
  }
});
