// The page: a header (the machine's status, time control, session actions, panel toggles,
// settings), then the lab: the terminal tabs and, beside them, the side panels the user chose, in
// the order they chose, resizable (react-resizable-panels, sizes remembered) and each hideable
// and movable. A hidden panel is unmounted, so it unsubscribes from its view and costs nothing.
// Failures of the machine or the page show what went wrong with a way to start again.
import { Suspense, lazy, useEffect, useMemo } from 'react';
import { Group, Panel, Separator, useDefaultLayout } from 'react-resizable-panels';
import './app.css';
import './frame/frame.css';
import { MachineContext, useMachineState } from './session/context';
import type { MachineLink } from './session/link';
import type { MachineSession } from './session/session';
import { useSession } from './session/useSession';
import { CgroupsPanel } from './panels/cgroups/CgroupsPanel';
import { useCgroupsUi } from './panels/cgroups/store';
import { LayersPanel } from './panels/filesystem/LayersPanel';
import { useLayersUi } from './panels/filesystem/store';
import { ProcessesPanel } from './panels/processes/ProcessesPanel';
import { useProcessesUi } from './panels/processes/store';
import { StatesPanel } from './panels/states/StatesPanel';
import { CrashReport } from './shell/CrashReport';
import { ErrorBoundary } from './shell/ErrorBoundary';
import { StatusLine } from './shell/StatusLine';
import { TerminalTabs } from './terminal/TerminalTabs';
import { SettingsMenu } from './settings/SettingsMenu';
import { useSettings } from './settings/store';
import { terminalTheme } from './settings/terminalTheme';
import { useResolvedTheme } from './settings/store';
import { t as tr, useT } from './i18n';
import { PaneFrame } from './frame/PaneFrame';
import { PANES, useLayout, type PaneId } from './frame/layout';
import { TimeControl } from './frame/TimeControl';
import { SessionMenu } from './frame/SessionMenu';
import { HistoryPanel } from './frame/HistoryPanel';
import { Notices } from './frame/Notices';
import { usePersistence } from './frame/usePersistence';
import { LessonMenu } from './lesson/LessonMenu';
import { useLessonController } from './lesson/controller';
import { useLesson } from './lesson/store';
import { pageStorage } from './storage';

// the lesson player (Markdown renderer and sanitiser included) is loaded when a lesson opens
const LessonPanel = lazy(() => import('./lesson/LessonPanel').then((m) => ({ default: m.LessonPanel })));

export interface AppProps {
  /** how to reach a new machine (tests pass an in-process or fake link) */
  makeLink?: () => Promise<MachineLink> | MachineLink;
  /**
   * Embedded in another page (src/embed): no header, nothing saved in or restored from this
   * browser, and `attach` is called with each session (the postMessage bridge).
   */
  embed?: { attach(session: MachineSession): () => void };
}

function MachineFailure({ onRestart }: { onRestart: () => void }) {
  const t = useT();
  const failure = useMachineState((s) => s.failure);
  if (failure === null) return null;
  return <CrashReport title={t('frame.machineStopped')} message={failure} onRestart={onRestart} />;
}

/** Before input reaches a rewound machine: continuing from there drops the later inputs. */
function continueGate(session: MachineSession): () => boolean {
  return () => {
    const { cursor, log } = session.store.getState();
    if (cursor === null) return true;
    return window.confirm(tr('frame.continueConfirm', { n: log.length - cursor }));
  };
}

const PANE_TITLE: Record<PaneId, string> = {
  states: 'frame.paneStates',
  processes: 'frame.paneProcesses',
  cgroups: 'frame.paneCgroups',
  layers: 'frame.paneLayers',
  history: 'frame.paneHistory',
};

function PaneContent({ pane }: { pane: PaneId }) {
  switch (pane) {
    case 'states':
      return <StatesPanel hidden={false} />;
    case 'processes':
      return <ProcessesPanel hidden={false} />;
    case 'cgroups':
      return <CgroupsPanel hidden={false} />;
    case 'layers':
      return <LayersPanel hidden={false} />;
    case 'history':
      return <HistoryPanel />;
  }
}

function Lab({ session }: { session: MachineSession }) {
  const t = useT();
  const order = useLayout((s) => s.order);
  const shown = useLayout((s) => s.shown);
  const visible = order.filter((p) => shown[p]);
  const resolved = useResolvedTheme();
  const screenReader = useSettings((s) => s.screenReader);
  const allow = useMemo(() => continueGate(session), [session]);
  const epoch = useMachineState((s) => s.epoch);
  const lessonOpen = useLesson((s) => s.lesson !== null);
  const outer = useDefaultLayout({ id: lessonOpen ? 'lab-main-lesson' : 'lab-main', storage: pageStorage() });
  const side = useDefaultLayout({ id: `lab-side:${visible.join(',')}`, storage: pageStorage(), panelIds: visible });
  return (
    <main className="lab__main">
      <Group orientation="horizontal" id={lessonOpen ? 'lab-main-lesson' : 'lab-main'} key={lessonOpen ? 'lesson' : 'plain'} defaultLayout={outer.defaultLayout} onLayoutChanged={outer.onLayoutChanged}>
        {lessonOpen && (
          <>
            <Panel id="lesson" minSize="18%" defaultSize="28%" className="lab__lesson">
              <Suspense fallback={null}>
                <LessonPanel />
              </Suspense>
            </Panel>
            <Separator className="lab__separator lab__separator--v" aria-label={t('frame.resizeSide')} />
          </>
        )}
        <Panel id="terminal" minSize="25%" defaultSize="58%" className="lab__terminal">
          <TerminalTabs theme={terminalTheme(resolved)} screenReader={screenReader} allowInput={allow} />
        </Panel>
        {visible.length > 0 && (
          <>
            <Separator className="lab__separator lab__separator--v" aria-label={t('frame.resizeSide')} />
            <Panel id="side" minSize="20%" className="lab__side">
              <Group orientation="vertical" id={`lab-side:${visible.join(',')}`} defaultLayout={side.defaultLayout} onLayoutChanged={side.onLayoutChanged}>
                {visible.map((p, i) => (
                  <PaneSlot key={p} pane={p} index={i} count={visible.length} epoch={epoch} title={t(PANE_TITLE[p])} size={paneSize(p, visible)} />
                ))}
              </Group>
            </Panel>
          </>
        )}
      </Group>
    </main>
  );
}

/** How much of the side column a pane wants by default (the state diagram and layers need room). */
const PANE_WEIGHT: Record<PaneId, number> = { states: 3, processes: 3, cgroups: 2, layers: 4, history: 2 };

function paneSize(p: PaneId, visible: PaneId[]): string {
  const total = visible.reduce((n, x) => n + PANE_WEIGHT[x], 0);
  return `${((PANE_WEIGHT[p] / total) * 100).toFixed(2)}%`;
}

function PaneSlot({ pane, index, count, epoch, title, size }: { pane: PaneId; index: number; count: number; epoch: number; title: string; size: string }) {
  return (
    <>
      {index > 0 && <Separator className="lab__separator lab__separator--h" />}
      <Panel id={pane} minSize="8%" defaultSize={size} className={`lab__pane lab__pane--${pane}`}>
        <PaneFrame pane={pane} title={title} first={index === 0} last={index === count - 1}>
          {/* a rewind or restore replaces the machine: panels start over with its frames */}
          <PaneContent key={epoch} pane={pane} />
        </PaneFrame>
      </Panel>
    </>
  );
}

function PanelToggles() {
  const t = useT();
  const shown = useLayout((s) => s.shown);
  const toggle = useLayout((s) => s.toggle);
  return (
    <div className="lab__toggles" role="group" aria-label={t('frame.panels')}>
      {PANES.map((p) => (
        <button key={p} type="button" className="lab__toggle" aria-pressed={shown[p]} onClick={() => toggle(p)} data-testid={`toggle-${p}`}>
          {t(PANE_TITLE[p])}
        </button>
      ))}
    </div>
  );
}

export function App({ makeLink, embed }: AppProps) {
  const t = useT();
  const { session, generation, restart: restartSession, startError } = useSession(makeLink);
  usePersistence(embed ? null : session);
  useLessonController(session, !embed);
  useEffect(() => (embed && session ? embed.attach(session) : undefined), [embed, session]);
  const restart = () => {
    useProcessesUi.getState().select(null);
    useProcessesUi.getState().setHighlight(null);
    useCgroupsUi.getState().select(null);
    useLayersUi.getState().reset();
    restartSession();
  };

  return (
    <div className={embed ? 'lab lab--embed' : 'lab'}>
      {!embed && (
      <header className="lab__header">
        <h1>{t('frame.title')}</h1>
        {session && (
          <MachineContext.Provider value={session}>
            <StatusLine />
            <TimeControl allowContinue={continueGate(session)} />
            <SessionMenu />
            <LessonMenu />
          </MachineContext.Provider>
        )}
        <PanelToggles />
        <SettingsMenu />
      </header>
      )}
      <Notices />
      <ErrorBoundary onRestart={restart}>
        {startError && <CrashReport title={t('frame.machineDidNotStart')} message={startError} onRestart={restart} />}
        {session && (
          <MachineContext.Provider value={session}>
            <MachineFailure onRestart={restart} />
            <Lab key={generation} session={session} />
          </MachineContext.Provider>
        )}
      </ErrorBoundary>
    </div>
  );
}
