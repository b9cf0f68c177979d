import { formatInstant } from './plan';
import { Person } from './Person';
import type { Names } from './people';
import type { PlanView } from './types';

type Message = NonNullable<PlanView['phases'][number]['message']>;

/**
 * A phase's message and who sent it. The customer's own message is theirs, sent from the portal (the app posts it
 * for them, attributed); a vendor's is posted by the app in the vendor's name when the step that closes the phase is done.
 */
export function PhaseMessage({ message, vendor, viewer, names, audience }: { message: Message; vendor: string; viewer: string; names: Names; audience: 'agent' | 'customer' }) {
  const words = <q className="cs-message-words">{message.message}</q>;
  const customers = message.byCustomerInPortal;
  if (!message.sentAt) {
    // The customer is asked in "What we need from you"; nothing to say of a message not sent yet.
    if (audience === 'customer') return null;
    return (
      <div className="cs-message cs-subtlest" data-message="pending">
        Message when this phase closes: {words} {customers ? '— sent by the customer from the customer portal.' : `— posted by the app in ${message.signedAs ?? vendor}'s name.`}
      </div>
    );
  }
  const when = formatInstant(message.sentAt);
  return (
    <div className="cs-message" data-message="sent">
      {customers ? (
        <>
          <Person accountId={message.sentBy} viewer={viewer} names={names} size="xsmall" /> sent {words} {audience === 'agent' ? '(Customer, from the customer portal; the app posted it for them)' : 'from the portal'} on {when}.
        </>
      ) : audience === 'agent' ? (
        <>
          Posted {words} in {message.signedAs ?? vendor}'s name on {when}, when <Person accountId={message.sentBy} viewer={viewer} names={names} size="xsmall" /> closed the phase.
        </>
      ) : (
        <>
          {message.signedAs ?? vendor} sent {words} on {when}.
        </>
      )}
    </div>
  );
}
