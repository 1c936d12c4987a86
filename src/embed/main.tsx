// The embeddable lab (embed.html?lesson=ID&panels=terminal,cgroups&lang=zh-CN&theme=dark
// &parentOrigin=https://host.example): the lab without its header, sized to its iframe, that keeps
// nothing in this browser and talks to the embedding page through bridge.ts.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from '../ui/App';
import { useSettings } from '../ui/settings/store';
import { isLang } from '../ui/settings/lang';
import { PANES, useLayout, type PaneId } from '../ui/frame/layout';
import { setLessonPersistence } from '../ui/lesson/store';
import { startBridge, validOrigin } from './bridge';
import './embed.css';

const params = new URLSearchParams(location.search);
setLessonPersistence(false);

// settings for this page only (setState: nothing is written to the user's stored settings)
const lang = params.get('lang');
if (isLang(lang)) useSettings.setState({ lang });
const theme = params.get('theme');
if (theme === 'light' || theme === 'dark') useSettings.setState({ theme });

const panels = params.get('panels');
if (panels !== null) {
  const wanted = panels.split(',').map((p) => p.trim());
  const shown = Object.fromEntries(PANES.map((p) => [p, wanted.includes(p)])) as Record<PaneId, boolean>;
  useLayout.setState({ shown });
}

const parentOrigin = window.parent !== window ? validOrigin(params.get('parentOrigin')) : null;
const lesson = params.get('lesson');
const embed = { attach: (session: Parameters<typeof startBridge>[0]) => (parentOrigin ? startBridge(session, parentOrigin, lesson) : () => {}) };

const root = document.getElementById('root');
if (!root) throw new Error('embed.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App embed={embed} />
  </StrictMode>,
);
