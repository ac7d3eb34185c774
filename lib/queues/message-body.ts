/** How a message body is shown: pretty JSON, or the text as it is. Never HTML. */
export type DecodedBody = { kind: 'json'; text: string } | { kind: 'text'; text: string };

/** A body that parses as a JSON object or array is pretty-printed; anything else stays text. */
export function decodeBody(body: string): DecodedBody {
  const trimmed = body.trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      return { kind: 'json', text: JSON.stringify(JSON.parse(body), null, 2) };
    } catch {
      // Malformed JSON is shown as the text it is.
    }
  }
  return { kind: 'text', text: body };
}

/** The first characters of a body on one line, for a list. */
export function previewBody(body: string, max = 120): string {
  const line = body.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
