import { describe, expect, it } from 'vitest';
import { addressKey, nameKey, phoneKey } from '../../../src/shared/bureau-api/identity-keys';
import { Subject } from '../../../src/shared/bureau-api/subject';

describe('the bureau\'s matching keys', () => {
  it('folds a kana name over spacing, width, hiragana and small kana', () => {
    const key = nameKey('サトウ ハナコ');
    expect(key).toBe('サトウハナコ');
    for (const variant of ['サトウ　ハナコ', 'サトウハナコ', 'ｻﾄｳ ﾊﾅｺ', 'さとう はなこ', 'サトウ・ハナコ']) expect(nameKey(variant), variant).toBe(key);
    expect(nameKey('キャン ジュン')).toBe(nameKey('キヤン ジユン'));
    expect(nameKey('ﾀﾞｲｽｹ')).toBe('ダイスケ');
  });

  it('has no name key for what is not kana', () => {
    for (const bad of ['佐藤 花子', 'SATO HANAKO', '', '   ', 'サトウ1']) expect(nameKey(bad), bad).toBeNull();
  });

  it('reads Japanese phone numbers in every usual writing as one key', () => {
    for (const variant of ['090-1234-5678', '09012345678', '０９０－１２３４－５６７８', '090 1234 5678', '(090)1234-5678', '+81-90-1234-5678', '+81 090 1234 5678', '090ー1234ー5678']) {
      expect(phoneKey(variant), variant).toBe('09012345678');
    }
    expect(phoneKey('03-1234-5678')).toBe('0312345678');
  });

  it('has no phone key for what is not a Japanese phone number', () => {
    for (const bad of ['1234', '90-1234-5678', '090-1234-56789-0', 'tel', '+1 415 555 0100']) expect(phoneKey(bad), bad).toBeNull();
  });

  it('folds an address over width, spacing, dash shapes and 丁目/番地/号', () => {
    const key = addressKey('東京都千代田区丸の内1-1-1');
    expect(key).toBe('東京都千代田区丸の内1-1-1');
    for (const variant of ['東京都千代田区丸の内１－１－１', '東京都 千代田区 丸の内1-1-1', '東京都千代田区丸の内1丁目1番1号', '東京都千代田区丸の内一丁目1番地1', '東京都千代田区丸の内1ー1ー1', '東京都千代田区丸の内1‐1‐1']) {
      expect(addressKey(variant), variant).toBe(key);
    }
    expect(addressKey('京都府京都市下京区烏丸通塩小路下ル')).toBe('京都府京都市下京区烏丸通塩小路下ル');
    expect(addressKey('大阪府大阪市北区梅田3-1-1')).not.toBe(addressKey('大阪府大阪市北区梅田3-1-2'));
    expect(addressKey('横浜市西区みなとみらい二十二丁目2')).toBe('横浜市西区みなとみらい22-2');
    expect(addressKey('  ')).toBeNull();
  });
});

describe('the subject schema', () => {
  const sato = { nameKanji: '佐藤 花子', nameKana: 'サトウ ハナコ', dateOfBirth: '1990-11-03' };

  it('needs a phone number or an address to match on', () => {
    expect(Subject.safeParse(sato).success).toBe(false);
    expect(Subject.safeParse({ ...sato, phone: '090-1234-5678' }).success).toBe(true);
    expect(Subject.safeParse({ ...sato, address: '神奈川県横浜市西区みなとみらい2-2-1' }).success).toBe(true);
  });

  it('refuses fields that would give no key, naming the field and not the value', () => {
    const result = Subject.safeParse({ ...sato, nameKana: '佐藤 花子', phone: '12', address: '神奈川県' });
    expect(result.success).toBe(false);
    const paths = result.error!.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['nameKana', 'phone']));
    expect(JSON.stringify(result.error!.issues)).not.toContain('佐藤');
  });

  it('refuses impossible dates and extra fields', () => {
    expect(Subject.safeParse({ ...sato, address: 'x', dateOfBirth: '1990-02-30' }).success).toBe(false);
    expect(Subject.safeParse({ ...sato, address: 'x', dateOfBirth: '1890-01-01' }).success).toBe(false);
    expect(Subject.safeParse({ ...sato, address: 'x', myNumber: '123456789012' }).success).toBe(false);
  });
});
