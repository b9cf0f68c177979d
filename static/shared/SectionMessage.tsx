import { lazy, Suspense } from 'react';
import type { SectionMessageActionProps, SectionMessageProps } from '@atlaskit/section-message';

/**
 * @atlaskit/section-message, loaded when a message is first shown: it brings an icon button with its tooltip and
 * popper, and the legacy button, about a sixth of a panel's first load for messages a plan seldom shows on open.
 * Same props as the package's; the `messages` lazy bundle (scripts/build-panels.ts) holds it.
 */
const load = () => import(/* panel-bundle: messages */ '@atlaskit/section-message');
const Message = lazy(load);
const Action = lazy(() => load().then((m) => ({ default: m.SectionMessageAction })));

export default function SectionMessage(props: SectionMessageProps) {
  return (
    <Suspense fallback={null}>
      <Message {...props} />
    </Suspense>
  );
}

export function SectionMessageAction(props: SectionMessageActionProps) {
  return (
    <Suspense fallback={null}>
      <Action {...props} />
    </Suspense>
  );
}
