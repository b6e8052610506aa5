/** Build the default report once for the integration and browser tests (into tests/.output/site). */
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

export const SITE_DIR = resolve('tests/.output/site');

export default function setup(): void {
  if (process.env.SKIP_SITE_BUILD === '1') return;
  execFileSync(process.execPath, ['scripts/build.ts'], { stdio: 'inherit', env: { ...process.env, OUT_DIR: SITE_DIR } });
}
