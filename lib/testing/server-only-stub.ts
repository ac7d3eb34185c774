// Stand-in for the 'server-only' package under Vitest, where no Next.js server bundle exists.
export {};
