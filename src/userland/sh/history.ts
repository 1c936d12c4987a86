// History list helpers and csh-style history expansion (!!, !$, !n, !-n, !string) as interactive
// bash does it before parsing a line.

export type HistResult = { line: string; changed: boolean } | { error: string };

export function historyExpand(line: string, hist: readonly string[]): HistResult {
  if (!line.includes('!')) return { line, changed: false };
  let out = '';
  let changed = false;
  let inSingle = false;
  let inDouble = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === '\\' && !inSingle) {
      out += c + (line[i + 1] ?? '');
      i++;
      continue;
    }
    if (c === "'" && !inDouble) inSingle = !inSingle;
    if (c === '"' && !inSingle) inDouble = !inDouble;
    if (c !== '!' || inSingle) {
      out += c;
      continue;
    }
    const rest = line.slice(i + 1);
    const n = rest[0];
    // bash_history_inhibit_expansion: `$!` and `${!name}` are not history references
    const prev = line[i - 1];
    if (prev === '$' || (prev === '{' && line[i - 2] === '$')) {
      out += c;
      continue;
    }
    if (n === undefined || n === ' ' || n === '\t' || n === '=' || n === '(' || n === '\n' || (inDouble && n === '"')) {
      out += c;
      continue;
    }
    let event: string | undefined;
    let len: number;
    let spec: string;
    if (n === '!') {
      event = hist[hist.length - 1];
      len = 1;
      spec = '!!';
    } else if (n === '$') {
      const last = hist[hist.length - 1];
      event = last === undefined ? undefined : (last.trim().split(/\s+/).pop() ?? '');
      len = 1;
      spec = '!$';
    } else {
      const m = /^(-?[0-9]+|[^\s;&|<>()'"]+)/.exec(rest);
      if (!m) {
        out += c;
        continue;
      }
      len = m[0].length;
      spec = '!' + m[0];
      if (/^-?[0-9]+$/.test(m[0])) {
        const k = Number(m[0]);
        event = k < 0 ? hist[hist.length + k] : hist[k - 1];
      } else {
        for (let j = hist.length - 1; j >= 0; j--) {
          if (hist[j]!.startsWith(m[0])) {
            event = hist[j];
            break;
          }
        }
      }
    }
    if (event === undefined) return { error: `${spec}: event not found` };
    out += event;
    changed = true;
    i += len;
  }
  return { line: out, changed };
}
