import { createRequire } from 'node:module';
import type PDFDocument from 'pdfkit';

/**
 * Fonts embedded in every printout, so a patient's name prints as written (issue 11, item 9: a
 * name printed "Nguy?n V?n Ân" is a wrong-patient risk on the downtime sheet). Noto (SIL Open Font
 * Licence 1.1, from the @expo-google-fonts packages): Noto Sans for Latin (Vietnamese included),
 * Greek and Cyrillic; Noto Sans SC for Chinese, Japanese kana and CJK punctuation; Noto Sans Arabic
 * for Arabic script. pdfkit has no font fallback, so text is cut into runs by script and each run is
 * set in the font that has its glyphs (writeRuns).
 */
const require = createRequire(import.meta.url);
const file = (pkg: string, weight: string, name: string) => require.resolve(`${pkg}/${weight}/${name}`);

export const FONT = 'NotoSans';
export const BOLD = 'NotoSans-Bold';

const FILES: Record<string, string> = {
  [FONT]: file('@expo-google-fonts/noto-sans', '400Regular', 'NotoSans_400Regular.ttf'),
  [BOLD]: file('@expo-google-fonts/noto-sans', '700Bold', 'NotoSans_700Bold.ttf'),
  NotoSansSC: file('@expo-google-fonts/noto-sans-sc', '400Regular', 'NotoSansSC_400Regular.ttf'),
  'NotoSansSC-Bold': file('@expo-google-fonts/noto-sans-sc', '700Bold', 'NotoSansSC_700Bold.ttf'),
  NotoSansArabic: file('@expo-google-fonts/noto-sans-arabic', '400Regular', 'NotoSansArabic_400Regular.ttf'),
  'NotoSansArabic-Bold': file('@expo-google-fonts/noto-sans-arabic', '700Bold', 'NotoSansArabic_700Bold.ttf'),
};

export function registerFonts(doc: PDFKit.PDFDocument): void {
  for (const [name, path] of Object.entries(FILES)) doc.registerFont(name, path);
}

type Script = 'base' | 'SC' | 'Arabic';

/** The script whose font a character needs; null for characters every font has (spaces, digits, punctuation). */
export function scriptOf(ch: string): Script | null {
  const c = ch.codePointAt(0) ?? 0;
  if (
    (c >= 0x2e80 && c <= 0x9fff) ||
    (c >= 0xf900 && c <= 0xfaff) ||
    (c >= 0xff00 && c <= 0xffef) ||
    (c >= 0x20000 && c <= 0x2fa1f)
  )
    return 'SC';
  if (
    (c >= 0x0600 && c <= 0x06ff) ||
    (c >= 0x0750 && c <= 0x077f) ||
    (c >= 0x08a0 && c <= 0x08ff) ||
    (c >= 0xfb50 && c <= 0xfdff) ||
    (c >= 0xfe70 && c <= 0xfeff)
  )
    return 'Arabic';
  if (/[\s\d.,:;!?'"()\-–—/·]/u.test(ch)) return null;
  return 'base';
}

/** Cuts text into runs of one script; neutral characters join the run they are in. */
export function scriptRuns(text: string): { script: Script; text: string }[] {
  const runs: { script: Script; text: string }[] = [];
  for (const ch of text) {
    const script = scriptOf(ch);
    const last = runs.at(-1);
    if (last && (script === null || script === last.script)) last.text += ch;
    else runs.push({ script: script ?? 'base', text: ch });
  }
  return runs;
}

function fontFor(base: string, script: Script): string {
  if (script === 'base') return base;
  const bold = base === BOLD;
  return script === 'SC' ? (bold ? 'NotoSansSC-Bold' : 'NotoSansSC') : bold ? 'NotoSansArabic-Bold' : 'NotoSansArabic';
}

type TextArgs = [string, number?, number?, PDFKit.Mixins.TextOptions?] | [string, PDFKit.Mixins.TextOptions?];

/**
 * Makes doc.font remember the family asked for and doc.text set each script run in its font, so
 * the report code keeps calling doc.font(FONT) and doc.text(...) as before.
 */
export function withScriptFallback(doc: PDFKit.PDFDocument): PDFKit.PDFDocument {
  let base = FONT;
  const setFont = doc.font.bind(doc) as (name: string, size?: number) => PDFKit.PDFDocument;
  const writeText = doc.text.bind(doc) as (...args: unknown[]) => PDFKit.PDFDocument;
  (doc as { font: unknown }).font = (name: string, size?: number) => {
    if (name === FONT || name === BOLD) base = name;
    return setFont(name, size);
  };
  (doc as { text: unknown }).text = (...args: TextArgs) => {
    const [text, ...rest] = args;
    const runs = typeof text === 'string' ? scriptRuns(text) : [];
    if (runs.length <= 1) {
      setFont(fontFor(base, runs[0]?.script ?? 'base'));
      const result = writeText(text, ...rest);
      setFont(base);
      return result;
    }
    const positional = typeof rest[0] === 'number' || typeof rest[1] === 'number';
    const options = ((positional ? rest[2] : rest[0]) ?? {}) as PDFKit.Mixins.TextOptions;
    runs.forEach((run, i) => {
      setFont(fontFor(base, run.script));
      const last = i === runs.length - 1;
      const runOptions = { ...options, continued: last ? (options.continued ?? false) : true };
      if (i === 0 && positional) writeText(run.text, rest[0], rest[1], runOptions);
      else writeText(run.text, runOptions);
    });
    setFont(base);
    return doc;
  };
  return doc;
}

export type { PDFDocument };
