// The page shell: header with the product name and the machine's status line, the terminal and
// beside it the cgroup panel, the layer panel (hidden until asked for) and the process panel
// (each can be toggled), and what went wrong when the machine or the page fails.
import { useState } from 'react';
import './app.css';
import { MachineContext, useMachineState } from './session/context';
import type { MachineLink } from './session/link';
import { useSession } from './session/useSession';
import { CgroupsPanel } from './panels/cgroups/CgroupsPanel';
import { useCgroupsUi } from './panels/cgroups/store';
import { LayersPanel } from './panels/filesystem/LayersPanel';
import { useLayersUi } from './panels/filesystem/store';
import { ProcessesPanel } from './panels/processes/ProcessesPanel';
import { useProcessesUi } from './panels/processes/store';
import { CrashReport } from './shell/CrashReport';
import { ErrorBoundary } from './shell/ErrorBoundary';
import { StatusLine } from './shell/StatusLine';
import { TerminalPanel } from './terminal/TerminalPanel';

export interface AppProps {
  /** how to reach a new machine (tests pass an in-process or fake link) */
  makeLink?: () => Promise<MachineLink> | MachineLink;
}

function MachineFailure({ onRestart }: { onRestart: () => void }) {
  const failure = useMachineState((s) => s.failure);
  if (failure === null) return null;
  return <CrashReport title="The machine stopped" message={failure} onRestart={onRestart} />;
}

export function App({ makeLink }: AppProps) {
  const { session, generation, restart: restartSession, startError } = useSession(makeLink);
  const [showProcesses, setShowProcesses] = useState(true);
  const [showCgroups, setShowCgroups] = useState(true);
  const [showLayers, setShowLayers] = useState(false);
  const showSide = showProcesses || showCgroups || showLayers;
  const shown = [showCgroups && 'cgroups', showLayers && 'layers', showProcesses && 'processes'].filter(Boolean) as string[];
  const restart = () => {
    useProcessesUi.getState().select(null);
    useProcessesUi.getState().setHighlight(null);
    useCgroupsUi.getState().select(null);
    useLayersUi.getState().reset();
    restartSession();
  };
  /** a pane's classes: its name, and whether it shares the column / has another pane below it */
  const pane = (name: string) =>
    ['lab__pane', `lab__pane--${name}`, shown.length > 1 && 'lab__pane--shared', shown.indexOf(name) >= 0 && shown.indexOf(name) < shown.length - 1 && 'lab__pane--above']
      .filter(Boolean)
      .join(' ');

  return (
    <div className="lab">
      <header className="lab__header">
        <h1>Container Lab</h1>
        {session && (
          <MachineContext.Provider value={session}>
            <StatusLine />
          </MachineContext.Provider>
        )}
        <div className="lab__toggles" role="group" aria-label="Panels">
          <button type="button" className="lab__toggle" aria-pressed={showCgroups} onClick={() => setShowCgroups((v) => !v)}>
            Cgroups
          </button>
          <button type="button" className="lab__toggle" aria-pressed={showLayers} onClick={() => setShowLayers((v) => !v)}>
            Layers
          </button>
          <button type="button" className="lab__toggle" aria-pressed={showProcesses} onClick={() => setShowProcesses((v) => !v)}>
            Processes
          </button>
        </div>
      </header>
      <ErrorBoundary onRestart={restart}>
        {startError && <CrashReport title="The machine did not start" message={startError} onRestart={restart} />}
        {session && (
          <MachineContext.Provider value={session}>
            <MachineFailure onRestart={restart} />
            <main className={`lab__main${showSide ? '' : ' lab__main--solo'}`} key={generation}>
              <div className="lab__terminal">
                <TerminalPanel />
              </div>
              <div className={`lab__side${showLayers ? ' lab__side--layers' : ''}`} hidden={!showSide}>
                <div className={pane('cgroups')} hidden={!showCgroups}>
                  <CgroupsPanel hidden={!showCgroups} />
                </div>
                <div className={pane('layers')} hidden={!showLayers}>
                  <LayersPanel hidden={!showLayers} />
                </div>
                <div className={pane('processes')} hidden={!showProcesses}>
                  <ProcessesPanel hidden={!showProcesses} />
                </div>
              </div>
            </main>
          </MachineContext.Provider>
        )}
      </ErrorBoundary>
    </div>
  );
}
