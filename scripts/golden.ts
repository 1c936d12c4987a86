// npm run golden            compare every tests/golden/*.sh with its .txt, print diffs
// npm run golden -- --update [NAME...]   rewrite the .txt files (review the diff before committing)
import { readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { runGolden } from '../src/machine/golden';

const dir = join(import.meta.dirname, '../tests/golden');
const args = process.argv.slice(2);
const update = args.includes('--update');
const only = args.filter((a) => !a.startsWith('--'));
let failed = 0;
for (const f of readdirSync(dir).filter((x) => x.endsWith('.sh')).sort()) {
  const name = f.replace(/\.sh$/, '');
  if (only.length > 0 && !only.includes(name)) continue;
  const actual = await runGolden(readFileSync(join(dir, f), 'utf8'));
  const txt = join(dir, `${name}.txt`);
  const expected = existsSync(txt) ? readFileSync(txt, 'utf8') : null;
  if (update) {
    if (expected !== actual) {
      writeFileSync(txt, actual);
      console.log(`updated ${name}.txt`);
    }
    continue;
  }
  if (expected === actual) {
    console.log(`ok      ${name}`);
    continue;
  }
  failed++;
  console.log(`DIFFERS ${name}`);
  const a = (expected ?? '').split('\n');
  const b = actual.split('\n');
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] !== b[i]) console.log(`  line ${i + 1}:\n    expected: ${JSON.stringify(a[i])}\n    actual:   ${JSON.stringify(b[i])}`);
  }
}
process.exit(failed > 0 ? 1 : 0);
