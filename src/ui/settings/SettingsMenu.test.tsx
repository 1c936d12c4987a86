// @vitest-environment happy-dom
// The settings menu: a disclosure button, focus into it and back, Escape, a click elsewhere, and
// each control changing its setting (and the page following).
import { act } from 'react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { click, render, type Rendered } from '../test-helpers/render';
import { SettingsMenu } from './SettingsMenu';
import { SETTINGS_KEY, useSettings } from './store';

let view: Rendered | null = null;
const $ = (sel: string) => view!.container.querySelector(sel);
const button = () => $('[data-testid="settings-button"]') as HTMLButtonElement;
const panel = () => $('[data-testid="settings-panel"]');
const key = (el: Element, k: string) => act(() => void el.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true })));
function choose(sel: string, value: string) {
  const el = $(sel) as HTMLSelectElement;
  act(() => {
    el.value = value;
    el.dispatchEvent(new Event('change', { bubbles: true }));
  });
}

beforeEach(() => {
  useSettings.getState().reset();
  view = render(<SettingsMenu />);
});
afterEach(() => {
  view?.unmount();
  view = null;
  useSettings.getState().reset();
});

describe('SettingsMenu', () => {
  it('is a "Settings" button that discloses the panel and moves the focus into it', () => {
    expect(button().textContent).toContain('Settings');
    expect(button().getAttribute('aria-expanded')).toBe('false');
    expect(panel()).toBeNull();
    click(button());
    expect(button().getAttribute('aria-expanded')).toBe('true');
    expect(panel()!.getAttribute('role')).toBe('dialog');
    expect(button().getAttribute('aria-controls')).toBe(panel()!.id);
    expect(panel()!.getAttribute('aria-labelledby')).toBe(panel()!.querySelector('h2')!.id);
    expect(document.activeElement).toBe($('[data-testid="settings-lang"]'));
    // every control has a label
    for (const el of panel()!.querySelectorAll('select, input')) expect(panel()!.querySelector(`label[for="${el.id}"]`), el.id).not.toBeNull();
    expect($('[data-testid="settings-screen-reader"]')!.getAttribute('aria-describedby')).toBeTruthy();
    click(button());
    expect(panel()).toBeNull();
  });

  it('Escape closes it and gives the focus back to the button; so does ×', () => {
    click(button());
    key($('[data-testid="settings-theme"]')!, 'Escape');
    expect(panel()).toBeNull();
    expect(document.activeElement).toBe(button());
    click(button());
    click(panel()!.querySelector('button[aria-label="Close settings"]'));
    expect(panel()).toBeNull();
    expect(document.activeElement).toBe(button());
  });

  it('a click elsewhere or the focus leaving closes it', () => {
    const outside = document.createElement('button');
    document.body.appendChild(outside);
    try {
      click(button());
      act(() => void outside.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true })));
      expect(panel()).toBeNull();
      click(button());
      act(() => void panel()!.dispatchEvent(new FocusEvent('focusout', { bubbles: true, relatedTarget: outside })));
      expect(panel()).toBeNull();
      // focus moving inside it keeps it open
      click(button());
      act(() => void panel()!.dispatchEvent(new FocusEvent('focusout', { bubbles: true, relatedTarget: $('[data-testid="settings-theme"]') })));
      expect(panel()).not.toBeNull();
    } finally {
      outside.remove();
    }
  });

  it('the language select switches the UI (its own labels too) and is stored', () => {
    click(button());
    const lang = $('[data-testid="settings-lang"]') as HTMLSelectElement;
    expect([...lang.options].map((o) => [o.value, o.textContent])).toEqual([
      ['en', 'English'],
      ['zh-CN', '简体中文'],
    ]);
    choose('[data-testid="settings-lang"]', 'zh-CN');
    expect(useSettings.getState().lang).toBe('zh-CN');
    expect(button().textContent).toContain('设置');
    expect(panel()!.querySelector('h2')!.textContent).toBe('设置');
    expect([...($('[data-testid="settings-theme"]') as HTMLSelectElement).options].map((o) => o.textContent)).toEqual(['跟随系统', '浅色', '深色']);
    expect(document.documentElement.lang).toBe('zh-CN');
    expect(JSON.parse(localStorage.getItem(SETTINGS_KEY)!)).toEqual({ lang: 'zh-CN' });
  });

  it('theme, motion and screen reader mode', () => {
    click(button());
    expect([...($('[data-testid="settings-theme"]') as HTMLSelectElement).options].map((o) => o.textContent)).toEqual(['System', 'Light', 'Dark']);
    expect([...($('[data-testid="settings-motion"]') as HTMLSelectElement).options].map((o) => o.textContent)).toEqual(['System', 'Reduce', 'Full']);
    choose('[data-testid="settings-theme"]', 'light');
    expect(document.documentElement.dataset.theme).toBe('light');
    choose('[data-testid="settings-theme"]', 'dark');
    expect(document.documentElement.dataset.theme).toBe('dark');
    choose('[data-testid="settings-motion"]', 'reduce');
    expect(useSettings.getState().motion).toBe('reduce');
    const sr = $('[data-testid="settings-screen-reader"]') as HTMLInputElement;
    expect(sr.checked).toBe(false);
    click(sr);
    expect(useSettings.getState().screenReader).toBe(true);
    expect(sr.checked).toBe(true);
    expect($(`#${sr.getAttribute('aria-describedby')!.replace(/:/g, '\\:')}`)!.textContent).toBe(
      'Makes the terminal readable by screen readers; slower.',
    );
  });
});
