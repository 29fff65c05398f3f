import { preinstallChromium } from './chromium.js';

/** Once per run, before the browser tests: parallel files would otherwise each start apt-get on a clean machine. */
export default async function setup() {
  await preinstallChromium();
}
