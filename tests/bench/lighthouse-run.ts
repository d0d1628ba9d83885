import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import lighthouse from 'lighthouse';

// Debian's /usr/bin/chromium is a shell wrapper; the binary itself, where present, is the process we stop.
export const CHROMIUM =
  process.env.CHROMIUM_PATH ??
  (existsSync('/usr/lib/chromium/chromium') ? '/usr/lib/chromium/chromium' : '/usr/bin/chromium');
// As the browser tests run it (toolchain.md): Debian's chromium as root, loopback only, nothing to download.
const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--no-default-browser-check',
];

/** What one Lighthouse run of one page says, in the units people quote it in. */
export interface LighthouseFigures {
  url: string;
  /** 0–100, as the report shows it. */
  performance: number;
  fcpMs: number;
  lcpMs: number;
  tbtMs: number;
  cls: number;
  speedIndexMs: number;
  /** Everything the page transferred (Lighthouse's total-byte-weight), KiB. */
  transferKiB: number;
  /** JavaScript files: KiB on the wire and KiB once decompressed. */
  scriptTransferKiB: number;
  scriptResourceKiB: number;
  scriptFiles: number;
  /** What Lighthouse says compression and unused JavaScript would save, KiB. */
  compressionSavingsKiB: number;
  unusedJsKiB: number;
  lcpElement: string | null;
  warnings: string[];
}

interface Chromium {
  port: number;
  stop(): Promise<void>;
}

/** Debian's chromium with a DevTools port the OS chose (read back from its "DevTools listening" line). */
async function launchChromium(): Promise<Chromium> {
  const profile = mkdtempSync(path.join(tmpdir(), 'detox-lighthouse-'));
  const child: ChildProcess = spawn(
    CHROMIUM,
    [...CHROMIUM_ARGS, '--remote-debugging-port=0', `--user-data-dir=${profile}`, 'about:blank'],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  // The bench's watchdog and Ctrl-C end the run with process.exit: the browser must not outlive it.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      process.off('exit', killOnExit);
      resolve();
    }),
  );
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    // Chromium's helper processes may still be writing the profile for a moment after the browser exits.
    try {
      rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
    } catch (error) {
      console.warn(
        `could not remove the Lighthouse browser profile ${profile}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  };
  try {
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${CHROMIUM} printed no DevTools port within 30 s:\n${stderr.slice(-2000)}`)),
        30_000,
      );
      child.once('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`${CHROMIUM} exited with ${code} before listening:\n${stderr.slice(-2000)}`));
      });
      child.stderr?.setEncoding('utf8');
      child.stderr?.on('data', (chunk: string) => {
        stderr += chunk;
        const match = /DevTools listening on ws:\/\/[^:]+:(\d+)\//.exec(stderr);
        if (match) {
          clearTimeout(timer);
          resolve(Number(match[1]));
        }
      });
    });
    return { port, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

interface NetworkItem {
  url: string;
  resourceType?: string;
  transferSize?: number;
  resourceSize?: number;
}

const KIB = 1024;

/**
 * Lighthouse's default run (mobile form factor, simulated slow 4G and 4x CPU slowdown: no config is
 * passed, so this is what `lighthouse <url>` does) of the performance category on each URL, one
 * fresh Chromium for all of them. `cookie` is sent with every request (a logged-in page), as
 * Lighthouse's own `--extra-headers` does.
 */
export async function lighthousePerformance(
  urls: { url: string; cookie?: string; reportFile?: string }[],
): Promise<LighthouseFigures[]> {
  const chromium = await launchChromium();
  try {
    const results: LighthouseFigures[] = [];
    for (const { url, cookie, reportFile } of urls) {
      const measure = async () => {
        const result = await lighthouse(url, {
          port: chromium.port,
          onlyCategories: ['performance'],
          output: 'json',
          logLevel: 'error',
          ...(cookie ? { extraHeaders: { Cookie: cookie } } : {}),
        });
        if (!result) throw new Error(`Lighthouse returned nothing for ${url}`);
        return result;
      };
      let result = await measure();
      // On a busy machine the trace sometimes misses its navigation start (NO_NAVSTART): Lighthouse's advice is to run again.
      for (let retry = 0; retry < 2 && result.lhr.runtimeError; retry++) result = await measure();
      const lhr = result.lhr;
      // The whole report, to open in the Lighthouse viewer or read with jq.
      if (reportFile)
        writeFileSync(reportFile, typeof result.report === 'string' ? result.report : JSON.stringify(lhr));
      if (lhr.runtimeError)
        throw new Error(`Lighthouse could not load ${url}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
      const audit = (id: string) => lhr.audits[id];
      const numeric = (id: string) => {
        const value = audit(id)?.numericValue;
        if (typeof value !== 'number')
          throw new Error(`Lighthouse gave no ${id} for ${url}: ${audit(id)?.errorMessage ?? 'no value'}`);
        return value;
      };
      const savings = (id: string) => {
        const details = audit(id)?.details as { overallSavingsBytes?: number } | undefined;
        return (details?.overallSavingsBytes ?? 0) / KIB;
      };
      const items = ((audit('network-requests')?.details as { items?: NetworkItem[] } | undefined)?.items ??
        []) as NetworkItem[];
      const scripts = items.filter((i) => i.resourceType === 'Script');
      const lcpDetails = audit('largest-contentful-paint-element')?.details as
        | { items?: { items?: { node?: { snippet?: string } }[] }[] }
        | undefined;
      const score = lhr.categories.performance?.score;
      results.push({
        url,
        performance: Math.round((score ?? 0) * 100),
        fcpMs: numeric('first-contentful-paint'),
        lcpMs: numeric('largest-contentful-paint'),
        tbtMs: numeric('total-blocking-time'),
        cls: numeric('cumulative-layout-shift'),
        speedIndexMs: numeric('speed-index'),
        transferKiB: numeric('total-byte-weight') / KIB,
        scriptTransferKiB: scripts.reduce((s, i) => s + (i.transferSize ?? 0), 0) / KIB,
        scriptResourceKiB: scripts.reduce((s, i) => s + (i.resourceSize ?? 0), 0) / KIB,
        scriptFiles: scripts.length,
        compressionSavingsKiB: savings('uses-text-compression'),
        unusedJsKiB: savings('unused-javascript'),
        lcpElement: lcpDetails?.items?.[0]?.items?.[0]?.node?.snippet ?? null,
        warnings: lhr.runWarnings,
      });
    }
    return results;
  } finally {
    await chromium.stop();
  }
}
