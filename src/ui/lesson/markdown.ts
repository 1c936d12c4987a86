// Lesson Markdown to HTML that cannot run anything: marked renders, DOMPurify sanitises. A lesson
// from a stranger is data (ARCHITECTURE.md §7): no script, no event handlers, no javascript:
// URLs, no forms, no styles that could dress the page outside the lesson panel, no SVG/MathML,
// no raw iframes or images from elsewhere. Links open in a new tab without access to this page.
import DOMPurify from 'dompurify';
import { Marked } from 'marked';

const marked = new Marked({ gfm: true, breaks: false, async: false });

const ALLOWED_TAGS = [
  'p', 'br', 'hr', 'em', 'strong', 'del', 'code', 'pre', 'kbd', 'blockquote', 'a',
  'ul', 'ol', 'li', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'span',
];
const ALLOWED_ATTR = ['href', 'title', 'align', 'start'];

let hooked = false;
function hookLinks(): void {
  if (hooked) return;
  hooked = true;
  DOMPurify.addHook('afterSanitizeAttributes', (node) => {
    if (node.tagName === 'A') {
      const href = node.getAttribute('href') ?? '';
      // only web links and in-page anchors; everything else loses its href
      if (!/^(https?:|#)/i.test(href)) node.removeAttribute('href');
      else {
        node.setAttribute('target', '_blank');
        node.setAttribute('rel', 'noopener noreferrer');
      }
    }
  });
}

/** Markdown → sanitised HTML (a string for dangerouslySetInnerHTML). */
export function renderMarkdown(md: string): string {
  hookLinks();
  const html = marked.parse(md) as string;
  return DOMPurify.sanitize(html, { ALLOWED_TAGS, ALLOWED_ATTR: [...ALLOWED_ATTR, 'target', 'rel'], ALLOW_DATA_ATTR: false });
}
