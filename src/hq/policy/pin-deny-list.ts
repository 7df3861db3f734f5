/**
 * PINs refused because people choose them often, beyond what the pattern
 * rules in pin-strength.ts already catch (repeated, sequential, birthday).
 * Sources: the DataGenetics analysis of 3.4 million four-digit PINs (Nick
 * Berry, "PIN analysis", 2012) and Bonneau, Preibusch & Anderson, "A birthday
 * present every eleven wallets? The security of customer-chosen banking PINs"
 * (Financial Cryptography 2012); keypad shapes follow the 3x3-plus-0 layout
 * of a PIN pad; the goroawase (語呂合わせ) entries are well-known Japanese
 * number puns that Japanese customers pick.
 *
 * Kept short on purpose, and free of entries a pattern rule already refuses
 * (1234, 0000, 1212, 6969 ...): test/unit/policy/pin-strength.test.ts checks
 * that every entry here is caught by this list and by nothing else.
 */
export const PIN_DENY_LIST: ReadonlySet<string> = new Set([
  // DataGenetics top 20 entries that no pattern rule catches.
  '1004', '2001',
  // Recent years, often chosen as if random.
  '2010', '2011', '2012', '2015', '2019', '2021', '2023', '2024', '2025', '2026',
  // Keypad shapes: middle column down and up, corners, the plus (2-4-6-8).
  '2580', '0852', '1379', '1397', '3179', '7913', '9731', '7139', '3690', '1470', '0741', '0963',
  // Even and odd runs (arithmetic step 2).
  '0246', '2468', '1357', '3579', '8642', '7531', '9753', '6420',
  // Goroawase: 4649 よろしく, 3776 Mt Fuji's height in metres, 1192 いい国
  // (a school mnemonic for 1192, Kamakura), 5963 ご苦労さん, 3150 最高,
  // 4126 良い風呂.
  '4649', '3776', '1192', '5963', '3150', '4126',
]);
