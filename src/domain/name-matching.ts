/**
 * Comparing the name someone gives (a mailed letter, a store form) with the name on file. A clerk
 * ignores case, spacing and how accents are encoded, but a person who types "Ｈａｒｒｉｅｔ"
 * (fullwidth), "𝐇𝐚𝐫𝐫𝐢𝐞𝐭" (mathematical bold) or "Hаrriet" (with a Cyrillic а) is not writing a
 * name: they are trying to look like one. NFKC folding would make the first two equal to "Harriet"
 * and let them pass, so a name that NFKC changes beyond NFC (a compatibility look-alike), or whose
 * letters mix scripts that no one writes a name in together, is refused outright.
 * (Unicode TR #39, "Unicode Security Mechanisms": mixed-script and confusable detection.)
 */

export type NameRefusal = 'compatibility_form' | 'mixed_script';

export type NameComparison = { match: true } | { match: false; refused: NameRefusal | null };

/** Scripts checked for mixing; letters of any other script count as "Other". */
const scripts = [
  'Latin',
  'Greek',
  'Cyrillic',
  'Armenian',
  'Hebrew',
  'Arabic',
  'Devanagari',
  'Bengali',
  'Tamil',
  'Thai',
  'Georgian',
  'Hangul',
  'Hiragana',
  'Katakana',
  'Han',
] as const;
type Script = (typeof scripts)[number] | 'Other';
const scriptPatterns = scripts.map((name) => [name, new RegExp(`\\p{Script=${name}}`, 'u')] as const);

/** Sets of scripts that are written together in one name (Japanese, Korean with Hanja). */
const allowedMixes: Script[][] = [
  ['Han', 'Hiragana', 'Katakana'],
  ['Han', 'Hangul'],
];

function scriptOf(letter: string): Script {
  for (const [name, pattern] of scriptPatterns) if (pattern.test(letter)) return name;
  return 'Other';
}

/** Why a given name is refused before any comparison, or null when it is an ordinary name. */
export function nameRefusal(name: string): NameRefusal | null {
  // Spaces of every kind (a no-break space pasted from a document) are spaces, not look-alikes.
  const spaced = name.replace(/\s+/gu, ' ');
  if (spaced.normalize('NFKC') !== spaced.normalize('NFC')) return 'compatibility_form';
  const used = new Set<Script>();
  for (const letter of spaced.normalize('NFC').match(/\p{L}/gu) ?? []) used.add(scriptOf(letter));
  if (used.size <= 1) return null;
  const mix = [...used];
  return allowedMixes.some((allowed) => mix.every((script) => allowed.includes(script))) ? null : 'mixed_script';
}

const folded = (name: string) => name.normalize('NFC').trim().replace(/\s+/gu, ' ').toLocaleLowerCase();

/** The given name against the name on file: refused look-alikes never match. */
export function compareNames(given: string, onFile: string): NameComparison {
  const refused = nameRefusal(given);
  if (refused) return { match: false, refused };
  return folded(given) === folded(onFile) ? { match: true } : { match: false, refused: null };
}

/**
 * Whether a name (or an address) keyed in from what the holder showed or wrote is the one on file: the
 * one comparison the intake and the clerk's desk both make.
 */
export function sameName(given: string, onFile: string): boolean {
  return compareNames(given, onFile).match;
}
