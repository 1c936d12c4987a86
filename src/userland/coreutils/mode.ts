// gnulib modechange: octal and symbolic modes ("755", "u+x", "go-w,a+X", "=rw") as mkdir -m and
// chmod take them.

export interface ModeChange {
  apply(oldMode: number, isDir: boolean, umask: number): number;
}

/** Compile a mode string; undefined if invalid (the caller prints "invalid mode"). */
export function compileMode(s: string): ModeChange | undefined {
  if (/^[0-7]+$/.test(s)) {
    const n = parseInt(s, 8);
    if (n > 0o7777) return undefined;
    // like chmod: an octal mode with < 5 digits keeps the directory's setuid/setgid bits
    return { apply: (old, isDir) => (isDir && s.length < 5 ? (old & 0o6000) | n : n) };
  }
  const clauses = s.split(',');
  const ops: Array<{ who: number; op: string; perm: string; whoGiven: boolean }> = [];
  for (const cl of clauses) {
    const m = /^([ugoa]*)((?:[-+=][rwxXstugo]*)+)$/.exec(cl);
    if (!m) return undefined;
    let who = 0;
    for (const c of m[1]!) who |= c === 'u' ? 0o4700 : c === 'g' ? 0o2070 : c === 'o' ? 0o1007 : 0o7777;
    const actions = m[2]!.match(/[-+=][rwxXstugo]*/g)!;
    for (const a of actions) {
      if (/[ugo]/.test(a.slice(1)) && /[rwxXst]/.test(a.slice(1))) return undefined;
      ops.push({ who, op: a[0]!, perm: a.slice(1), whoGiven: m[1]!.length > 0 });
    }
  }
  return {
    apply(old, isDir, umask) {
      let mode = old & 0o7777;
      for (const o of ops) {
        const who = o.whoGiven ? o.who : 0o7777;
        let bits = 0;
        for (const c of o.perm) {
          if (c === 'r') bits |= 0o444;
          else if (c === 'w') bits |= 0o222;
          else if (c === 'x') bits |= 0o111;
          else if (c === 'X') bits |= isDir || mode & 0o111 ? 0o111 : 0;
          else if (c === 's') bits |= 0o6000;
          else if (c === 't') bits |= 0o1000;
          else if (c === 'u') bits |= ((mode & 0o700) >> 6) * 0o111;
          else if (c === 'g') bits |= ((mode & 0o070) >> 3) * 0o111;
          else if (c === 'o') bits |= (mode & 0o007) * 0o111;
        }
        let eff = bits & who;
        if (!o.whoGiven) eff &= ~umask | 0o7000 & ~0o1000;
        if (o.op === '+') mode |= eff;
        else if (o.op === '-') mode &= ~eff;
        else {
          const clear = o.whoGiven ? who & ~(isDir ? 0o6000 : 0) : 0o7777 & ~(isDir ? 0o6000 : 0);
          mode = (mode & ~clear) | eff;
        }
      }
      return mode;
    },
  };
}
