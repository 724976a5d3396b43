// The demo player scenario: the ad plays first with skip and seek greyed out,
// then the content with them enabled, then the playlist ends; the ad's
// tracking beacons go out as playback reaches them. Or (args.hls) an HLS entry.
import assert from "node:assert/strict";
import { Artifacts, main, newPage, openBrowser } from "./browser.mjs";

const STEP_MS = 20000;

async function controls(page) {
  return page.evaluate(() => ({
    state: document.body.dataset.state,
    entry: Number(document.body.dataset.entry),
    skip: !document.querySelector("#skip").disabled,
    seek: !document.querySelector("#seek").disabled,
    adBadge: !document.querySelector("#ad-badge").hidden,
    time: document.querySelector("#video").currentTime,
  }));
}

// An HLS entry: hls.js plays it through the entry's redirect to the .m3u8.
async function playHls(page, artifacts, requested) {
  await page.waitForFunction(() => document.body.dataset.state === "content" && document.querySelector("#video").currentTime > 1.5, {
    timeout: STEP_MS,
  });
  await artifacts.screenshot(page, "player-hls");
  return {
    engine: await page.evaluate(() => document.body.dataset.engine),
    segments: requested.filter((p) => p.endsWith(".ts")).length,
    time: await page.evaluate(() => document.querySelector("#video").currentTime),
  };
}

main(async (args, problems) => {
  const artifacts = new Artifacts(args.artifacts);
  const browser = await openBrowser();
  try {
    const page = await newPage(browser, problems);
    const requested = [];
    page.on("request", (r) => requested.push(new URL(r.url()).pathname));
    await page.goto(`${args.site}/player/?playlist=${encodeURIComponent(args.playlist)}`);
    if (args.hls) return { ...(await playHls(page, artifacts, requested)), problems, screenshots: artifacts.saved };
    await page.waitForFunction(() => document.body.dataset.state === "ad" && document.querySelector("#video").currentTime > 0.2, {
      timeout: STEP_MS,
    });
    const duringAd = await controls(page);
    await artifacts.screenshot(page, "player-ad");
    // A click on the greyed-out skip button does nothing.
    await page.click("#skip");
    const afterSkipClick = await controls(page);
    assert.equal(afterSkipClick.entry, 0, "a click on skip left the ad");

    await page.waitForFunction(() => document.body.dataset.state === "content" && document.querySelector("#video").currentTime > 0.2, {
      timeout: STEP_MS,
    });
    const duringContent = await controls(page);
    await artifacts.screenshot(page, "player-content");
    await page.waitForFunction(() => document.body.dataset.state === "finished", { timeout: STEP_MS });
    const beacons = await page.$$eval("#beacons li", (items) => items.map((li) => ({ event: li.dataset.event, status: li.dataset.status })));
    await artifacts.screenshot(page, "player-finished");
    return {
      duringAd,
      afterSkipClick,
      duringContent,
      beacons,
      entryRequests: requested.filter((p) => p.startsWith("/_/e/")).length,
      hlsLoaded: requested.includes("/player/vendor/hls.min.js"),
      problems,
      screenshots: artifacts.saved,
    };
  } finally {
    await browser.close();
  }
});
