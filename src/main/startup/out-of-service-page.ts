/**
 * The fixed, local out-of-service page a kiosk shows when it cannot start or
 * fails at run time (issue 16, "Start-up never leaves the desk open"): both
 * shells serve it for every path once something failed, so the customer sees
 * this page, never a blank window or the desktop. It carries the error class
 * and the technician's next step; never the error's text, a path or a stack.
 * Static HTML and one stylesheet, under the renderer's CSP (no inline script
 * or style).
 */
import escapeHtml from 'escape-html';
import { CUSTOMER_NOTICE, STARTUP_FAILURES, type Bilingual } from './out-of-service-messages';
import { startupErrorCode, type StartupErrorClass } from './startup-error';

export const OUT_OF_SERVICE_CSS_PATH = '/out-of-service.css';

export interface OutOfServiceFacts {
  errorClass: StartupErrorClass;
  /** When it failed (ISO time), so a technician can find the log lines. */
  at: string;
}

const both = (text: Bilingual, tag = 'p') => `<${tag} lang="ja">${escapeHtml(text.ja)}</${tag}><${tag} lang="en" class="en">${escapeHtml(text.en)}</${tag}>`;

export function outOfServiceHtml(facts: OutOfServiceFacts): string {
  const failure = STARTUP_FAILURES[facts.errorClass];
  return `<!doctype html>
<html lang="ja">
<head>
<meta charset="utf-8">
<title>${escapeHtml(CUSTOMER_NOTICE.title.ja)} / ${escapeHtml(CUSTOMER_NOTICE.title.en)}</title>
<link rel="stylesheet" href="${OUT_OF_SERVICE_CSS_PATH}">
</head>
<body>
<main data-screen="startupFailure" data-error-class="${escapeHtml(facts.errorClass)}">
${both(CUSTOMER_NOTICE.title, 'h1')}
${both(CUSTOMER_NOTICE.body)}
<section class="technician">
${both(CUSTOMER_NOTICE.technician, 'h2')}
<p><span lang="ja">${escapeHtml(CUSTOMER_NOTICE.code.ja)}</span> / <span lang="en">${escapeHtml(CUSTOMER_NOTICE.code.en)}</span>: <code data-error-code>${escapeHtml(startupErrorCode(facts.errorClass))}</code> · <time>${escapeHtml(facts.at)}</time></p>
${both(failure.what)}
${both(failure.next)}
${both(CUSTOMER_NOTICE.logs)}
</section>
</main>
</body>
</html>
`;
}

export const OUT_OF_SERVICE_CSS = `body { margin: 0; font-family: sans-serif; background: #f3f1ee; color: #222; }
main { max-width: 960px; margin: 8vh auto; padding: 0 32px; }
h1 { font-size: 44px; margin: 0 0 4px; }
h1.en { font-size: 28px; color: #555; }
p { font-size: 22px; margin: 4px 0; }
.en { color: #555; }
.technician { margin-top: 10vh; border-top: 2px solid #ccc; padding-top: 16px; }
.technician h2 { font-size: 20px; margin: 0; }
.technician p { font-size: 16px; }
code { font-size: 18px; font-weight: 700; }
`;

/** The page's response for any path: its stylesheet at OUT_OF_SERVICE_CSS_PATH, the page everywhere else. */
export function outOfServiceResponse(facts: OutOfServiceFacts, pathname: string): { body: string; contentType: string } {
  return pathname === OUT_OF_SERVICE_CSS_PATH
    ? { body: OUT_OF_SERVICE_CSS, contentType: 'text/css; charset=utf-8' }
    : { body: outOfServiceHtml(facts), contentType: 'text/html; charset=utf-8' };
}
