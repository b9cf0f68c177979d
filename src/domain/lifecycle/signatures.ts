import type { SignatureMeaning } from '../signatures';
import { UAT_STEP } from './phases';
import { DAC_STEP, UAT_FAIL, UAT_PASS } from './steps';

/** The implementation's decisive acts: the UAT decision and the Deployment Acceptance Certificate, each signed by the customer. */
export const LIFECYCLE_SIGNATURES: readonly SignatureMeaning[] = [
  { step: UAT_STEP, action: 'decide', outcome: UAT_PASS, meaning: 'UAT passed: the system conforms to its specification' },
  { step: UAT_STEP, action: 'decide', outcome: UAT_FAIL, meaning: 'UAT failed: the system does not conform; deployment returns to Phase 3' },
  { step: DAC_STEP, action: 'complete', meaning: 'Deployment Acceptance Certificate: the specification criteria have been met' },
];
