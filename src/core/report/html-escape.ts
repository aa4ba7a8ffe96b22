/** Escaping for HTML and SVG written by the report renderers. */

/**
 * Escapes text for HTML/SVG element content and quoted attribute values: `& < > " '` as
 * entities, and control characters XML does not allow (all but tab, line feed, carriage return)
 * dropped, so text from input files can never open a tag, end an attribute or break an SVG.
 */
export function escapeHtml(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}
