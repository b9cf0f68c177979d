import Button from '@atlaskit/button/default/button';
import { downloadText } from './download';
import { icsFileName, icsText, slotEvent, type SlotEventPlan } from './ics';

/** Downloads the confirmed slot as an .ics file for the reader's calendar; nothing while no slot is confirmed. */
export function CalendarButton({ plan, label = 'Add the slot to your calendar (.ics)' }: { plan: SlotEventPlan; label?: string }) {
  if (!plan.slot) return null;
  const slot = plan.slot;
  return (
    <Button
      spacing="compact"
      onClick={() => {
        const event = slotEvent(plan, new Date());
        if (event) downloadText(icsFileName(plan.ticketKey, slot), icsText(event), 'text/calendar;charset=utf-8', { bom: false });
      }}
    >
      {label}
    </Button>
  );
}
