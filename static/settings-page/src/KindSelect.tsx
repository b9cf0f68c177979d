import Select from '@atlaskit/select';
import type { PlanTicketKind, SettingsGuide } from '../../shared/types';

/** Loaded after the page's first paint: @atlaskit/select alone is about 30 KB gzipped. The kinds are the guide's. */
export default function KindSelect({ id, value, guide, onChange }: { id: string; value: PlanTicketKind; guide: SettingsGuide; onChange: (kind: PlanTicketKind) => void }) {
  const options = guide.ticketKinds.map((k) => ({ value: k.ticketKind, label: k.label }));
  return (
    <Select
      inputId={id}
      options={options}
      value={options.find((o) => o.value === value) ?? null}
      onChange={(option) => option && onChange(option.value)}
      isSearchable={false}
      menuPosition="fixed"
    />
  );
}
