import { it } from 'vitest';
import { runScript } from './testing';
it('x', async () => { console.log(await runScript('sleep 100\n^C\necho st=$?\nsleep 100\n^Z\necho st=$?\njobs\nkill %1\nsleep 200 &\nkill -STOP %2\nwait\n^C\necho after\n')); });
