/** Escaping for HTML and SVG written by the report renderers. */

/** Characters XML 1.0 does not allow in a document (HTML tolerates them; an SVG would break). */
// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

/**
 * Escapes text for HTML/SVG element content and quoted attribute values: `& < > " '` as
 * entities, and control characters XML does not allow (all but tab, line feed, carriage return)
 * dropped, so text from input files can never open a tag, end an attribute or break an SVG.
 */
export function escapeHtml(text: string): string {
  return text
    .replace(NOT_XML, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}
