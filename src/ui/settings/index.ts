// The user's settings: the store and its hooks, the terminal's colours per theme, the menu.
export {
  applyToDocument,
  MOTIONS,
  resolveReducedMotion,
  resolveTheme,
  SETTINGS_KEY,
  THEMES,
  useMediaQuery,
  useReducedMotion,
  useResolvedTheme,
  useSettings,
  type Motion,
  type ResolvedTheme,
  type Settings,
  type SettingsState,
  type Theme,
} from './store';
export { terminalTheme } from './terminalTheme';
export { SettingsMenu } from './SettingsMenu';
