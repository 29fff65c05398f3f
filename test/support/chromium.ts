import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { chromium, type Browser } from 'playwright-core';

const run = promisify(execFile);

/** Debian's package; the browser tests drive it through playwright-core, which bundles no browser. */
export const chromiumPath = '/usr/bin/chromium';

const installCommand =
  'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium';

// The machines have no network to speak of: without these flags Chromium stalls on background fetches.
const launchArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

async function canInstall(): Promise<boolean> {
  if (process.getuid?.() !== 0) return false;
  return run('sh', ['-c', 'command -v apt-get']).then(
    () => true,
    () => false,
  );
}

async function provision(): Promise<string> {
  if (existsSync(chromiumPath)) return chromiumPath;
  if (!(await canInstall())) {
    throw new Error(
      `The browser tests need Chromium at ${chromiumPath}. Install it (Debian/Ubuntu: sudo apt-get install chromium) and run them again.`,
    );
  }
  await run('sh', ['-c', installCommand], { timeout: 10 * 60_000, maxBuffer: 64 * 1024 * 1024 });
  if (!existsSync(chromiumPath)) throw new Error(`apt-get installed chromium, yet ${chromiumPath} is missing`);
  return chromiumPath;
}

let provisioning: Promise<string> | undefined;

/** The Chromium binary: found, or installed once per process with apt-get when running as root (CI). */
export function provideChromium(): Promise<string> {
  provisioning ??= provision();
  return provisioning;
}

/**
 * Run once before the test files: browser tests in parallel files would otherwise each start
 * apt-get on a clean machine and fail on its lock. Without root, the tests report what to install.
 */
export async function preinstallChromium(): Promise<void> {
  if (!existsSync(chromiumPath) && (await canInstall())) await provideChromium();
}

/** A headless Chromium on a fresh temporary profile (playwright-core creates and removes it). */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: await provideChromium(), args: launchArgs });
}
