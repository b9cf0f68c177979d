import { refuse } from './errors';

/**
 * The vendor a plan's texts name, as customers know it. Seed 000 names its own vendor (Owkin); ClinSpark's is the one
 * domain.md's roles name (IQVIA PM, IQVIA Engineer), so a project that never set one speaks as IQVIA.
 */
export const DEFAULT_VENDOR_NAME = 'IQVIA';
/** The vendor seed 000 names: plans opened before the vendor was a setting were shown this name, and keep it. */
export const SEED_VENDOR_NAME = 'Owkin';
export const VENDOR_NAME_MAX_LENGTH = 80;

/** A vendor name trimmed, 1–80 characters; refused naming `field` otherwise. */
export function requireVendorName(value: unknown, field = 'vendorName'): string {
  const name = typeof value === 'string' ? value.trim() : '';
  if (!name) refuse('vendorName', `${field}: the vendor's name is missing (1–${VENDOR_NAME_MAX_LENGTH} characters, as customers know it)`, { field });
  if (name.length > VENDOR_NAME_MAX_LENGTH) refuse('vendorName', `${field}: the vendor's name is longer than ${VENDOR_NAME_MAX_LENGTH} characters`, { field });
  return name;
}
