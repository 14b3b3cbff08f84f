import { describe, expect, it } from 'vitest';
import { acceptsMediaType, negotiate, toXml } from './negotiation.ts';

describe('content negotiation', () => {
  it.each([
    [undefined, 'json'],
    ['application/json', 'json'],
    ['application/xml', 'xml'],
    ['text/xml', 'xml'],
    ['*/*', 'json'],
    ['application/*', 'json'],
    ['application/xml, application/json;q=0.5', 'xml'],
    ['application/json;q=0.4, application/xml;q=0.9', 'xml'],
    ['text/html,application/xhtml+xml,*/*;q=0.8', 'json'],
    ['text/html', null],
    ['application/json;q=0', null],
    ['image/png, application/xml;q=0', null],
  ])('when Accept is %s, then %s', (accept, expected) => {
    expect(negotiate(accept)).toBe(expected);
  });

  it('when a body is turned into XML, then arrays become items and the envelope is the root', () => {
    const xml = toXml(
      { data: [{ id: 'a', pros: ['x', 'y'], publishedAt: null }], meta: { total: 1 } },
      false,
    );
    expect(xml).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><response><data><item><id>a</id><pros><item>x</item><item>y</item></pros><publishedAt/></item></data><meta><total>1</total></meta></response>',
    );
  });

  it('when a problem is turned into XML, then it uses the problem root and namespace; text is escaped', () => {
    const xml = toXml({ status: 400, detail: '<b>&' }, true);
    expect(xml).toContain('<problem xmlns="urn:ietf:rfc:7807"><status>400</status>');
    expect(xml).not.toContain('<b>&');
  });

  it('when a text holds characters XML 1.0 cannot carry, then they become U+FFFD and the document stays well-formed', () => {
    const xml = toXml(
      { data: { title: 'Ctrl \u0001\u000b\u001f\ufffe end', tab: 'a\tb\nc', emoji: '\u{1F4F7}' } },
      false,
    );

    expect(xml).toContain('<title>Ctrl \ufffd\ufffd\ufffd\ufffd end</title>');
    expect(xml).toContain('<tab>a\tb\nc</tab>');
    expect(xml).toContain('<emoji>\u{1F4F7}</emoji>');
  });

  it('when a stream asks whether its own type is acceptable, then q-values and wildcards decide, and no header allows it', () => {
    expect(acceptsMediaType(undefined, 'text/event-stream')).toBe(true);
    expect(acceptsMediaType('text/event-stream', 'text/event-stream')).toBe(true);
    expect(acceptsMediaType('text/*', 'text/event-stream')).toBe(true);
    expect(acceptsMediaType('application/json, */*;q=0.1', 'text/event-stream')).toBe(true);
    expect(acceptsMediaType('application/json', 'text/event-stream')).toBe(false);
    expect(acceptsMediaType('text/event-stream;q=0, */*', 'text/event-stream')).toBe(false);
  });
});
