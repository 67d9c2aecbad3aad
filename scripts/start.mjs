// `npm start`: build the client if the build is missing or older than its sources, then serve.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runChild } from './runChild.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const built = path.join(root, 'dist', 'client', 'index.html');
const sources = ['client', 'shared', 'vite.config.ts', 'package.json'].map((s) => path.join(root, s));

/** Newest modification time of a file, or of any file below a folder; 0 when it is absent. */
function newestMtime(entry) {
  let stat;
  try {
    stat = fs.statSync(entry);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const name of fs.readdirSync(entry)) {
    if (name === 'node_modules' || name.startsWith('.')) continue; // editor swap files, .DS_Store
    newest = Math.max(newest, newestMtime(path.join(entry, name)));
  }
  return newest;
}

const builtAt = newestMtime(built);
if (builtAt === 0 || sources.some((source) => newestMtime(source) > builtAt)) {
  console.log(
    builtAt === 0
      ? 'Building the client (dist/client is missing)…'
      : 'Rebuilding the client (its sources changed since the last build)…',
  );
  const code = await runChild(bin('vite'), ['build', '--logLevel', 'warn'], { cwd: root });
  if (code !== 0) process.exit(code);
}

process.exit(await runChild(bin('tsx'), ['server/main.ts', ...process.argv.slice(2)], { cwd: root }));
