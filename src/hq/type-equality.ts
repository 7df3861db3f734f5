/** Compile-time proof that two closed code sets are the same set (used where a shared wire enum mirrors an HQ policy enum). */
export type SameSet<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
