export { AS_USER_REFUSED, installForgeHost, scopeMismatch, type ForgeHost, type ForgeHostOptions } from './install';
export { grantedScopesOf, JIRA_OPERATION_SCOPES, SERVICE_DESK_OPERATION_SCOPES, operationOf, scopesCover, type OperationScopes } from './scopes';
export type { ProductCall, ProductHandler, ProductReply } from './product';
export type { ForgeHostCounters, ProductCounters } from './counters';
export { DEFAULT_APP, type AppIdentity } from './runtime';
export type { WebTriggerUrlService } from './webTriggerUrls';
