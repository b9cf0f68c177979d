export { AS_USER_REFUSED, installForgeHost, type ForgeHost, type ForgeHostOptions } from './install';
export type { ProductCall, ProductHandler, ProductReply } from './product';
export type { ForgeHostCounters, ProductCounters } from './counters';
export { DEFAULT_APP, type AppIdentity } from './runtime';
