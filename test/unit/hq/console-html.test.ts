import { describe, expect, it } from 'vitest';
import { html } from '../../../src/hq/console/html';
import { adminTokenCheck, bearerToken } from '../../../src/hq/http/admin-token';

describe('html template', () => {
  it('escapes every interpolated string, in text and in attributes', () => {
    const hostile = `"><script>alert('x')</script>&`;
    expect(html`<td title="${hostile}">${hostile}</td>`.text).toBe(
      '<td title="&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;">&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;</td>',
    );
  });

  it('keeps Html built by the tag, joins arrays, and drops null, undefined and false', () => {
    const items = ['<a>', 'b'].map((s) => html`<li>${s}</li>`);
    expect(html`<ul>${items}</ul>${null}${undefined}${false}${0}`.text).toBe('<ul><li>&lt;a&gt;</li><li>b</li></ul>0');
  });
});

describe('admin token', () => {
  const matches = adminTokenCheck('s3cret-token');

  it('accepts only the token itself', () => {
    expect(matches('s3cret-token')).toBe(true);
    for (const wrong of [undefined, '', 's3cret-toke', 's3cret-token ', 'S3CRET-TOKEN']) expect(matches(wrong)).toBe(false);
  });

  it('reads a bearer header', () => {
    expect(bearerToken('Bearer abc')).toBe('abc');
    expect(bearerToken('Basic abc')).toBeUndefined();
    expect(bearerToken(undefined)).toBeUndefined();
  });
});
