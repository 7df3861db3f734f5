/**
 * What went wrong at start, as a closed set of classes (STYLE.md: errors are
 * values with a closed set of codes). The class, never the error's text,
 * goes on the out-of-service page: a message can name paths, hosts or
 * values, and the page is in front of customers (issue 16, "Start-up never
 * leaves the desk open").
 */
import { ConfigError } from '../config/load-config';
import { EmbeddedServiceError } from '../embedded-hq/service-process';
import { PinnedKeysError } from '../hq-client/connect-hq';
import { JournalOpenError } from '../journal';

export const STARTUP_ERROR_CLASSES = ['config', 'hqKeys', 'journalOfAnotherKiosk', 'journal', 'embeddedHq', 'unexpected'] as const;
export type StartupErrorClass = (typeof STARTUP_ERROR_CLASSES)[number];

export function classifyStartupError(error: unknown): StartupErrorClass {
  if (error instanceof ConfigError) {
    return error.fields.length > 0 && error.fields.every((field) => field.startsWith('hq.keys')) ? 'hqKeys' : 'config';
  }
  if (error instanceof PinnedKeysError) return 'hqKeys';
  if (error instanceof JournalOpenError) return error.code === 'kioskMismatch' ? 'journalOfAnotherKiosk' : 'journal';
  if (error instanceof EmbeddedServiceError) return 'embeddedHq';
  return 'unexpected';
}

/** The code a technician reads on the page and finds in the log (`errorCode`). */
export function startupErrorCode(errorClass: StartupErrorClass): string {
  return `E-START-${errorClass.replace(/[A-Z]/g, (c) => `-${c}`).toUpperCase()}`;
}

/** Logs a start-up or run-time failure with its class and code (name and message only: no stack on the page, none needed in the log). */
export function logFailure(logger: { error(obj: object, msg: string): void }, error: unknown, when: 'startup' | 'runtime'): StartupErrorClass {
  const errorClass = classifyStartupError(error);
  const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  logger.error({ event: when === 'startup' ? 'startupFailed' : 'runtimeFailure', errorClass, errorCode: startupErrorCode(errorClass), error: detail.slice(0, 2000) },
    when === 'startup' ? 'the kiosk could not start; showing the out-of-service page' : 'uncaught error; showing the out-of-service page');
  return errorClass;
}
