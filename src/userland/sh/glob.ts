// Pathname expansion over the VFS (getdents), as bash does it: per path component, hidden files
// only when the pattern component starts with '.', results sorted.
import type { Sys } from '../../kernel/syscall';
import { O_RDONLY, O_DIRECTORY, DT_DIR, DT_LNK, DT_UNKNOWN, S_IFMT, S_IFDIR } from '../../kernel/syscall';
import type { Gen } from './expand';
import { hasGlob, matchPattern, unescapePattern } from './pattern';

function* readdir(sys: Sys, dir: string): Gen<{ name: string; type: number }[] | null> {
  const fd = yield* sys.open(dir === '' ? '.' : dir, O_RDONLY | O_DIRECTORY);
  if (fd < 0) return null;
  const ents = yield* sys.getdents(fd);
  yield* sys.close(fd);
  if (typeof ents === 'number') return null;
  return ents.map((e) => ({ name: e.name, type: e.type }));
}

export function* globExpand(sys: Sys, pattern: string): Gen<string[]> {
  const abs = pattern.startsWith('/');
  const comps = pattern.split('/').filter((c, i) => !(i === 0 && abs && c === ''));
  let paths: string[] = [abs ? '/' : ''];
  for (let i = 0; i < comps.length; i++) {
    const comp = comps[i]!;
    const last = i === comps.length - 1;
    const next: string[] = [];
    if (comp === '') {
      for (const p of paths) next.push(p.endsWith('/') || p === '' ? p : p + '/');
      paths = next;
      continue;
    }
    if (!hasGlob(comp)) {
      const lit = unescapePattern(comp);
      for (const p of paths) {
        const cand = join(p, lit);
        if (last) {
          const st = yield* sys.lstat(cand);
          if (typeof st !== 'number') next.push(cand);
        } else next.push(cand);
      }
      paths = next;
      continue;
    }
    for (const p of paths) {
      const ents = yield* readdir(sys, p);
      if (!ents) continue;
      const names = ents
        .filter((e) => e.name !== '.' && e.name !== '..')
        .filter((e) => !e.name.startsWith('.') || comp.startsWith('.') || comp.startsWith('\\.'))
        .filter((e) => matchPattern(comp, e.name))
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      for (const e of names) {
        const cand = join(p, e.name);
        if (!last) {
          if (e.type === DT_DIR) next.push(cand);
          else if (e.type === DT_LNK || e.type === DT_UNKNOWN) {
            const st = yield* sys.stat(cand);
            if (typeof st !== 'number' && (st.mode & S_IFMT) === S_IFDIR) next.push(cand);
          }
        } else next.push(cand);
      }
    }
    paths = next;
    if (!paths.length) return [];
  }
  if (pattern.endsWith('/')) return paths.filter((p) => p !== '');
  return paths.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function join(dir: string, name: string): string {
  if (dir === '') return name;
  if (dir.endsWith('/')) return dir + name;
  return dir + '/' + name;
}
