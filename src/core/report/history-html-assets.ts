/** The inline stylesheet of the history page (no external resources: the page works offline). */
export const HISTORY_CSS = `
:root { color-scheme: light; --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --band: #0072b2; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); margin: 0 auto; padding: 20px 28px 48px; max-width: 1100px; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 28px 0 8px; }
h3 { font-size: 15px; margin: 0 0 6px; }
.muted, .method { color: var(--muted); }
.method { font-size: 12px; }
table { border-collapse: collapse; width: 100%; font-size: 12.5px; }
th, td { border-bottom: 1px solid var(--line); padding: 4px 8px; text-align: left; }
.table-wrap { overflow-x: auto; }
td { white-space: nowrap; }
th { background: #f6f8fa; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.summary-row { cursor: pointer; }
tr.summary-row:hover { background: #f0f6fc; }
.warn { background: #fff8c5; border: 1px solid #d4a72c; border-radius: 6px; padding: 8px 12px; margin: 12px 0; }
.controls { display: flex; gap: 16px; align-items: center; margin: 18px 0 8px; flex-wrap: wrap; }
.legend { display: flex; gap: 14px; flex-wrap: wrap; font-size: 12px; }
.legend span.swatch { display: inline-block; width: 11px; height: 11px; border-radius: 50%; margin-right: 5px; vertical-align: -1px; }
section.series { border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px; margin: 14px 0; }
section.series[hidden] { display: none; }
svg.chart { width: 100%; height: auto; display: block; }
svg .grid { stroke: #eaeef2; }
svg .frame { stroke: #8c959f; }
svg .tick { font-size: 11px; fill: var(--muted); }
svg .ci-band { fill: var(--band); fill-opacity: 0.16; stroke: none; }
svg .median-line { fill: none; stroke: #57606a; stroke-width: 1.5; }
svg .segment { stroke: #8250df; stroke-width: 2; stroke-dasharray: 2 3; }
svg .change-point line { stroke: #cf222e; stroke-width: 1.5; stroke-dasharray: 5 4; }
svg .change-point text { font-size: 12px; fill: #cf222e; font-weight: 600; }
svg .environment-change line { stroke: #6e7781; stroke-width: 1; stroke-dasharray: 1 3; }
svg .environment-change text { font-size: 11px; fill: #6e7781; }
svg circle.run { stroke: #fff; stroke-width: 1.5; cursor: pointer; }
svg circle.run:hover { stroke: #1f2328; }
.changes { font-size: 13px; margin-top: 6px; }
.note { color: var(--muted); font-style: italic; }
#tooltip { position: fixed; pointer-events: none; background: #1f2328; color: #fff; font-size: 12px; padding: 6px 9px; border-radius: 6px; white-space: pre; display: none; z-index: 10; }
`;

/**
 * The inline script: subject/scenario/metric selector (kept in the URL hash, e.g.
 * `#metric=tcp_throughput_bps`, so a selection can be linked), row-click navigation, hover
 * tooltips. Plain ES5, no dependencies.
 */
export const HISTORY_SCRIPT = `
(function () {
  var sections = Array.prototype.slice.call(document.querySelectorAll('section.series'));
  var subject = document.getElementById('pick-subject');
  var scenario = document.getElementById('pick-scenario');
  var metric = document.getElementById('pick-metric');
  var count = document.getElementById('shown-count');
  function apply() {
    var shown = 0;
    sections.forEach(function (s) {
      var ok = (subject.value === '' || s.getAttribute('data-subject') === subject.value) &&
        (scenario.value === '' || s.getAttribute('data-scenario') === scenario.value) &&
        (metric.value === '' || s.getAttribute('data-metric') === metric.value);
      s.hidden = !ok;
      if (ok) shown++;
    });
    count.textContent = shown + ' of ' + sections.length + ' series shown';
  }
  var picks = { subject: subject, scenario: scenario, metric: metric };
  function toHash() {
    var parts = [];
    Object.keys(picks).forEach(function (k) {
      if (picks[k].value !== '') parts.push(k + '=' + encodeURIComponent(picks[k].value));
    });
    if (window.history && window.history.replaceState) window.history.replaceState(null, '', parts.length ? '#' + parts.join('&') : '#');
  }
  function fromHash() {
    location.hash.replace(/^#/, '').split('&').forEach(function (pair) {
      var kv = pair.split('=');
      var el = picks[kv[0]];
      if (!el || kv.length !== 2) return;
      var value = decodeURIComponent(kv[1]);
      for (var i = 0; i < el.options.length; i++) if (el.options[i].value === value) el.value = value;
    });
  }
  [subject, scenario, metric].forEach(function (el) {
    el.addEventListener('change', function () { apply(); toHash(); });
  });
  Array.prototype.forEach.call(document.querySelectorAll('tr.summary-row'), function (row) {
    row.addEventListener('click', function () {
      subject.value = row.getAttribute('data-subject');
      scenario.value = row.getAttribute('data-scenario');
      metric.value = row.getAttribute('data-metric');
      apply();
      toHash();
      var target = document.getElementById(row.getAttribute('data-target'));
      if (target) target.scrollIntoView({ behavior: 'smooth', block: 'start' });
    });
  });
  var tip = document.getElementById('tooltip');
  document.addEventListener('mouseover', function (e) {
    var t = e.target;
    if (t && t.getAttribute && t.getAttribute('data-tip')) {
      tip.textContent = t.getAttribute('data-tip');
      tip.style.display = 'block';
    }
  });
  document.addEventListener('mousemove', function (e) {
    if (tip.style.display === 'block') {
      tip.style.left = Math.min(e.clientX + 14, window.innerWidth - tip.offsetWidth - 8) + 'px';
      tip.style.top = (e.clientY + 14) + 'px';
    }
  });
  document.addEventListener('mouseout', function (e) {
    if (e.target && e.target.getAttribute && e.target.getAttribute('data-tip')) tip.style.display = 'none';
  });
  fromHash();
  apply();
})();
`;
