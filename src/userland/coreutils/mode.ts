// gnulib modechange: octal and symbolic modes ("755", "u+x", "go-w,a+X", "=rw", "+t") as chmod,
// mkdir -m and mkfifo -m take them. mode_compile and mode_adjust, rule for rule: a who-less clause
// is filtered through the umask; '=' keeps the directory setuid/setgid bits unless they are
// mentioned; an octal mode of fewer than 5 digits keeps them too.

export interface ModeChange {
  /** mode_adjust(): the new permission bits (07777) of a file whose mode is `oldMode`. */
  apply(oldMode: number, isDir: boolean, umask: number): number;
}

const S_ISUID = 0o4000;
const S_ISGID = 0o2000;
const S_ISVTX = 0o1000;
const S_IRWXU = 0o700;
const S_IRWXG = 0o070;
const S_IRWXO = 0o007;
const S_IRWXUGO = 0o777;
const CHMOD_MODE_BITS = 0o7777;
const ALLM = 0o7777;

const ORDINARY = 0;
const COPY_EXISTING = 1;
const X_IF_ANY_X = 2;

interface Change {
  op: '=' | '+' | '-';
  flag: number;
  affected: number;
  value: number;
  mentioned: number;
}

/** Compile a mode string; undefined if invalid (the caller prints "invalid mode"). */
export function compileMode(s: string): ModeChange | undefined {
  const changes = compile(s);
  return changes ? { apply: (old, isDir, umask) => adjust(old, isDir, umask, changes) } : undefined;
}

function compile(s: string): Change[] | undefined {
  if (s.length > 0 && s[0]! >= '0' && s[0]! < '8') {
    let n = 0;
    let i = 0;
    for (; i < s.length && s[i]! >= '0' && s[i]! < '8'; i++) {
      n = n * 8 + (s.charCodeAt(i) - 48);
      if (n > ALLM) return undefined;
    }
    if (i < s.length) return undefined;
    const mentioned = i < 5 ? (n & (S_ISUID | S_ISGID)) | S_ISVTX | S_IRWXUGO : CHMOD_MODE_BITS;
    return [{ op: '=', flag: ORDINARY, affected: CHMOD_MODE_BITS, value: n, mentioned }];
  }
  const out: Change[] = [];
  let p = 0;
  for (;;) {
    let affected = 0;
    for (;; p++) {
      const c = s[p];
      if (c === 'u') affected |= S_ISUID | S_IRWXU;
      else if (c === 'g') affected |= S_ISGID | S_IRWXG;
      else if (c === 'o') affected |= S_ISVTX | S_IRWXO;
      else if (c === 'a') affected |= CHMOD_MODE_BITS;
      else if (c === '=' || c === '+' || c === '-') break;
      else return undefined;
    }
    do {
      const op = s[p++] as '=' | '+' | '-';
      let value = 0;
      let mentioned = 0;
      let flag = COPY_EXISTING;
      const c = s[p];
      if (c !== undefined && c >= '0' && c < '8') {
        let n = 0;
        while (s[p] !== undefined && s[p]! >= '0' && s[p]! < '8') {
          n = n * 8 + (s.charCodeAt(p++) - 48);
          if (n > ALLM) return undefined;
        }
        if (affected || (s[p] !== undefined && s[p] !== ',')) return undefined;
        affected = mentioned = CHMOD_MODE_BITS;
        value = n;
        flag = ORDINARY;
      } else if (c === 'u') {
        value = S_IRWXU;
        p++;
      } else if (c === 'g') {
        value = S_IRWXG;
        p++;
      } else if (c === 'o') {
        value = S_IRWXO;
        p++;
      } else {
        flag = ORDINARY;
        for (;; p++) {
          const d = s[p];
          if (d === 'r') value |= 0o444;
          else if (d === 'w') value |= 0o222;
          else if (d === 'x') value |= 0o111;
          else if (d === 'X') flag = X_IF_ANY_X;
          else if (d === 's') value |= S_ISUID | S_ISGID;
          else if (d === 't') value |= S_ISVTX;
          else break;
        }
      }
      out.push({ op, flag, affected, value, mentioned: mentioned ? mentioned : affected ? affected & value : value });
    } while (s[p] === '=' || s[p] === '+' || s[p] === '-');
    if (s[p] !== ',') break;
    p++;
  }
  return p === s.length ? out : undefined;
}

function adjust(oldMode: number, dir: boolean, umask: number, changes: readonly Change[]): number {
  let mode = oldMode & CHMOD_MODE_BITS;
  for (const ch of changes) {
    const affected = ch.affected;
    const omit = (dir ? S_ISUID | S_ISGID : 0) & ~ch.mentioned;
    let value = ch.value;
    if (ch.flag === COPY_EXISTING) {
      value &= mode;
      value |=
        (value & 0o444 ? 0o444 : 0) | (value & 0o222 ? 0o222 : 0) | (value & 0o111 ? 0o111 : 0);
    } else if (ch.flag === X_IF_ANY_X) {
      if (mode & 0o111 || dir) value |= 0o111;
    }
    value &= (affected ? affected : ~umask) & ~omit;
    if (ch.op === '=') {
      const preserved = (affected ? ~affected : 0) | omit;
      mode = (mode & preserved) | value;
    } else if (ch.op === '+') mode |= value;
    else mode &= ~value;
  }
  return mode & CHMOD_MODE_BITS;
}
