// CI: the server's PDF of the example, checked with poppler (pdfinfo, pdffonts).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../server/config';
import { startServer } from '../server/Server';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stip-pdfcheck-'));
const server = await startServer(loadConfig({ PORT: '0', DATA_DIR: dir, LOG_LEVEL: 'warn' }));
let failed = false;
try {
  const created = (await (await fetch(`${server.url}/api/canvases`, { method: 'POST', body: '{"template":"example"}' })).json()) as {
    id: string;
    tokens: { viewer: string };
  };
  const response = await fetch(`${server.url}/api/canvases/${created.id}/pdf?token=${created.tokens.viewer}`);
  const file = path.join(dir, 'example.pdf');
  fs.writeFileSync(file, Buffer.from(await response.arrayBuffer()));
  const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' });
  process.stdout.write(`${info}\n${fonts}\n`);
  const check = (ok: boolean, what: string) => {
    console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
    failed ||= !ok;
  };
  check(/^Pages:\s+1$/m.test(info), 'pdfinfo: Pages: 1');
  check(/^Page size:\s+595\.28 x 841\.89 pts \(A4\)$/m.test(info), 'pdfinfo: A4 page size');
  const rows = fonts.trim().split('\n').slice(2);
  check(rows.length > 0, 'pdffonts: fonts listed');
  // Columns: name type encoding emb sub uni object ID; 'emb' and 'sub' must both be yes.
  check(rows.every((row) => / yes\s+yes\s+(yes|no)\s+\d+\s+\d+$/.test(row)), 'pdffonts: every font embedded as a subset');
} finally {
  await server.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
