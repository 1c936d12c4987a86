// GNU getopt_long as coreutils uses it, with glibc's exact diagnostics:
//   ls: invalid option -- 'z'
//   ls: unrecognized option '--frobnicate'
//   head: option requires an argument -- 'n'
//   head: option '--lines' requires an argument
//   ls: option '--all' doesn't allow an argument
// Options and operands may be mixed (GNU permutation) unless `posixly` is set; "--" ends options.

export interface LongOpt {
  name: string;
  /** 'none' | 'required' | 'optional' */
  arg: 'none' | 'required' | 'optional';
  /** key reported in the result (a short option letter or the long name) */
  key: string;
}

export interface ParsedOpts {
  /** options in order: [key, value|undefined] */
  opts: Array<[string, string | undefined]>;
  operands: string[];
}

export interface GetoptError {
  /** the message without the program prefix, e.g. "invalid option -- 'z'" */
  message: string;
}

/**
 * Parse argv (without argv[0]). `shortSpec` is getopt's optstring ("ab:c::").
 * Long option names may be abbreviated to any unambiguous prefix, as glibc allows.
 */
export function getopt(
  args: readonly string[],
  shortSpec: string,
  longOpts: readonly LongOpt[] = [],
  posixly = false,
): ParsedOpts | GetoptError {
  const shortArg = new Map<string, 'none' | 'required' | 'optional'>();
  for (let i = 0; i < shortSpec.length; i++) {
    const c = shortSpec[i]!;
    if (c === ':' || c === '+' || c === '-') continue;
    if (shortSpec[i + 1] === ':') {
      if (shortSpec[i + 2] === ':') {
        shortArg.set(c, 'optional');
        i += 2;
      } else {
        shortArg.set(c, 'required');
        i += 1;
      }
    } else shortArg.set(c, 'none');
  }
  const opts: Array<[string, string | undefined]> = [];
  const operands: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') {
      operands.push(...args.slice(i + 1));
      break;
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = eq >= 0 ? a.slice(2, eq) : a.slice(2);
      const exact = longOpts.find((o) => o.name === name);
      const cands = exact ? [exact] : longOpts.filter((o) => o.name.startsWith(name));
      const uniq = new Set(cands.map((o) => o.key));
      if (cands.length === 0) return { message: `unrecognized option '${a}'` };
      if (uniq.size > 1) {
        const poss = cands.map((o) => `'--${o.name}'`).join(' ');
        return { message: `option '${eq >= 0 ? a.slice(0, eq) : a}' is ambiguous; possibilities: ${poss}` };
      }
      const o = cands[0]!;
      if (o.arg === 'none') {
        if (eq >= 0) return { message: `option '--${o.name}' doesn't allow an argument` };
        opts.push([o.key, undefined]);
      } else if (eq >= 0) {
        opts.push([o.key, a.slice(eq + 1)]);
      } else if (o.arg === 'required') {
        if (i + 1 >= args.length) return { message: `option '--${o.name}' requires an argument` };
        opts.push([o.key, args[++i]!]);
      } else opts.push([o.key, undefined]);
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const c = a[j]!;
        const kind = shortArg.get(c);
        if (kind === undefined) return { message: `invalid option -- '${c}'` };
        if (kind === 'none') {
          opts.push([c, undefined]);
          continue;
        }
        const rest = a.slice(j + 1);
        if (rest.length > 0) {
          opts.push([c, rest]);
        } else if (kind === 'required') {
          if (i + 1 >= args.length) return { message: `option requires an argument -- '${c}'` };
          opts.push([c, args[++i]!]);
        } else opts.push([c, undefined]);
        break;
      }
      continue;
    }
    if (posixly) {
      operands.push(...args.slice(i));
      break;
    }
    operands.push(a);
  }
  return { opts, operands };
}

export function isGetoptError(r: ParsedOpts | GetoptError): r is GetoptError {
  return 'message' in r;
}
