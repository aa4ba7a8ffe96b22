import { describe, expect, it } from 'vitest';
import { findJsonSyntaxError } from '../../../src/core/results/json-syntax.js';

describe('findJsonSyntaxError', () => {
  it('accepts everything JSON.parse accepts', () => {
    for (const text of [
      '{}',
      '[]',
      ' 1 ',
      '-0.5e+3',
      '"a\\u00e9\\n"',
      '{"a":[1,{"b":null}],"c":true,"d":false}',
    ]) {
      expect(() => JSON.parse(text)).not.toThrow();
      expect(findJsonSyntaxError(text)).toBeUndefined();
    }
  });

  it('points at the first invalid character', () => {
    expect(findJsonSyntaxError('{\n  "a": 1,\n  "b": }')).toEqual({ line: 3, column: 8 });
    expect(findJsonSyntaxError('{"a": 1,}')).toEqual({ line: 1, column: 9 });
    expect(findJsonSyntaxError('[1 2]')).toEqual({ line: 1, column: 4 });
    expect(findJsonSyntaxError('{"a": 01}')).toEqual({ line: 1, column: 8 });
    expect(findJsonSyntaxError('{"a": "x\ny"}')).toEqual({ line: 1, column: 9 });
    expect(findJsonSyntaxError('{} {}')).toEqual({ line: 1, column: 4 });
    expect(findJsonSyntaxError('{"a": tru}')).toEqual({ line: 1, column: 7 });
    expect(findJsonSyntaxError('{"a": 1')).toEqual({ line: 1, column: 8 });
  });
});
