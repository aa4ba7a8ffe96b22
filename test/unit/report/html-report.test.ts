import { describe, expect, it } from 'vitest';
import { compareResults } from '../../../src/core/compare/engine.js';
import { HTML_REPORT_CSP, renderHtmlReport } from '../../../src/core/report/html-report.js';
import { comparisonProfiles } from '../../../src/core/report/html-report-profiles.js';
import type { ResultsFile } from '../../../src/core/results/types.js';
import { fixtureFolded, profileOf, scaleFrames, withProfile } from '../../helpers/profile-fixture.js';
import { makeResults } from '../../helpers/results-factory.js';

const TCP = 'pod-to-pod-cross-node/tcp-stream';
const HTTP = 'pod-to-pod-cross-node/http-max';
const EVIL = '<script>alert(1)</script>';

function run(seed: number, tcp: number): ResultsFile {
  return makeResults({
    seed,
    scenarios: {
      [TCP]: { tcp_throughput_bps: { median: tcp, cv: 0.02, n: 8 } },
      [HTTP]: { http_rps: { median: 20000, cv: 0.02, n: 8 } },
    },
  });
}

/** Base and head files with real folded stacks on the TCP scenario: head sends with 2.5× the CPU per GB. */
function profiled(): { base: ResultsFile; head: ResultsFile } {
  const folded = fixtureFolded();
  const head = scaleFrames(folded, { 'tcp_sendmsg_[k]': 2.5 });
  return {
    base: withProfile(run(1, 9e9), TCP, profileOf(folded, 2)),
    head: withProfile(run(2, 7e9), TCP, profileOf(head, 1.6)),
  };
}

/** Every http(s) URL in the document except the SVG namespace. */
const urls = (html: string): string[] =>
  (html.match(/https?:\/\/[^\s"'<>]*/g) ?? []).filter((u) => u !== 'http://www.w3.org/2000/svg');

describe('renderHtmlReport', () => {
  it('is one self-contained document: strict CSP, no script, no URL, verdict and reason first', () => {
    const { base, head } = profiled();
    const report = compareResults(base, head, {}, { base: 'main.json', head: 'pr.json' });
    const html = renderHtmlReport(report, comparisonProfiles(base, head));
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="${HTML_REPORT_CSP}">`);
    expect(HTML_REPORT_CSP).toBe("default-src 'none'; style-src 'unsafe-inline'; img-src data:");
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|url\(|src=|href=/i);
    expect(urls(html)).toEqual([]);
    const verdict = html.indexOf('Performance regression</h1>');
    const reason = html.indexOf('<p class="reason">material regression: tcp_throughput_bps');
    const headline = html.indexOf('<table class="headline">');
    expect(verdict).toBeGreaterThan(0);
    expect(reason).toBeGreaterThan(verdict);
    expect(headline).toBeGreaterThan(reason);
    expect(html.indexOf('<svg')).toBeGreaterThan(headline);
  });

  it('draws one flame graph per scenario profiled on both sides and lists the grown kernel functions', () => {
    const { base, head } = profiled();
    const report = compareResults(base, head, {}, { base: 'main.json', head: 'pr.json' });
    const html = renderHtmlReport(report, comparisonProfiles(base, head));
    expect(html.match(/<svg /g)).toHaveLength(1);
    expect(html).toContain(`<h3>${TCP}</h3>`);
    const grown = html.slice(html.indexOf('Kernel functions that grew most'));
    expect(grown.slice(0, grown.indexOf('</table>'))).toContain('<td>tcp_sendmsg</td>');
    // The HTTP scenario has no profile on either side: said once, no graph.
    expect(html).toContain(`CPU profiles were not recorded for ${HTTP}.</p>`);
  });

  it('says in one line when no profile was recorded, and per scenario when one side lacks it', () => {
    const plain = compareResults(run(1, 9e9), run(2, 9e9), {}, { base: 'a.json', head: 'b.json' });
    const html = renderHtmlReport(plain);
    expect(html).not.toContain('<svg');
    expect(html.match(/not recorded/g)).toHaveLength(1);
    expect(html).toContain('CPU profiles were not recorded (<code>run --profile</code> records them).');

    const { base } = profiled();
    const oneSided = renderHtmlReport(plain, comparisonProfiles(base, run(2, 9e9)));
    expect(oneSided).not.toContain('<svg');
    expect(oneSided).toContain(
      `<strong>${TCP}</strong>: CPU profiles were not recorded on the head side (only base was profiled).`,
    );
  });

  it('escapes every string from the input files: labels, scenario facts, warnings, frame names', () => {
    const stacks = { [`iperf3;${EVIL}_[k]`]: 1e6, [`${EVIL};x`]: 1e6 };
    const base = withProfile(run(1, 9e9), TCP, { ...profileOf(stacks, 1), recorder: EVIL });
    const head = withProfile(
      { ...run(2, 9e9), environment: { ...run(2, 9e9).environment, kernel: EVIL } },
      TCP,
      profileOf(scaleFrames(stacks, { [`${EVIL}_[k]`]: 2 }), 1),
    );
    const report = compareResults(base, head, {}, { base: `${EVIL}.json`, head: 'pr"&.json' });
    const html = renderHtmlReport(report, comparisonProfiles(base, head), { title: EVIL });
    expect(html).not.toContain('<script');
    expect(html).not.toContain('alert(1)</');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('pr&quot;&amp;.json');
    // The frame named like a script tag is drawn, as text.
    expect(html).toMatch(/<title>&lt;script&gt;alert\(1\)&lt;\/script&gt; \(kernel\)\n/);
  });
});
