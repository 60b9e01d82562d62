// The JavaScript each page makes a browser download, gzipped, against the issue's budgets. Run after `npm run
// build:web`: node --import tsx bench/web-budget.ts (exit 1 when a budget is exceeded).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

type Chunk = { file: string; imports?: string[]; dynamicImports?: string[]; isEntry?: boolean };

const dist = fileURLToPath(new URL('../web/dist/', import.meta.url));
const manifest = JSON.parse(readFileSync(`${dist}.vite/manifest.json`, 'utf8')) as Record<string, Chunk>;

/** The entry's chunk and every chunk it imports statically (the first load); with `lazy`, dynamic ones too. */
function chunksOf(entry: string, lazy: boolean): Set<string> {
  const seen = new Set<string>();
  const visit = (key: string) => {
    const chunk = manifest[key];
    if (!chunk || seen.has(chunk.file)) return;
    seen.add(chunk.file);
    for (const next of chunk.imports ?? []) visit(next);
    if (lazy) for (const next of chunk.dynamicImports ?? []) visit(next);
  };
  visit(entry);
  return seen;
}

function gzippedJs(files: Set<string>): { raw: number; gzip: number } {
  let raw = 0;
  let gzip = 0;
  for (const file of files) {
    if (!file.endsWith('.js')) continue;
    const bytes = readFileSync(dist + file);
    raw += bytes.length;
    gzip += gzipSync(bytes, { level: 9 }).length;
  }
  return { raw, gzip };
}

const pages = [
  { name: 'help center (/, first load)', entry: 'index.html', lazy: false, budgetKb: 150 },
  { name: 'console (/agent, everything)', entry: 'agent.html', lazy: true, budgetKb: 350 },
];

let over = false;
for (const page of pages) {
  const files = chunksOf(page.entry, page.lazy);
  const { raw, gzip } = gzippedJs(files);
  const kb = gzip / 1024;
  const ok = kb <= page.budgetKb;
  over ||= !ok;
  console.log(`${page.name}: ${kb.toFixed(1)} KB gzipped JS (${(raw / 1024).toFixed(1)} KB raw, ${files.size} chunks), budget ${page.budgetKb} KB ${ok ? 'ok' : 'EXCEEDED'}`);
}
process.exitCode = over ? 1 : 0;
