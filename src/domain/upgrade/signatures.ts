import type { SignatureMeaning } from '../signatures';
import { NO_GO, NO_GO_STAGE } from './noGo';
import { GO } from './stages';

/** Stage 12: the customer confirms their validation exercise is complete. */
export const VALIDATION_COMPLETE_STAGE = 12;
/** Stage 28: the customer confirms all is per expectations and the ticket can be closed. */
export const PLAN_CLOSED_STAGE = 28;

/** The upgrade's decisive acts (the seed's words decide them): each happens only with its taker's signature, meaning this. */
export const UPGRADE_SIGNATURES: readonly SignatureMeaning[] = [
  { step: VALIDATION_COMPLETE_STAGE, action: 'complete', meaning: 'Validation complete: the customer validated the release and its configuration items' },
  { step: NO_GO_STAGE, action: 'decide', outcome: GO, meaning: 'Go: PROD TEST may be upgraded' },
  { step: NO_GO_STAGE, action: 'decide', outcome: NO_GO, meaning: 'No-Go: PROD MAIN is to be restored from its backup' },
  { step: PLAN_CLOSED_STAGE, action: 'complete', meaning: 'Plan closed: the upgrade is confirmed as expected and the ticket may be closed' },
];
