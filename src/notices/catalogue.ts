/**
 * Every notice type the exchange sends, by id: the built-in ones below, and
 * those other modules declare with defineNotice (registered when their file
 * is imported). Add a type and the rendering tests cover it.
 */
import { NOTICE_REGISTRY, type NoticeDeclaration } from './declaration.js';
import './types/payments.js';
import './types/eligibility.js';
import './types/service.js';
// Types other modules declare (they are raised by those modules).
import '../hub/notices.js';
import '../renewal/notices.js';
import '../tax-forms/notices.js';

export const NOTICE_TYPES: Readonly<Record<string, NoticeDeclaration>> = NOTICE_REGISTRY;

export function noticeType(id: string): NoticeDeclaration | undefined {
  return Object.hasOwn(NOTICE_REGISTRY, id) ? NOTICE_REGISTRY[id] : undefined;
}

export function noticeTypeIds(): string[] {
  return Object.keys(NOTICE_REGISTRY).sort();
}
