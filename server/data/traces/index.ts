import 'server-only';
// Failure traces and item search, by job: sources (stream and queue reads), key-specs (tables'
// keys and correlation keys), queues (which queues a trace reads), items (stream histories),
// logs (the consumer's error lines), similar (the same failure elsewhere), trace, search.
export { getTrace } from './trace';
export { searchItems } from './search';
