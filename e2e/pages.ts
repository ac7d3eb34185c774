/** Every page of the demo (the trace page needs a message id: pages.spec.ts finds one). */
export const PAGES = [
  '/',
  '/streams',
  '/streams/orders',
  '/streams/inventory',
  '/queues',
  '/queues/fulfillment-dlq',
  '/queues/fulfillment',
  '/functions/fulfillment-worker',
  '/topics',
  '/redrives',
  '/alerts',
  '/audit',
  '/access',
  '/traces',
];
