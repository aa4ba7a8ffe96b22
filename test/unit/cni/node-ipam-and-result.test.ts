import { describe, expect, it } from 'vitest';
import { parseConflist } from '../../../src/core/cni/conflist.js';
import { applyNodeIpam } from '../../../src/core/cni/node-ipam.js';
import { cniFailure, firstIpv4, parseCniResult } from '../../../src/core/cni/result.js';
import { ToolError, UserError } from '../../../src/core/errors.js';

const node = { podCidr: '198.18.1.0/24', dataDir: '/run/x/ipam/n1' };

describe('applyNodeIpam', () => {
  it('replaces host-local subnet/ranges/gateway by the node range and keeps routes', () => {
    const conflist = parseConflist(
      JSON.stringify({
        cniVersion: '1.0.0',
        name: 'n',
        plugins: [
          {
            type: 'bridge',
            ipam: {
              type: 'host-local',
              subnet: '10.244.0.0/16',
              gateway: '10.244.0.1',
              routes: [{ dst: '0.0.0.0/0' }],
            },
          },
          { type: 'portmap' },
        ],
      }),
      'f',
    );
    const out = applyNodeIpam(conflist, node, 'f');
    expect(out.plugins[0]!.ipam).toEqual({
      type: 'host-local',
      routes: [{ dst: '0.0.0.0/0' }],
      ranges: [[{ subnet: '198.18.1.0/24' }]],
      dataDir: node.dataDir,
    });
    expect(out.plugins[1]).toEqual({ type: 'portmap' });
  });

  it('substitutes the {{podCIDR}} placeholder and keeps the rest of the IPAM section', () => {
    const conflist = parseConflist(
      JSON.stringify({
        cniVersion: '1.0.0',
        name: 'n',
        plugins: [{ type: 'ptp', ipam: { type: 'host-local', ranges: [[{ subnet: '{{podCIDR}}' }]] } }],
      }),
      'f',
    );
    expect(applyNodeIpam(conflist, node, 'f').plugins[0]!.ipam).toEqual({
      type: 'host-local',
      ranges: [[{ subnet: '198.18.1.0/24' }]],
      dataDir: node.dataDir,
    });
  });

  it('rejects other IPAM types naming the field', () => {
    const conflist = parseConflist(
      JSON.stringify({
        cniVersion: '1.0.0',
        name: 'n',
        plugins: [{ type: 'bridge', ipam: { type: 'dhcp' } }],
      }),
      'my.conflist',
    );
    expect(() => applyNodeIpam(conflist, node, 'my.conflist')).toThrow(UserError);
    expect(() => applyNodeIpam(conflist, node, 'my.conflist')).toThrow(
      /my\.conflist: plugins\[0\]\.ipam\.type "dhcp"/,
    );
  });
});

describe('CNI results and errors', () => {
  it('reads the first IPv4 address of a result', () => {
    const r = parseCniResult(
      JSON.stringify({ cniVersion: '1.0.0', ips: [{ address: 'fd00::2/64' }, { address: '198.18.0.7/24' }] }),
      'bridge',
    );
    expect(firstIpv4(r)).toBe('198.18.0.7');
  });
  it('turns a non-result into a ToolError naming the plugin', () => {
    expect(() => parseCniResult('garbage', 'ptp')).toThrow(
      /CNI plugin ptp failed: printed no JSON result \(garbage\)/,
    );
  });
  it("uses the plugin's error JSON (code, msg, details)", () => {
    const error = cniFailure(
      'bridge',
      'ADD',
      1,
      JSON.stringify({ code: 7, msg: 'failed to set bridge addr', details: 'could not add IP' }),
      '',
    );
    expect(error).toBeInstanceOf(ToolError);
    expect(error.message).toBe(
      'CNI plugin bridge failed: ADD: failed to set bridge addr: could not add IP (CNI error code 7)',
    );
  });
  it('falls back to the first line of stderr', () => {
    expect(cniFailure('macvlan', 'DEL', 2, '', 'boom\nmore').message).toBe(
      'CNI plugin macvlan failed: DEL: boom',
    );
  });
});
