/**
 * The words of the start-up out-of-service page, Japanese first with English
 * (house rule: anything a customer or operator sees). Main serves this page
 * itself, without the Vue renderer, because the renderer needs a running
 * core, which is exactly what failed; so its words live here, ja and en side
 * by side, one entry per error class (a missing class fails the type check).
 */
import type { StartupErrorClass } from './startup-error';

export interface Bilingual {
  ja: string;
  en: string;
}

export const CUSTOMER_NOTICE = {
  title: { ja: 'ただいまご利用いただけません', en: 'Out of service' },
  body: { ja: '申し訳ございません。この端末は現在ご利用いただけません。係員にお声がけください。', en: 'We are sorry: this machine cannot be used at the moment. Please ask a member of staff.' },
  technician: { ja: '技術者の方へ', en: 'For the technician' },
  code: { ja: 'エラー区分', en: 'Error class' },
  logs: { ja: '詳細はログにあります（journalctl -u contract-kiosk）。', en: 'Details are in the log (journalctl -u contract-kiosk).' },
} as const satisfies Record<string, Bilingual>;

/** What failed, and the technician's next step, per error class (docs/deploy.md, "When the kiosk shows E-START-..."). */
export const STARTUP_FAILURES: Record<StartupErrorClass, { what: Bilingual; next: Bilingual }> = {
  config: {
    what: { ja: '設定ファイルに誤りがあります。', en: 'The kiosk\'s config file has an error.' },
    next: {
      ja: 'ログに出ている項目名を確かめ、/etc/contract-kiosk/kiosk.json を直してから、sudo systemctl restart contract-kiosk で再起動してください。',
      en: 'Read the field names in the log, correct /etc/contract-kiosk/kiosk.json, then restart with sudo systemctl restart contract-kiosk.',
    },
  },
  hqKeys: {
    what: { ja: '設定の本部公開鍵（hq.keys）が使えません。', en: 'The HQ keys pinned in the config (hq.keys) cannot be used.' },
    next: {
      ja: '本部で npm run hq -- keys が出力するブロックを hq.keys にそのまま貼り直し、再起動してください。',
      en: 'Paste the block HQ prints with npm run hq -- keys into hq.keys again, unchanged, then restart.',
    },
  },
  journalOfAnotherKiosk: {
    what: { ja: 'データフォルダのジャーナルは別の端末のものです。', en: 'The journal in the data folder belongs to another kiosk.' },
    next: {
      ja: 'ジャーナルは消さないでください。設定の kioskId と dataDir を確かめ、違う場合は本部に連絡してください。',
      en: 'Do not delete the journal. Check kioskId and dataDir in the config; if they are right, call HQ.',
    },
  },
  journal: {
    what: { ja: 'ジャーナルを開けません。', en: 'The journal cannot be opened.' },
    next: {
      ja: 'データフォルダ（/var/lib/contract-kiosk）の空き容量と所有者を確かめてから再起動してください。',
      en: 'Check free space and ownership of the data folder (/var/lib/contract-kiosk), then restart.',
    },
  },
  embeddedHq: {
    what: { ja: '内蔵の参照用本部サーバーが起動しませんでした（開発用）。', en: 'The embedded reference HQ did not start (development only).' },
    next: {
      ja: 'ログで原因を確かめてください。本番では hq.url に本部の https アドレスを設定します。',
      en: 'Read the cause in the log. In production, set hq.url to HQ\'s https address.',
    },
  },
  unexpected: {
    what: { ja: '予期しないエラーで停止しました。', en: 'The kiosk stopped on an unexpected error.' },
    next: {
      ja: '時刻を控えてください。端末は自動で再起動します。繰り返す場合はログと診断データを保守窓口へ送ってください。',
      en: 'Note the time. The kiosk restarts by itself; if this repeats, send the log and a diagnostics bundle to support.',
    },
  },
};
