export * from './intents';
export * from './views';
export * from './kiosk-api';
export * from './service';
export * from './keypad';
export * from './page-health';
