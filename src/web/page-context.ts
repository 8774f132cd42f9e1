import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Actor } from '../accounts/sessions.js';
import type { StateProfile } from '../states/profile.js';
import type { Lang } from './i18n.js';

/** What any component on a page may need without threading props. */
export interface PageInfo {
  lang: Lang;
  csrfToken: string;
  actor: Actor | null;
  profile: StateProfile;
  now: Date;
  /** The path and query of this request, for "next" links and the language switch. */
  path: string;
  /**
   * The page's form errors, gathered while its body renders so that one error
   * summary stands at the top of the main content (docs/adr/0120).
   */
  errorSummary?: ErrorSummaryEntry[];
}

/** One line of the error summary: the field it links to and the message naming it. */
export interface ErrorSummaryEntry {
  field: string;
  text: string;
}

export const PageContext = createContext<PageInfo | null>(null);

export function usePage(): PageInfo {
  const page = useContext(PageContext);
  if (!page) throw new Error('usePage() outside a rendered page');
  return page;
}
