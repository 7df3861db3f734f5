/**
 * HTML built by a tagged template that escapes every interpolated value
 * unless it is already Html (built by this same tag). The console shows what
 * kiosks report (device details are free text from a machine in a public
 * place), so nothing reaches the page unescaped: OWASP XSS Prevention Cheat
 * Sheet, rule 1 (escape before inserting into element content and quoted
 * attributes).
 */
import escapeHtml from 'escape-html';

export class Html {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

type Part = Html | string | number | null | undefined | false | readonly Part[];

function render(part: Part): string {
  if (part === null || part === undefined || part === false) return '';
  if (part instanceof Html) return part.text;
  if (Array.isArray(part)) return part.map(render).join('');
  return escapeHtml(String(part));
}

export function html(strings: TemplateStringsArray, ...values: Part[]): Html {
  let out = strings[0] ?? '';
  values.forEach((value, i) => { out += render(value) + (strings[i + 1] ?? ''); });
  return new Html(out);
}
