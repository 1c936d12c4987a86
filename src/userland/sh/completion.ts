// Tab completion candidates: commands (builtins, functions, aliases, PATH), paths, $vars, %jobs.
import { O_RDONLY, O_DIRECTORY, DT_DIR, DT_LNK, S_IFMT, S_IFDIR, X_OK } from '../../kernel/syscall';
import type { Gen } from './expand';
import type { Shell } from './shell';
import { BUILTINS } from './builtins';

function* listDir(sh: Shell, dir: string): Gen<{ name: string; type: number }[]> {
  const fd = yield* sh.sys.open(dir || '.', O_RDONLY | O_DIRECTORY);
  if (fd < 0) return [];
  const ents = yield* sh.sys.getdents(fd);
  yield* sh.sys.close(fd);
  return typeof ents === 'number' ? [] : ents.filter((e) => e.name !== '.' && e.name !== '..');
}

export function* complete(sh: Shell, word: string, cmdPos: boolean): Gen<string[]> {
  const out = new Set<string>();
  if (word.startsWith('%')) {
    for (const j of sh.jobs.jobs) out.add('%' + j.id);
    return [...out].filter((c) => c.startsWith(word)).sort();
  }
  if (word.startsWith('$')) {
    for (const k of sh.vars.keys()) if (('$' + k).startsWith(word)) out.add('$' + k);
    return [...out].sort();
  }
  if (cmdPos && !word.includes('/')) {
    for (const k of BUILTINS.keys()) if (k.startsWith(word)) out.add(k);
    for (const k of sh.functions.keys()) if (k.startsWith(word)) out.add(k);
    for (const k of sh.aliases.keys()) if (k.startsWith(word)) out.add(k);
    for (const kw of ['if', 'then', 'else', 'elif', 'fi', 'case', 'esac', 'for', 'while', 'until', 'do', 'done', 'function', 'time']) {
      if (kw.startsWith(word)) out.add(kw);
    }
    const PATH = sh.getVar('PATH') ?? '';
    for (const d of PATH.split(':')) {
      for (const e of yield* listDir(sh, d)) {
        if (!e.name.startsWith(word)) continue;
        if ((yield* sh.sys.access(`${d}/${e.name}`, X_OK)) === 0 && e.type !== DT_DIR) out.add(e.name);
      }
    }
    if (word !== '' || out.size) return [...out].sort();
  }
  // paths
  let w = word;
  let tildePrefix = '';
  if (w.startsWith('~')) {
    const home = sh.getVar('HOME') ?? '/';
    const slash = w.indexOf('/');
    if (slash < 0) return [];
    tildePrefix = w.slice(0, slash);
    w = home + w.slice(slash);
  }
  const slash = w.lastIndexOf('/');
  const dir = slash >= 0 ? w.slice(0, slash + 1) : '';
  const base = slash >= 0 ? w.slice(slash + 1) : w;
  for (const e of yield* listDir(sh, dir || '.')) {
    if (!e.name.startsWith(base)) continue;
    if (e.name.startsWith('.') && !base.startsWith('.')) continue;
    let isDir = e.type === DT_DIR;
    if (e.type === DT_LNK) {
      const st = yield* sh.sys.stat(dir + e.name);
      isDir = typeof st !== 'number' && (st.mode & S_IFMT) === S_IFDIR;
    }
    let full = dir + e.name + (isDir ? '/' : '');
    if (tildePrefix) full = tildePrefix + full.slice((sh.getVar('HOME') ?? '/').length);
    out.add(full);
  }
  return [...out].sort();
}
