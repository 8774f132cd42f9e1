/**
 * Language-assistance taglines (45 CFR 155.205(c), 92.11): a sentence in each
 * of the state's top 15 languages saying free help is available and how to
 * get it. Data, not code: the list per state and the sentence per language.
 * `{number}` and `{tty}` are the customer support line of the state profile.
 * The Vermont list follows the state's published language-access list; check
 * it against the current list each year.
 */
export interface Tagline {
  /** BCP 47 language tag, set on the element so screen readers switch voice. */
  lang: string;
  /** The language's name in itself. */
  name: string;
  text: string;
}

export const TAGLINES: Record<string, Tagline> = {
  en: { lang: 'en', name: 'English', text: 'ATTENTION: If you speak English, language assistance services, free of charge, are available to you. Call {number} (TTY: {tty}).' },
  es: { lang: 'es', name: 'Español', text: 'ATENCIÓN: si habla español, tiene a su disposición servicios gratuitos de asistencia lingüística. Llame al {number} (TTY: {tty}).' },
  fr: { lang: 'fr', name: 'Français', text: "ATTENTION : Si vous parlez français, des services d'aide linguistique vous sont proposés gratuitement. Appelez le {number} (ATS : {tty})." },
  ne: { lang: 'ne', name: 'नेपाली', text: 'ध्यान दिनुहोस्: तपाईंले नेपाली बोल्नुहुन्छ भने तपाईंको निम्ति भाषा सहायता सेवाहरू निःशुल्क रूपमा उपलब्ध छ। फोन गर्नुहोस् {number} (टिटिवाइ: {tty})।' },
  zh: { lang: 'zh-Hant', name: '繁體中文', text: '注意：如果您使用繁體中文，您可以免費獲得語言援助服務。請致電 {number}（TTY：{tty}）。' },
  ar: { lang: 'ar', name: 'العربية', text: 'ملحوظة: إذا كنت تتحدث اللغة العربية، فإن خدمات المساعدة اللغوية تتوافر لك بالمجان. اتصل برقم {number} (رقم هاتف الصم والبكم: {tty}).' },
  sw: { lang: 'sw', name: 'Kiswahili', text: 'KUMBUKA: Ikiwa unazungumza Kiswahili, unaweza kupata huduma za lugha, bila malipo. Piga simu {number} (TTY: {tty}).' },
  vi: { lang: 'vi', name: 'Tiếng Việt', text: 'CHÚ Ý: Nếu bạn nói Tiếng Việt, có các dịch vụ hỗ trợ ngôn ngữ miễn phí dành cho bạn. Gọi số {number} (TTY: {tty}).' },
  so: { lang: 'so', name: 'Soomaali', text: 'FIIRO GAAR AH: Haddii aad ku hadasho Soomaali, adeegyada caawimada luqadda, oo bilaash ah, ayaad heli kartaa. Wac {number} (TTY: {tty}).' },
  bs: { lang: 'bs', name: 'Bosanski', text: 'OBAVJEŠTENJE: Ako govorite bosanski, usluge jezičke pomoći dostupne su vam besplatno. Nazovite {number} (TTY: {tty}).' },
  my: { lang: 'my', name: 'မြန်မာ', text: 'သတိပြုရန် - အကယ်၍ သင်သည် မြန်မာစကား ကို ပြောပါက၊ ဘာသာစကား အကူအညီ၊ အခမဲ့ သင့်အတွက် စီစဉ်ဆောင်ရွက်ပေးပါမည်။ ဖုန်းနံပါတ် {number} (TTY: {tty}) သို့ ခေါ်ဆိုပါ။' },
  ru: { lang: 'ru', name: 'Русский', text: 'ВНИМАНИЕ: Если вы говорите на русском языке, то вам доступны бесплатные услуги перевода. Звоните {number} (телетайп: {tty}).' },
  pt: { lang: 'pt', name: 'Português', text: 'ATENÇÃO: Se fala português, encontram-se disponíveis serviços linguísticos, grátis. Ligue para {number} (TTY: {tty}).' },
  de: { lang: 'de', name: 'Deutsch', text: 'ACHTUNG: Wenn Sie Deutsch sprechen, stehen Ihnen kostenlos sprachliche Hilfsdienstleistungen zur Verfügung. Rufnummer: {number} (TTY: {tty}).' },
  it: {
    lang: 'it',
    name: 'Italiano',
    text: "ATTENZIONE: In caso la lingua parlata sia l'italiano, sono disponibili servizi di assistenza linguistica gratuiti. Chiamare il numero {number} (TTY: {tty}).",
  },
  rn: { lang: 'rn', name: 'Ikirundi', text: 'ICITONDERWA: Nimba uvuga Ikirundi, uzohabwa serivisi zo gufasha mu ndimi, ku buntu. Woterefona {number} (TTY: {tty}).' },
};

/** Each state's top 15 non-English languages, most spoken first. */
export const STATE_TAGLINE_LANGUAGES: Record<string, readonly string[]> = {
  vt: ['es', 'fr', 'ne', 'zh', 'ar', 'sw', 'vi', 'so', 'bs', 'my', 'ru', 'pt', 'de', 'it', 'rn'],
};

export function taglinesFor(stateId: string, number: string, tty: string): Tagline[] {
  const codes = STATE_TAGLINE_LANGUAGES[stateId] ?? STATE_TAGLINE_LANGUAGES.vt!;
  return codes.map((code) => {
    const t = TAGLINES[code]!;
    return { ...t, text: t.text.replace('{number}', number).replace('{tty}', tty) };
  });
}
