import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
// React's own string renderer, not Eddy's server/: the layering rule's `**/server` catches its name.
// eslint-disable-next-line no-restricted-imports
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { DemoBanner } from './demo-banner';

function render(viewer: boolean): string {
  return renderToStaticMarkup(
    <QueryClientProvider client={new QueryClient()}>
      <DemoBanner viewer={viewer} />
    </QueryClientProvider>,
  );
}

/** Each button of the banner: its label, whether it is disabled, and its title. */
function buttons(html: string): { label: string; disabled: boolean; title?: string }[] {
  return [...html.matchAll(/<button([^>]*)>([^<]*)<\/button>/g)].map(([, attrs, label]) => ({
    label,
    disabled: / disabled=""/.test(attrs),
    title: attrs.match(/ title="([^"]*)"/)?.[1],
  }));
}

describe('the demo banner', () => {
  it('shows a viewer the switches and Reset disabled, saying only operators may flip them', () => {
    const shown = buttons(render(true));
    expect(shown.map((b) => b.label)).toContain('Reset');
    for (const b of shown) {
      expect(b.disabled).toBe(true);
      expect(b.title).toMatch(/Only operators may flip the demo.s switches/);
    }
  });

  it('leaves Reset usable for anyone else', () => {
    const reset = buttons(render(false)).find((b) => b.label === 'Reset');
    expect(reset).toMatchObject({ disabled: false, title: undefined });
  });
});
