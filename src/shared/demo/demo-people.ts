/**
 * The demo cast, one place for everyone who needs it: HQ's seed (accounts,
 * documents on file) and the ID-scanner simulator (documents to scan). PINs
 * are not here: they live only in HQ's seed. The data is fictitious.
 */
export interface DemoDocument {
  id: string;
  label: string;
  /** Raw payload exactly as the scanner would deliver it: MRZ lines joined by `\n`, or a Japanese OCR record (docs/id-document-record.md). */
  payload?: string;
  kind: 'driversLicence' | 'passport' | 'myNumberCard' | 'residenceCard' | 'healthInsuranceCard' | 'mrzIdCard';
  documentNumber?: string;
  expiryDate: string;
}

export interface DemoPerson {
  key: string;
  role: 'customer' | 'staff' | 'technician' | 'none';
  cardNumber?: string;
  nameKanji: string;
  nameKana: string;
  /** Passport spelling, for MRZ matching. */
  nameLatin: { surname: string; givenNames: string };
  dateOfBirth: string;
  address: string;
  documents: DemoDocument[];
}

export const DEMO_PEOPLE: readonly DemoPerson[] = [
  {
    key: 'yamada', role: 'customer', cardNumber: '4000000001',
    nameKanji: '山田 太郎', nameKana: 'ヤマダ タロウ', nameLatin: { surname: 'YAMADA', givenNames: 'TARO' },
    dateOfBirth: '1985-04-12', address: '東京都千代田区丸の内1-1-1',
    documents: [
      { id: 'yamada-licence', label: '山田 太郎 運転免許証', kind: 'driversLicence', documentNumber: '309012345620', expiryDate: '2029-05-12' },
      { id: 'yamada-licence-expired', label: '山田 太郎 運転免許証 (期限切れ)', kind: 'driversLicence', documentNumber: '309012345620', expiryDate: '2024-05-12' },
    ],
  },
  {
    key: 'sato', role: 'customer', cardNumber: '4000000002',
    nameKanji: '佐藤 花子', nameKana: 'サトウ ハナコ', nameLatin: { surname: 'SATO', givenNames: 'HANAKO' },
    dateOfBirth: '1990-11-03', address: '神奈川県横浜市西区みなとみらい2-2-1',
    documents: [
      { id: 'sato-passport', label: '佐藤 花子 旅券 (TD3)', kind: 'passport', documentNumber: 'TZ1234567', expiryDate: '2031-03-15' },
    ],
  },
  {
    key: 'suzuki', role: 'customer', cardNumber: '4000000003',
    nameKanji: '鈴木 一郎', nameKana: 'スズキ イチロウ', nameLatin: { surname: 'SUZUKI', givenNames: 'ICHIRO' },
    dateOfBirth: '1978-02-20', address: '大阪府大阪市北区梅田3-1-1',
    documents: [
      { id: 'suzuki-licence', label: '鈴木 一郎 運転免許証', kind: 'driversLicence', documentNumber: '309512345630', expiryDate: '2028-03-20' },
    ],
  },
  {
    key: 'tanaka', role: 'customer', cardNumber: '4000000004',
    nameKanji: '田中 次郎', nameKana: 'タナカ ジロウ', nameLatin: { surname: 'TANAKA', givenNames: 'JIRO' },
    dateOfBirth: '1982-07-07', address: '愛知県名古屋市中村区名駅1-1-4',
    documents: [
      { id: 'tanaka-licence', label: '田中 次郎 運転免許証', kind: 'driversLicence', documentNumber: '308234567820', expiryDate: '2027-08-07' },
    ],
  },
  {
    key: 'takahashi', role: 'customer', cardNumber: '4000000000000051',
    nameKanji: '高橋 美咲', nameKana: 'タカハシ ミサキ', nameLatin: { surname: 'TAKAHASHI', givenNames: 'MISAKI' },
    dateOfBirth: '1995-09-30', address: '福岡県福岡市博多区博多駅中央街1-1',
    documents: [
      { id: 'takahashi-mynumber', label: '高橋 美咲 マイナンバーカード', kind: 'myNumberCard', expiryDate: '2032-09-30' },
      // A licence with its number on file: what an unmanned machine can compare (issue 13; the My Number card face carries no number).
      { id: 'takahashi-licence', label: '高橋 美咲 運転免許証', kind: 'driversLicence', documentNumber: '909012345650', expiryDate: '2030-10-30' },
    ],
  },
  {
    key: 'ito', role: 'staff', cardNumber: '9000000001',
    nameKanji: '伊藤 誠', nameKana: 'イトウ マコト', nameLatin: { surname: 'ITO', givenNames: 'MAKOTO' },
    dateOfBirth: '1980-01-15', address: '東京都港区芝公園4-2-8', documents: [],
  },
  {
    key: 'watanabe', role: 'technician', cardNumber: '9000000002',
    nameKanji: '渡辺 健', nameKana: 'ワタナベ ケン', nameLatin: { surname: 'WATANABE', givenNames: 'KEN' },
    dateOfBirth: '1975-06-01', address: '東京都江東区豊洲6-6-1', documents: [],
  },
  {
    key: 'kimura', role: 'none',
    nameKanji: '木村 拓也', nameKana: 'キムラ タクヤ', nameLatin: { surname: 'KIMURA', givenNames: 'TAKUYA' },
    dateOfBirth: '1972-12-24', address: '京都府京都市下京区烏丸通塩小路下ル',
    documents: [
      { id: 'kimura-licence', label: '木村 拓也 運転免許証 (他人の書類)', kind: 'driversLicence', documentNumber: '440087654370', expiryDate: '2028-12-24' },
    ],
  },
];

export function demoPerson(key: string): DemoPerson {
  const person = DEMO_PEOPLE.find((p) => p.key === key);
  if (!person) throw new Error(`no demo person ${key}`);
  return person;
}
