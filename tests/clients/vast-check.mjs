// Parses a VAST or VMAP document with @dailymotion/vast-client, as a player
// would, and prints what it found as JSON:
//   node vast-check.mjs <url|file>
//   {"kind":"vast","ads":[...]} or {"kind":"vmap","breaks":[{"timeOffset",...,"ads":[...]}]}
// VMAP is not vast-client's: each AdBreak's inline VAST (VASTAdData) is parsed by it.
// Exits 1 with the reason on stderr when the document cannot be read or parsed.
import { readFile } from 'node:fs/promises';
import { VASTParser } from '@dailymotion/vast-client';
import { DOMParser } from '@xmldom/xmldom';

const VAST_NS = 'http://www.iab.com/VAST';
const VMAP_NS = 'http://www.iab.net/videosuite/vmap';

async function load(source) {
  if (/^https?:\/\//.test(source)) {
    const response = await fetch(source);
    if (!response.ok) throw new Error(`HTTP ${response.status} for ${source}`);
    return response.text();
  }
  return readFile(source, 'utf8');
}

function parseXml(text) {
  const problems = [];
  const doc = new DOMParser({
    onError: (level, message) => { if (level !== 'warning') problems.push(message); },
  }).parseFromString(text, 'text/xml');
  if (problems.length) throw new Error(`not well-formed XML: ${problems.join('; ')}`);
  return doc;
}

function creativeOf(creative) {
  return {
    id: creative.id,
    type: creative.type,
    duration: creative.duration,
    clickThrough: creative.videoClickThroughURLTemplate?.url ?? null,
    clickTracking: (creative.videoClickTrackingURLTemplates ?? []).map((t) => t.url),
    trackingEvents: creative.trackingEvents ?? {},
    mediaFiles: (creative.mediaFiles ?? []).map((m) => ({
      url: m.fileURL,
      type: m.mimeType,
      delivery: m.deliveryType,
      width: m.width,
      height: m.height,
      bitrate: m.bitrate,
      fileSize: m.fileSize,
    })),
  };
}

async function parseVast(doc) {
  const response = await new VASTParser().parseVAST(doc, { allowMultipleAds: true });
  return {
    version: response.version,
    errors: (response.errorURLTemplates ?? []),
    ads: response.ads.map((ad) => ({
      id: ad.id,
      sequence: ad.sequence,
      system: ad.system?.value ?? ad.system,
      title: ad.title,
      impressions: ad.impressionURLTemplates.map((t) => t.url),
      creatives: ad.creatives.map(creativeOf),
    })),
  };
}

async function main() {
  const source = process.argv[2];
  if (!source) throw new Error('usage: node vast-check.mjs <url|file>');
  const doc = parseXml(await load(source));
  const root = doc.documentElement;
  if (root.namespaceURI === VMAP_NS && root.localName === 'VMAP') {
    const breaks = [];
    for (const adBreak of Array.from(root.getElementsByTagNameNS(VMAP_NS, 'AdBreak'))) {
      const vast = adBreak.getElementsByTagNameNS(VAST_NS, 'VAST')[0];
      if (!vast) throw new Error(`AdBreak ${adBreak.getAttribute('breakId')} has no inline VAST`);
      const inline = parseXml(vast.toString());
      breaks.push({
        timeOffset: adBreak.getAttribute('timeOffset'),
        breakId: adBreak.getAttribute('breakId'),
        breakType: adBreak.getAttribute('breakType'),
        ...(await parseVast(inline)),
      });
    }
    return { kind: 'vmap', version: root.getAttribute('version'), breaks };
  }
  if (root.localName !== 'VAST') throw new Error(`root element is ${root.localName}`);
  return { kind: 'vast', ...(await parseVast(doc)) };
}

main().then(
  (result) => console.log(JSON.stringify(result)),
  (error) => {
    console.error(`vast-check: ${error.message}`);
    process.exit(1);
  },
);
