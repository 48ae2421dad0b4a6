import type { EsimProfileState } from '../../../domain/esim.js';
import type { BoundServiceKind } from '../../../domain/line.js';
import type { Market, ProductType } from '../../../domain/policy/types.js';

/**
 * The demo operator's documented personas. Together they cover every blocker, balance
 * disposition, market and risk signal simexit knows; docs/PERSONAS.md describes how to walk each.
 * Relative dates (days ago / from now) are resolved against the clock when the demo is seeded.
 */
export interface PersonaLine {
  msisdn: string;
  /** 18 digits starting 89; the Luhn check digit is appended when seeded. */
  iccidBody: string;
  productType: ProductType;
  prepaid?: { creditMinor: number; dataMb: number };
  debtMinor?: number;
  paymentArrangement?: boolean;
  contract?: { endsInDays: number; earlyTerminationChargeMinor: number };
  simSwappedDaysAgo?: number;
  boundServices?: { kind: BoundServiceKind; name: string }[];
  /** An eSIM line's profile as the CRM records it; eSIM lines default to `installed` (on the holder's phone). */
  esimProfileState?: EsimProfileState;
}

export interface Persona {
  key: string;
  description: string;
  /** What this persona exercises, for the docs and for tests that want coverage. */
  covers: string[];
  market: Market;
  name: string;
  accountLogin: string;
  email: string;
  dateOfBirth: string;
  address: string;
  idDocument: { type: string; number: string };
  contactChangedDaysAgo?: number;
  /** Contact numbers on the account besides its lines; `verifiedDaysAgo` absent: never verified. */
  contactNumbers?: { msisdn: string; addedDaysAgo: number; verifiedDaysAgo?: number }[];
  lines: PersonaLine[];
}

export const personas: Persona[] = [
  {
    key: 'uk-prepaid-credit',
    description: 'Clean UK prepaid SIM with £12.50 credit and 3 GB data left: transfer, refund or forfeit.',
    covers: ['clean', 'prepaid_credit', 'balance_transfer', 'balance_refund', 'auto_approval'],
    market: 'UK',
    name: 'Amelia Hughes',
    accountLogin: 'amelia.hughes',
    email: 'amelia.hughes@example.co.uk',
    dateOfBirth: '1988-04-12',
    address: '14 Kings Road, Leeds LS1 4AB',
    idDocument: { type: 'passport', number: '502135467' },
    lines: [
      {
        msisdn: '+447700900101',
        iccidBody: '894410000000000101',
        productType: 'sim',
        prepaid: { creditMinor: 1250, dataMb: 3072 },
      },
    ],
  },
  {
    key: 'uk-debt',
    description: 'UK post-paid line with an unpaid bill of £48.20: must be paid before cancelling.',
    covers: ['debt'],
    market: 'UK',
    name: 'Oliver Bennett',
    accountLogin: 'oliver.bennett',
    email: 'oliver.bennett@example.co.uk',
    dateOfBirth: '1979-11-02',
    address: '3 Mill Lane, Bristol BS1 5TT',
    idDocument: { type: 'driving_licence', number: 'BENNE711029OB9AA' },
    lines: [{ msisdn: '+447700900102', iccidBody: '894410000000000102', productType: 'sim', debtMinor: 4820 }],
  },
  {
    key: 'uk-debt-arrangement',
    description: 'UK line with debt covered by a recorded payment arrangement: may cancel.',
    covers: ['debt_with_arrangement'],
    market: 'UK',
    name: 'Grace Patel',
    accountLogin: 'grace.patel',
    email: 'grace.patel@example.co.uk',
    dateOfBirth: '1992-06-30',
    address: '22 Station Street, Manchester M1 2AB',
    idDocument: { type: 'passport', number: '533892104' },
    lines: [
      {
        msisdn: '+447700900103',
        iccidBody: '894410000000000103',
        productType: 'sim',
        debtMinor: 9900,
        paymentArrangement: true,
      },
    ],
  },
  {
    key: 'uk-contract',
    description:
      'UK 24-month contract with 9 months left: ends free when the commitment does; £135.00 charge only for an earlier date.',
    covers: ['early_termination_charge'],
    market: 'UK',
    name: 'Harry Walker',
    accountLogin: 'harry.walker',
    email: 'harry.walker@example.co.uk',
    dateOfBirth: '1985-01-19',
    address: '7 Queen Street, Cardiff CF10 2BU',
    idDocument: { type: 'passport', number: '512876930' },
    lines: [
      {
        msisdn: '+447700900104',
        iccidBody: '894410000000000104',
        productType: 'sim',
        contract: { endsInDays: 270, earlyTerminationChargeMinor: 13500 },
      },
    ],
  },
  {
    key: 'uk-bound-services',
    description: 'UK line used as login for a bank and a payment app: each must be acknowledged.',
    covers: ['bound_services'],
    market: 'UK',
    name: 'Sophie Turner',
    accountLogin: 'sophie.turner',
    email: 'sophie.turner@example.co.uk',
    dateOfBirth: '1990-09-09',
    address: '41 High Street, Oxford OX1 4AP',
    idDocument: { type: 'passport', number: '548120377' },
    lines: [
      {
        msisdn: '+447700900105',
        iccidBody: '894410000000000105',
        productType: 'esim',
        boundServices: [
          { kind: 'bank', name: 'Northbank online banking' },
          { kind: 'payment', name: 'PayQuick wallet' },
        ],
      },
    ],
  },
  {
    key: 'uk-data-card-return',
    description: 'UK data-only card: must be posted back before the cancellation completes.',
    covers: ['card_return', 'data_only'],
    market: 'UK',
    name: 'Jack Robinson',
    accountLogin: 'jack.robinson',
    email: 'jack.robinson@example.co.uk',
    dateOfBirth: '1975-03-03',
    address: '9 Harbour Way, Plymouth PL1 2LR',
    idDocument: { type: 'passport', number: '501238846' },
    lines: [
      {
        msisdn: '+447700900106',
        iccidBody: '894410000000000106',
        productType: 'data_only',
        prepaid: { creditMinor: 0, dataMb: 512 },
      },
    ],
  },
  {
    key: 'uk-sim-swap',
    description: 'UK line whose SIM was swapped yesterday: goes to review and needs two approvers.',
    covers: ['recent_sim_swap', 'second_approver'],
    market: 'UK',
    name: 'Emily Clarke',
    accountLogin: 'emily.clarke',
    email: 'emily.clarke@example.co.uk',
    dateOfBirth: '1996-12-24',
    address: '18 Park Avenue, Glasgow G3 6BY',
    idDocument: { type: 'passport', number: '560034512' },
    // The number the holder still has when the SIM was swapped away from her: it hears of every case.
    contactNumbers: [{ msisdn: '+447700900907', addedDaysAgo: 700, verifiedDaysAgo: 700 }],
    lines: [{ msisdn: '+447700900107', iccidBody: '894410000000000107', productType: 'sim', simSwappedDaysAgo: 1 }],
  },
  {
    key: 'uk-contact-change',
    description: 'UK account whose e-mail changed two days ago: goes to manual review.',
    covers: ['recent_contact_change', 'manual_review'],
    market: 'UK',
    name: 'Thomas Wright',
    accountLogin: 'thomas.wright',
    email: 'thomas.wright@example.co.uk',
    dateOfBirth: '1983-05-27',
    address: '5 Castle Hill, Edinburgh EH1 2NG',
    idDocument: { type: 'passport', number: '529910283' },
    contactChangedDaysAgo: 2,
    lines: [{ msisdn: '+447700900108', iccidBody: '894410000000000108', productType: 'sim' }],
  },
  {
    key: 'uk-new-contact-number',
    description: 'UK account where an unverified contact number was added yesterday: goes to manual review.',
    covers: ['recent_contact_change', 'manual_review', 'contact_numbers'],
    market: 'UK',
    name: 'Isla Morgan',
    accountLogin: 'isla.morgan',
    email: 'isla.morgan@example.co.uk',
    dateOfBirth: '1991-02-08',
    address: '9 Harbour Street, Cardiff CF10 1AA',
    idDocument: { type: 'passport', number: '533190874' },
    contactNumbers: [
      { msisdn: '+447700900911', addedDaysAgo: 500, verifiedDaysAgo: 500 },
      { msisdn: '+447700900912', addedDaysAgo: 1 },
    ],
    lines: [{ msisdn: '+447700900111', iccidBody: '894410000000000111', productType: 'sim' }],
  },
  {
    key: 'uk-two-lines',
    description: 'UK account with two lines: cancel one, the other stays active.',
    covers: ['two_lines', 'balance_forfeit'],
    market: 'UK',
    name: 'Charlotte Evans',
    accountLogin: 'charlotte.evans',
    email: 'charlotte.evans@example.co.uk',
    dateOfBirth: '1970-08-15',
    address: '60 Victoria Road, Brighton BN1 3FS',
    idDocument: { type: 'passport', number: '517723064' },
    lines: [
      {
        msisdn: '+447700900109',
        iccidBody: '894410000000000109',
        productType: 'sim',
        prepaid: { creditMinor: 80, dataMb: 0 },
      },
      // Pay-as-you-go with nothing left on it: a line credit can be transferred to (a post-paid line cannot hold credit).
      {
        msisdn: '+447700900110',
        iccidBody: '894410000000000110',
        productType: 'esim',
        prepaid: { creditMinor: 0, dataMb: 0 },
      },
    ],
  },
  {
    key: 'de-contract',
    description:
      'German eSIM contract (Kündigungsbutton, §312k BGB): ends free with its minimum term; €79.96 only for an earlier date.',
    covers: ['market_de', 'early_termination_charge', 'esim'],
    market: 'DE',
    name: 'Lena Schmidt',
    accountLogin: 'lena.schmidt',
    email: 'lena.schmidt@example.de',
    dateOfBirth: '1991-02-14',
    address: 'Gartenstraße 12, 10115 Berlin',
    idDocument: { type: 'id_card', number: 'L01X00T47' },
    lines: [
      {
        msisdn: '+4915112345601',
        iccidBody: '894910000000000601',
        productType: 'esim',
        contract: { endsInDays: 120, earlyTerminationChargeMinor: 7996 },
      },
    ],
  },
  {
    key: 'de-prepaid',
    description: 'German prepaid SIM with €7.40 credit: refund required, transfer not offered.',
    covers: ['market_de', 'balance_refund'],
    market: 'DE',
    name: 'Jonas Müller',
    accountLogin: 'jonas.mueller',
    email: 'jonas.mueller@example.de',
    dateOfBirth: '1987-07-07',
    address: 'Hauptstraße 5, 80331 München',
    idDocument: { type: 'id_card', number: 'T22000129' },
    lines: [
      {
        msisdn: '+4915112345602',
        iccidBody: '894910000000000602',
        productType: 'sim',
        prepaid: { creditMinor: 740, dataMb: 0 },
      },
    ],
  },
  {
    key: 'cn-prepaid',
    description:
      'Chinese prepaid SIM (real-name registered) with ¥35 credit to move to her prepaid eSIM; the card must be returned.',
    covers: ['market_cn', 'card_return', 'balance_transfer'],
    market: 'CN',
    name: '王芳',
    accountLogin: 'wang.fang',
    email: 'wang.fang@example.cn',
    dateOfBirth: '1993-10-01',
    address: '北京市朝阳区建国路 88 号',
    idDocument: { type: 'resident_id', number: '110105199310010024' },
    lines: [
      {
        msisdn: '+8613800138001',
        iccidBody: '898610000000000801',
        productType: 'sim',
        prepaid: { creditMinor: 3500, dataMb: 1024 },
      },
      // Her prepaid eSIM, where the credit can go.
      {
        msisdn: '+8613800138002',
        iccidBody: '898610000000000802',
        productType: 'esim',
        prepaid: { creditMinor: 0, dataMb: 0 },
      },
    ],
  },
  {
    key: 'us-postpaid',
    description: 'US post-paid line bound to a payment app; the number ages 45 days before reissue.',
    covers: ['market_us', 'bound_services'],
    market: 'US',
    name: 'Michael Johnson',
    accountLogin: 'michael.johnson',
    email: 'michael.johnson@example.com',
    dateOfBirth: '1980-04-04',
    address: '120 Main Street, Springfield, NJ 07081',
    idDocument: { type: 'driving_licence', number: 'J12345678901234' },
    lines: [
      {
        msisdn: '+12015550123',
        iccidBody: '890110000000000123',
        productType: 'sim',
        boundServices: [{ kind: 'payment', name: 'Venmoney' }],
      },
    ],
  },
];
