// React's own string renderer, not Eddy's server/: the layering rule's `**/server` catches its name.
// eslint-disable-next-line no-restricted-imports
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { UnknownEnvironment } from './unknown-environment';

const environments = [
  { name: 'prod', region: 'eu-west-1' },
  { name: 'staging', region: undefined },
];

/** Each link of the list: its text and where it goes. */
function links(html: string): { text: string; href: string }[] {
  return [...html.matchAll(/<a href="([^"]*)"[^>]*>([^<]*)<\/a>/g)].map(([, href, text]) => ({ href, text }));
}

describe('UnknownEnvironment', () => {
  it('names the environment asked for and links to every known one, the default first', () => {
    const html = renderToStaticMarkup(<UnknownEnvironment name="gamma" environments={environments} />);
    expect(html).toContain('<h1 class="mt-2 text-2xl font-semibold">No environment “gamma”</h1>');
    expect(html).toContain('It watches these 2:');
    expect(links(html)).toEqual([
      { text: 'prod · eu-west-1', href: '/e/prod' },
      { text: 'staging', href: '/e/staging' },
    ]);
  });

  it('renders a name from the URL as text, never as markup', () => {
    const html = renderToStaticMarkup(<UnknownEnvironment name={'<img src=x onerror=alert(1)>'} environments={environments.slice(0, 1)} />);
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('It watches one:');
  });

  it('says no such environment without a name when the request did not come through the proxy', () => {
    const html = renderToStaticMarkup(<UnknownEnvironment name={undefined} environments={environments} />);
    expect(html).toContain('No such environment');
    expect(links(html)).toHaveLength(2);
  });
});
