/**
 * Renders a notice for one channel, language and variant: the email (subject,
 * HTML, text), the letter's blocks (for the PDF) or the text message. Pure
 * apart from the link factory the caller passes. Throws when the content
 * sends the person to a capability its variant does not declare.
 */
import { renderToString } from 'preact-render-to-string';
import type { CapabilityId } from '../capabilities/ids.js';
import type { StateProfile } from '../states/profile.js';
import { formatDate, type Lang } from '../web/i18n.js';
import { variantNeeds, type Channel, type FormalElements, type NoticeDeclaration } from './declaration.js';
import { AppealRights, Contact, formatAddress, NoticeContext, Taglines, useNotice, type LetterParticulars, type NoticeScope } from './content/parts.js';
import { blocksToText, htmlToBlocks, type Block } from './html-blocks.js';
import type { LinkTarget } from './link-targets.js';

export interface RenderInput {
  notice: NoticeDeclaration;
  data: unknown;
  lang: Lang;
  channel: Channel;
  variant: string;
  firstName: string;
  profile: StateProfile;
  now: Date;
  link(target: LinkTarget): string;
  /** Letters only: full name, address, short code. */
  letter?: LetterParticulars | null;
  /** Letters only: the payment reference number. */
  reference?: string | null;
}

export interface Rendered {
  subject: string;
  /** A whole HTML document (email body; also the source of the letter's blocks). */
  html: string;
  /** Plain text (the email's text part; the whole text message). */
  text: string;
  blocks: Block[];
  /** Capabilities the content sends the person to. */
  used: CapabilityId[];
  links: LinkTarget[];
}

export class UndeclaredCapabilityError extends Error {
  constructor(
    readonly notice: string,
    readonly variant: string,
    readonly capabilities: CapabilityId[],
  ) {
    super(`Notice ${notice} (${variant}) points at ${capabilities.join(', ')}, which the variant does not declare`);
  }
}

const WORDS = {
  en: {
    hello: (n: string) => (n ? `Hello ${n},` : 'Hello,'),
    dear: (n: string) => `Dear ${n},`,
    what: 'What is happening',
    when: 'Effective date',
    why: 'The facts',
    rule: 'The rule we followed',
    date: 'Date of this notice',
    reference: 'Reference number',
    code: 'Your code for the alternatives page',
    codeHelp: (url: string) => `If a link in this letter shows that a service is unavailable, enter this code at ${url} to see your own amount due and reference number.`,
  },
  es: {
    hello: (n: string) => (n ? `Hola ${n}:` : 'Hola:'),
    dear: (n: string) => `Estimado/a ${n}:`,
    what: 'Qué está pasando',
    when: 'Fecha de vigencia',
    why: 'Los hechos',
    rule: 'La norma que aplicamos',
    date: 'Fecha de este aviso',
    reference: 'Número de referencia',
    code: 'Su código para la página de alternativas',
    codeHelp: (url: string) => `Si un enlace de esta carta indica que un servicio no está disponible, ingrese este código en ${url} para ver su propia cantidad a pagar y su número de referencia.`,
  },
} as const;

function FormalFrame(props: { elements: FormalElements }) {
  const { lang } = useNotice();
  const w = WORDS[lang];
  const e = props.elements;
  return (
    <section class="formal">
      <h2>{w.what}</h2>
      <p>{e.action}</p>
      <h2>{w.when}</h2>
      <p>{e.effectiveDate}</p>
      <h2>{w.why}</h2>
      <ul>
        {e.facts.map((f) => (
          <li key={f}>{f}</li>
        ))}
      </ul>
      <h2>{w.rule}</h2>
      <p>{e.rule}</p>
    </section>
  );
}

function LetterHead(props: { letter: LetterParticulars; reference: string | null; publicUrl: string }) {
  const { lang, now, profile } = useNotice();
  const w = WORDS[lang];
  return (
    <section class="letter-head">
      <address>
        {[props.letter.fullName, ...(props.letter.address ? formatAddress(props.letter.address) : [])].map((l) => (
          <span key={l}>
            {l}
            <br />
          </span>
        ))}
      </address>
      <p>
        {w.date}: {formatDate(now, lang, profile.timeZone)}
      </p>
      {props.reference && (
        <p>
          {w.reference}: {props.reference}
        </p>
      )}
      {props.letter.shortCode && (
        <p>
          {w.code}: {props.letter.shortCode}. {w.codeHelp(`${props.publicUrl}/l`)}
        </p>
      )}
    </section>
  );
}

/**
 * The language-assistance taglines are the same in every notice of a state and
 * language (fifteen languages, about half of an email): rendered and cut into
 * blocks once, then appended as they are.
 */
const taglinesCache = new Map<string, { html: string; blocks: Block[] }>();
function taglinesPart(scope: NoticeScope): { html: string; blocks: Block[] } {
  const line = scope.profile.phoneLines.customerSupport;
  const key = [scope.profile.id, line.number, line.tty ?? '', scope.lang].join('|');
  let part = taglinesCache.get(key);
  if (!part) {
    const html = renderToString(
      <NoticeContext.Provider value={scope}>
        <Taglines />
      </NoticeContext.Provider>,
    );
    part = { html, blocks: htmlToBlocks(html) };
    taglinesCache.set(key, part);
  }
  return part;
}

export function renderNotice(input: RenderInput): Rendered {
  const { notice, lang, channel, variant } = input;
  const declared = notice.variants.find((v) => v.id === variant);
  if (!declared) throw new Error(`Notice ${notice.id} has no variant ${variant}`);
  const used = new Set<CapabilityId>();
  const links: LinkTarget[] = [];
  const isLetter = channel === 'letter';
  const scope: NoticeScope = {
    lang,
    channel,
    variant,
    profile: input.profile,
    now: input.now,
    link: (target) => {
      links.push(target);
      return input.link(target);
    },
    uses: (c) => used.add(c),
    reference: isLetter ? (input.reference ?? null) : null,
    letter: isLetter ? (input.letter ?? null) : null,
  };
  const subject = notice.subject[lang](input.data);
  const Content = notice.content[lang];
  const body = <Content data={input.data} variant={variant} channel={channel} firstName={notice.anonymous ? '' : input.firstName} />;
  const w = WORDS[lang];
  const formal = notice.formal?.[lang](input.data);
  const publicUrl = input.profile.website;
  const tree =
    channel === 'text' ? (
      <NoticeContext.Provider value={scope}>{body}</NoticeContext.Provider>
    ) : (
      <NoticeContext.Provider value={scope}>
        <html lang={lang}>
          <head>
            <meta charSet="utf-8" />
            <title>{subject}</title>
          </head>
          <body>
            <article>
              <h1>{subject}</h1>
              {isLetter && scope.letter && <LetterHead letter={scope.letter} reference={scope.reference} publicUrl={publicUrl} />}
              <p>{isLetter && scope.letter ? w.dear(scope.letter.fullName) : w.hello(notice.anonymous ? '' : input.firstName)}</p>
              {formal && <FormalFrame elements={formal} />}
              {body}
              <Contact />
              {notice.kind === 'formal' && <AppealRights />}
            </article>
          </body>
        </html>
      </NoticeContext.Provider>
    );
  let html = (channel === 'text' ? '' : '<!DOCTYPE html>') + renderToString(tree);
  let blocks = htmlToBlocks(html);
  if (channel !== 'text') {
    // Every block before the end of the article is closed, so the taglines' blocks simply follow.
    const taglines = taglinesPart(scope);
    const end = html.lastIndexOf('</article>');
    html = html.slice(0, end) + taglines.html + html.slice(end);
    blocks = [...blocks, ...taglines.blocks];
  }
  const text = blocksToText(blocks);
  const needs = new Set(variantNeeds(declared, input.data));
  const undeclared = [...used].filter((c) => !needs.has(c));
  if (undeclared.length) throw new UndeclaredCapabilityError(notice.id, variant, undeclared);
  return { subject, html, text, blocks, used: [...used], links };
}
