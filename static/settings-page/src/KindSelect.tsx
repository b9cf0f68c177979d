import Select from '@atlaskit/select';
import type { PlanTicketKind } from '../../shared/types';
import { KIND_LABELS, TICKET_KINDS } from './model';

const KIND_OPTIONS = TICKET_KINDS.map((k) => ({ value: k, label: KIND_LABELS[k] }));

/** Loaded after the page's first paint: @atlaskit/select alone is about 30 KB gzipped. */
export default function KindSelect({ id, value, onChange }: { id: string; value: PlanTicketKind; onChange: (kind: PlanTicketKind) => void }) {
  return (
    <Select
      inputId={id}
      options={KIND_OPTIONS}
      value={KIND_OPTIONS.find((o) => o.value === value) ?? null}
      onChange={(option) => option && onChange(option.value)}
      isSearchable={false}
      menuPosition="fixed"
    />
  );
}
