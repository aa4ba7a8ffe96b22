import { describe, expect, it } from 'vitest';
import { UserError } from '../../../src/core/errors.js';
import {
  parseConflist,
  pluginStdin,
  requiredPluginTypes,
  shouldRunCheck,
} from '../../../src/core/cni/conflist.js';

const SRC = 'cni/10-net.conflist';
const good = {
  cniVersion: '1.0.0',
  name: 'net',
  plugins: [{ type: 'bridge', ipam: { type: 'host-local', subnet: '10.0.0.0/24' } }, { type: 'portmap' }],
};

function errorOf(text: string): string {
  try {
    parseConflist(text, SRC);
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    return (error as Error).message;
  }
  throw new Error('expected a UserError');
}

describe('parseConflist', () => {
  it('accepts a valid conflist and lists plugin + IPAM types once each', () => {
    const conflist = parseConflist(JSON.stringify(good), SRC);
    expect(conflist.name).toBe('net');
    expect(requiredPluginTypes(conflist)).toEqual(['bridge', 'host-local', 'portmap']);
  });

  it('wraps a single-plugin .conf into a one-plugin list', () => {
    const conflist = parseConflist(JSON.stringify({ cniVersion: '0.4.0', name: 'one', type: 'ptp' }), SRC);
    expect(conflist.plugins).toEqual([{ type: 'ptp' }]);
  });

  it.each([
    ['{not json', /cni\/10-net\.conflist: not valid JSON/],
    ['[]', /must be a JSON object/],
    [JSON.stringify({ ...good, cniVersion: undefined }), /: cniVersion is missing/],
    [JSON.stringify({ ...good, cniVersion: '9.9.9' }), /: cniVersion "9\.9\.9" is not a CNI spec version/],
    [JSON.stringify({ ...good, name: '' }), /: name is missing/],
    [JSON.stringify({ ...good, name: 'a b' }), /: name "a b" may only hold/],
    [JSON.stringify({ ...good, plugins: undefined }), /: plugins is missing/],
    [JSON.stringify({ ...good, plugins: [] }), /: plugins is empty/],
    [JSON.stringify({ ...good, plugins: [{ type: 'bridge' }, 'x'] }), /: plugins\[1\] must be an object/],
    [JSON.stringify({ ...good, plugins: [{ bridge: 'cni0' }] }), /: plugins\[0\]\.type is missing/],
    [
      JSON.stringify({ ...good, plugins: [{ type: '../evil' }] }),
      /: plugins\[0\]\.type "\.\.\/evil" is not a plugin binary name/,
    ],
    [
      JSON.stringify({ ...good, plugins: [{ type: 'bridge', ipam: {} }] }),
      /: plugins\[0\]\.ipam\.type is missing/,
    ],
    [JSON.stringify({ ...good, disableCheck: 'yes' }), /: disableCheck must be true or false/],
  ])('rejects %s naming the file and field', (text, message) => {
    const msg = errorOf(text);
    expect(msg).toMatch(message);
    expect(msg.startsWith(SRC)).toBe(true);
    expect(msg).not.toContain('\n');
  });
});

describe('plugin stdin and CHECK', () => {
  const conflist = parseConflist(JSON.stringify(good), SRC);
  it('adds name, cniVersion and prevResult (only when given)', () => {
    expect(pluginStdin(conflist, 0, undefined)).toEqual({
      ...good.plugins[0],
      name: 'net',
      cniVersion: '1.0.0',
    });
    const prev = { cniVersion: '1.0.0', ips: [] };
    expect(pluginStdin(conflist, 1, prev)).toEqual({
      type: 'portmap',
      name: 'net',
      cniVersion: '1.0.0',
      prevResult: prev,
    });
  });
  it('runs CHECK from 0.4.0 on unless disabled', () => {
    expect(shouldRunCheck(conflist)).toBe(true);
    expect(shouldRunCheck({ ...conflist, cniVersion: '0.3.1' })).toBe(false);
    expect(shouldRunCheck({ ...conflist, disableCheck: true })).toBe(false);
  });
});
