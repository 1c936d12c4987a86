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
  /**
   * For each entry of opts, glibc's optind right after getopt returned it: the index in args of the next element
   * to scan (the same element while inside a cluster like "-ab"). kill -l peeks at args[optind[k]].
   */
  optind: number[];
}

export interface GetoptError {
  /** the message without the program prefix, e.g. "invalid option -- 'z'" */
  message: string;
  /**
   * Options parsed before the bad one, in order. Real programs act on each option as getopt returns it, so
   * `free --help --bogus` prints the help and exits 0: handle these first, then report `message`.
   */
  opts: Array<[string, string | undefined]>;
  /** optind for each of opts, as in ParsedOpts */
  optind: number[];
  /**
   * glibc's optopt for callers that set opterr=0 and print their own text: the offending short option letter,
   * the key of a known long option used wrongly, or '' for an unrecognized or ambiguous long option.
   */
  optopt: string;
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
  const optind: number[] = [];
  const fail = (message: string, optopt: string): GetoptError => ({ message, opts, optind, optopt });
  const push = (key: string, value: string | undefined, next: number) => {
    opts.push([key, value]);
    optind.push(next);
  };
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
      if (cands.length === 0) return fail(`unrecognized option '${a}'`, '');
      if (uniq.size > 1) {
        // glibc prints the whole argument, "=value" included
        const poss = cands.map((o) => `'--${o.name}'`).join(' ');
        return fail(`option '${a}' is ambiguous; possibilities: ${poss}`, '');
      }
      const o = cands[0]!;
      if (o.arg === 'none') {
        if (eq >= 0) return fail(`option '--${o.name}' doesn't allow an argument`, o.key);
        push(o.key, undefined, i + 1);
      } else if (eq >= 0) {
        push(o.key, a.slice(eq + 1), i + 1);
      } else if (o.arg === 'required') {
        if (i + 1 >= args.length) return fail(`option '--${o.name}' requires an argument`, o.key);
        push(o.key, args[++i]!, i + 1);
      } else push(o.key, undefined, i + 1);
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const c = a[j]!;
        const kind = shortArg.get(c);
        if (kind === undefined) return fail(`invalid option -- '${c}'`, c);
        if (kind === 'none') {
          push(c, undefined, j + 1 < a.length ? i : i + 1);
          continue;
        }
        const rest = a.slice(j + 1);
        if (rest.length > 0) {
          push(c, rest, i + 1);
        } else if (kind === 'required') {
          if (i + 1 >= args.length) return fail(`option requires an argument -- '${c}'`, c);
          push(c, args[++i]!, i + 1);
        } else push(c, undefined, i + 1);
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
  return { opts, operands, optind };
}

export function isGetoptError(r: ParsedOpts | GetoptError): r is GetoptError {
  return 'message' in r;
}
