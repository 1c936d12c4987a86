// Putting text where the user can take it: the clipboard (or, without permission, a prompt that
// shows it for copying by hand) and a file download.

/** Copy `text`; true if it reached the clipboard, false if it was shown in a prompt instead. */
export async function copyText(text: string, manualPrompt: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch (_e) {
    window.prompt(manualPrompt, text);
    return false;
  }
}

/** Offer `text` as a file download named `name`. */
export function downloadText(name: string, text: string, type = 'application/json'): void {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([text], { type }));
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}
