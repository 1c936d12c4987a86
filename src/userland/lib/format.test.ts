import { describe, it, expect } from 'vitest';
import { modeString, humanSize, quoteAlways, quoteShellEscape, fileTypeName } from './format';

describe('format', () => {
  it('builds ls mode strings', () => {
    expect(modeString(0o040755)).toBe('drwxr-xr-x');
    expect(modeString(0o100644)).toBe('-rw-r--r--');
    expect(modeString(0o120777)).toBe('lrwxrwxrwx');
    expect(modeString(0o020666)).toBe('crw-rw-rw-');
    expect(modeString(0o060660)).toBe('brw-rw----');
    expect(modeString(0o010644)).toBe('prw-r--r--');
    expect(modeString(0o140755)).toBe('srwxr-xr-x');
    expect(modeString(0o041777)).toBe('drwxrwxrwt');
    expect(modeString(0o041776)).toBe('drwxrwxrwT');
    expect(modeString(0o104755)).toBe('-rwsr-xr-x');
    expect(modeString(0o102644)).toBe('-rw-r-Sr--');
  });
  it('prints human sizes like ls -h', () => {
    expect(humanSize(0)).toBe('0');
    expect(humanSize(1023)).toBe('1023');
    expect(humanSize(1024)).toBe('1.0K');
    expect(humanSize(1228)).toBe('1.2K');
    expect(humanSize(1229)).toBe('1.3K');
    expect(humanSize(4096)).toBe('4.0K');
    expect(humanSize(10240)).toBe('10K');
    expect(humanSize(10241)).toBe('11K');
    expect(humanSize(151552)).toBe('148K');
    expect(humanSize(1048575)).toBe('1.0M');
    expect(humanSize(1073741824)).toBe('1.0G');
  });
  it('quotes names like coreutils', () => {
    expect(quoteAlways('x')).toBe("'x'");
    expect(quoteAlways("it's")).toBe("'it'\\''s'");
    expect(quoteAlways('a\nb')).toBe("'a'$'\\n''b'");
    expect(quoteShellEscape('plain.txt')).toBe('plain.txt');
    expect(quoteShellEscape('sp ace')).toBe("'sp ace'");
    expect(quoteShellEscape("it's")).toBe('"it\'s"');
  });
  it('names file types like stat', () => {
    expect(fileTypeName(0o100644, 0)).toBe('regular empty file');
    expect(fileTypeName(0o100644, 3)).toBe('regular file');
    expect(fileTypeName(0o020666, 0)).toBe('character special file');
  });
});
