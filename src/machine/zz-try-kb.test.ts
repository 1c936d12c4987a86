import { it } from 'vitest';
import { runScript } from './testing';
it('x', async () => { console.log(await runScript('echo hi\nsleep 1 &\nyes | head -n 3\n(exit 3)\necho $?\nls /proc\ncat /proc/self/status\n')); });
