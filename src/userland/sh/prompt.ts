// PS1/PS2 prompt expansion (\u \h \H \w \W \$ \n \s \v \V \j \# \! \[ \] \e \a \\ \d \t \T \A).
export interface PromptInfo {
  user: string;
  host: string;
  cwd: string;
  home: string | undefined;
  uid: number;
  jobs: number;
  histNum: number;
  cmdNum: number;
  shell: string;
}

export function expandPrompt(ps: string, info: PromptInfo): string {
  let out = '';
  for (let i = 0; i < ps.length; i++) {
    const c = ps[i]!;
    if (c !== '\\' || i + 1 >= ps.length) {
      out += c;
      continue;
    }
    const d = ps[++i]!;
    switch (d) {
      case 'u': out += info.user; break;
      case 'h': out += info.host.split('.')[0]; break;
      case 'H': out += info.host; break;
      case 'w': out += tildeDir(info.cwd, info.home); break;
      case 'W': {
        const t = tildeDir(info.cwd, info.home);
        out += t === '/' || t === '~' ? t : t.slice(t.lastIndexOf('/') + 1);
        break;
      }
      case '$': out += info.uid === 0 ? '#' : '$'; break;
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case 's': out += info.shell; break;
      case 'v': out += '5.2'; break;
      case 'V': out += '5.2.15'; break;
      case 'j': out += String(info.jobs); break;
      case '#': out += String(info.cmdNum); break;
      case '!': out += String(info.histNum); break;
      case '[': case ']': break;
      case 'e': out += '\x1b'; break;
      case 'a': out += '\x07'; break;
      case '\\': out += '\\'; break;
      default:
        if (/[0-7]/.test(d)) {
          let v = d;
          while (v.length < 3 && /[0-7]/.test(ps[i + 1] ?? '')) v += ps[++i];
          out += String.fromCharCode(parseInt(v, 8));
        } else out += '\\' + d;
    }
  }
  return out;
}

export function tildeDir(cwd: string, home: string | undefined): string {
  if (home && home !== '/' && (cwd === home || cwd.startsWith(home + '/'))) return '~' + cwd.slice(home.length);
  return cwd;
}
