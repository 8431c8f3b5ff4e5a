// Runs Lighthouse (mobile, its default config) RUNS times on each URL in one Chromium and prints, per URL, the
// four category scores of the median run: Lighthouse's own remedy for run-to-run variance on a shared machine.
// Usage: node lighthouse_median.mjs CHROMIUM_PATH RUNS URL... (Chromium flags in LH_CHROME_FLAGS, space-separated)
import lighthouse from "lighthouse";
import { computeMedianRun } from "lighthouse/core/lib/median-run.js";
import * as chromeLauncher from "chrome-launcher";

const [chromePath, runs, ...urls] = process.argv.slice(2);
const chromeFlags = ["--headless=new", ...(process.env.LH_CHROME_FLAGS || "").split(" ").filter(Boolean)];
const chrome = await chromeLauncher.launch({ chromePath, chromeFlags });
const report = {};
try {
  for (const url of urls) {
    const lhrs = [];
    for (let i = 0; i < Number(runs); i++) {
      let { lhr } = await lighthouse(url, { port: chrome.port, output: "json", logLevel: "error" });
      // A lost trace (NO_NAVSTART on a busy machine) is Lighthouse's "please run again": once, then it counts.
      if (lhr.runtimeError) ({ lhr } = await lighthouse(url, { port: chrome.port, output: "json", logLevel: "error" }));
      if (lhr.runtimeError) throw new Error(`${url}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
      lhrs.push(lhr);
    }
    const median = computeMedianRun(lhrs);
    const failing = Object.values(median.audits)
      .filter((a) => a.score !== null && a.score < 1 && ["binary", "numeric", "metricSavings"].includes(a.scoreDisplayMode))
      .map((a) => `${a.id}: ${a.score} ${a.displayValue ?? ""}`.trim());
    report[url] = {
      scores: Object.fromEntries(Object.entries(median.categories).map(([id, c]) => [id, Math.round(c.score * 100)])),
      runs: lhrs.map((l) => Object.fromEntries(Object.entries(l.categories).map(([id, c]) => [id, Math.round(c.score * 100)]))),
      failing,
    };
  }
} finally {
  await chrome.kill();
}
console.log(JSON.stringify(report));
