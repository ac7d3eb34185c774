// Preloaded into the dashboard by `npm run bench -- sse-memory` (NODE_OPTIONS=--import): every
// second each Node process writes its process.memoryUsage() to EDDY_MEMORY_PROBE_DIR/<pid>.json,
// so the bench reads the server's heap, which /proc does not show. Never loaded outside benches.
import { renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';

const dir = process.env.EDDY_MEMORY_PROBE_DIR;
if (dir) {
  const file = path.join(dir, `${process.pid}.json`);
  const write = () => {
    try {
      // Written aside and renamed: the bench never reads half a file.
      writeFileSync(`${file}.tmp`, JSON.stringify({ at: Date.now(), ...process.memoryUsage() }));
      renameSync(`${file}.tmp`, file);
    } catch {
      // The bench removed the folder: it is over.
    }
  };
  write();
  globalThis.setInterval(write, 1000).unref();
}
