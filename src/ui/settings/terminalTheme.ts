// The terminal's colours for each theme (an xterm ITheme): the page's background family, a
// readable foreground, and the 16 ANSI colours chosen so that every one of them (bright white on
// the light theme excepted, as in every light terminal scheme) reads against the background —
// ls --color, grep's matches and the prompt stay legible in both themes.
import type { ITheme } from '@xterm/xterm';
import type { ResolvedTheme } from './store';

const DARK: ITheme = {
  background: '#101418',
  foreground: '#d8dee4',
  cursor: '#f0c674',
  cursorAccent: '#101418',
  selectionBackground: '#3a5a80',
  selectionForeground: '#f0f6fc',
  black: '#484f58',
  red: '#ff7b72',
  green: '#3fb950',
  yellow: '#d29922',
  blue: '#58a6ff',
  magenta: '#bc8cff',
  cyan: '#39c5cf',
  white: '#b1bac4',
  brightBlack: '#8b949e',
  brightRed: '#ffa198',
  brightGreen: '#56d364',
  brightYellow: '#e3b341',
  brightBlue: '#79c0ff',
  brightMagenta: '#d2a8ff',
  brightCyan: '#56d4dd',
  brightWhite: '#f0f6fc',
};

const LIGHT: ITheme = {
  background: '#ffffff',
  foreground: '#1f2328',
  cursor: '#0969da',
  cursorAccent: '#ffffff',
  selectionBackground: '#b6d7ff',
  selectionForeground: '#1f2328',
  black: '#24292f',
  red: '#cf222e',
  green: '#116329',
  yellow: '#7d4e00',
  blue: '#0969da',
  magenta: '#8250df',
  cyan: '#1b7c83',
  white: '#6e7781',
  brightBlack: '#57606a',
  brightRed: '#a40e26',
  brightGreen: '#1a7f37',
  brightYellow: '#633c01',
  brightBlue: '#0550ae',
  brightMagenta: '#6639ba',
  brightCyan: '#0e6a75',
  brightWhite: '#8c959f',
};

/** The xterm theme for a resolved page theme (a fresh object: xterm may keep it). */
export function terminalTheme(resolved: ResolvedTheme): ITheme {
  return { ...(resolved === 'light' ? LIGHT : DARK) };
}
