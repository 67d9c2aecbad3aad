// `npm test`: every tier (unit, integration, e2e). `npm test -- e2e` runs only the browser tests.
import { spawnSync } from 'node:child_process';
import { CHROMIUM_MISSING, findChromium } from './chromium.mjs';

const args = process.argv.slice(2);
const onlyE2e = args[0] === 'e2e';
const rest = onlyE2e ? args.slice(1) : args;

if (!findChromium()) {
  console.error(CHROMIUM_MISSING);
  process.exit(1);
}

const run = (command, commandArgs) => {
  const result = spawnSync(command, commandArgs, { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
};

// The e2e tests serve the built client from the real server.
run('node_modules/.bin/vite', ['build', '--logLevel', 'warn']);
run('node_modules/.bin/vitest', ['run', ...(onlyE2e ? ['--project', 'e2e'] : []), ...rest]);
