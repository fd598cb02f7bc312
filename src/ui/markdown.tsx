import DOMPurify from 'dompurify';
import MarkdownIt from 'markdown-it';
import { useMemo } from 'react';

// Card text is untrusted: markdown-it with `html: false` escapes raw HTML, so `<script>` shows as inert text,
// and DOMPurify runs on the output as a second line of defence (markdown-it plugins or bugs could still emit markup).
const renderer = new MarkdownIt({ html: false, linkify: true, typographer: false, breaks: false });

const defaultLinkOpen =
  renderer.renderer.rules.link_open ??
  ((tokens, index, options, _env, self) => self.renderToken(tokens, index, options));

// Links leave the app in a new tab with no opener and no referrer, so a card cannot script or track its reader.
renderer.renderer.rules.link_open = (tokens, index, options, env, self) => {
  const token = tokens[index];
  if (token) {
    token.attrSet('target', '_blank');
    token.attrSet('rel', 'noopener noreferrer nofollow');
  }
  return defaultLinkOpen(tokens, index, options, env, self);
};

/** Renders card markdown to sanitized HTML. Exported for tests. */
export function renderCardMarkdown(source: string): string {
  const html = renderer.render(source);
  return DOMPurify.sanitize(html, {
    ADD_ATTR: ['target'],
    FORBID_TAGS: ['style', 'form', 'input', 'button', 'iframe', 'object', 'embed'],
  });
}

export type MarkdownProps = {
  source: string;
  className?: string;
};

/** A card's markdown (code blocks, lists, emphasis, tables) as inert, sanitized HTML. */
export function Markdown({ source, className }: MarkdownProps) {
  const html = useMemo(() => renderCardMarkdown(source), [source]);
  return (
    <div
      className={className ? `markdown ${className}` : 'markdown'}
      // Sanitized above: markdown-it escapes raw HTML and DOMPurify strips anything active.
      dangerouslySetInnerHTML={{ __html: html }}
    />
  );
}
