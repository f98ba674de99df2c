// The official Node client's batch job, for the fresh-process benchmark (bench/5-FreshProcess.ps1):
// reads the people CSV line by line and sends TrackClient.batch() of 500 operations, one request
// after another, as the client's README shows. Not part of the module; customerio-node is installed
// by the benchmark into a temporary folder outside the repository.
//   node batch-people.js <client folder> <csv> <base url> <site id> <api key> <identify|event>
// Prints one JSON line: rows, requests, seconds (from the start of the process) and peak RSS (KB).
'use strict';
const path = require('path');
const fs = require('fs');
const readline = require('readline');
const [clientDir, csvPath, baseUrl, siteId, apiKey, mode = 'identify'] = process.argv.slice(2);
const { TrackClient } = require(path.join(clientDir, 'node_modules', 'customerio-node'));
// `url` points the client at another host (here the emulator); it derives the v2 root from it.
const cio = new TrackClient(siteId, apiKey, { url: `${baseUrl}/api/v1` });

async function main() {
  const lines = readline.createInterface({ input: fs.createReadStream(csvPath), crlfDelay: Infinity });
  let header = null;
  let batch = [];
  let rows = 0;
  let requests = 0;
  for await (const line of lines) {
    if (!line) continue;
    // The benchmark's CSV has no quoted cells: a split is a fair reading of it.
    const cells = line.split(',');
    if (!header) { header = cells; continue; }
    const attributes = {};
    for (let i = 1; i < header.length; i++) attributes[header[i]] = cells[i];
    // created_at as the number the service requires, as the module sends it.
    attributes.created_at = Number(attributes.created_at);
    const op = mode === 'event'
      ? { type: 'person', identifiers: { id: cells[0] }, action: 'event', name: 'signup', attributes }
      : { type: 'person', identifiers: { id: cells[0] }, action: 'identify', attributes };
    batch.push(op);
    rows++;
    if (batch.length === 500) { await cio.batch(batch); requests++; batch = []; }
  }
  if (batch.length) { await cio.batch(batch); requests++; }
  const seconds = process.uptime();
  console.log(JSON.stringify({ rows, requests, seconds, peak_kb: process.resourceUsage().maxRSS }));
}
main().catch((e) => { console.error(e && e.stack || e); process.exit(1); });
