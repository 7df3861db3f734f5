export * from './card-number';
export * from './half-width';
export * from './employment';
export * from './credit-limit';
export * from './name-forms';
