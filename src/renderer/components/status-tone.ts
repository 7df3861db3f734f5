/** How serious a message is; picks the icon and colour. */
export type StatusTone = 'success' | 'info' | 'warning' | 'error';
