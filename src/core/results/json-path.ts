/** One step of a JSON path: an object key or an array index. */
export type JsonPathSegment = string | number;

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** Formats segments as a JSONPath-like string: `$.scenarios[2].samples[0].metrics.http_rps`. */
export function formatJsonPath(segments: readonly JsonPathSegment[]): string {
  let path = '$';
  for (const segment of segments) {
    if (typeof segment === 'number') path += `[${segment}]`;
    else if (IDENTIFIER.test(segment)) path += `.${segment}`;
    else path += `[${JSON.stringify(segment)}]`;
  }
  return path;
}

/**
 * Splits a JSON Pointer (RFC 6901, as in ajv's `instancePath`) into segments, turning steps
 * into array indexes where the walked `data` is an array there. Returns the segments and the value found.
 */
export function resolveJsonPointer(
  data: unknown,
  pointer: string,
): { segments: JsonPathSegment[]; value: unknown } {
  const segments: JsonPathSegment[] = [];
  let value: unknown = data;
  if (pointer === '') return { segments, value };
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(value) && /^\d+$/.test(key)) {
      const index = Number(key);
      segments.push(index);
      value = value[index];
    } else {
      segments.push(key);
      value =
        value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
    }
  }
  return { segments, value };
}
