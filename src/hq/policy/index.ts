export * from './limit-review';
export { isYenAmount } from './limit-policy';
export * from './pin-strength';
export { PIN_DENY_LIST } from './pin-deny-list';
