// The client imports only this type from the server (architecture.md: rules of the house).
export type { AppRouter } from './routers/_app.js';
