import { describe, it, expect } from 'vitest';
import { parsePasswd, parseGroup, IdDb } from './passwd';

describe('passwd', () => {
  it('parses passwd and group and looks names up', () => {
    const db = new IdDb(
      parsePasswd('root:x:0:0:root:/root:/bin/bash\nbob:x:1000:1000::/home/bob:/bin/sh\n'),
      parseGroup('root:x:0:\nbob:x:1000:\ndocker:x:999:bob,alice\n'),
    );
    expect(db.userName(0)).toBe('root');
    expect(db.userName(4242)).toBe('4242');
    expect(db.groupName(999)).toBe('docker');
    expect(db.groupList('bob', 1000)).toEqual([1000, 999]);
  });
});
