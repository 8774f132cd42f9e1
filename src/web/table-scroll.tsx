/**
 * A data table too wide for a small screen scrolls sideways inside its own
 * region, never the page (USWDS's scrollable table container). The region is
 * focusable and named, so keyboard users can scroll it and screen readers
 * announce it.
 */
import type { ComponentChildren } from 'preact';

export function TableScroll(props: { label: string; children: ComponentChildren }) {
  return (
    <div class="usa-table-container--scrollable candor-scroll" tabIndex={0} role="region" aria-label={props.label}>
      {props.children}
    </div>
  );
}
