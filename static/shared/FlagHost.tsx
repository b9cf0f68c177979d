import Flag, { AutoDismissFlag, FlagGroup } from '@atlaskit/flag';
import type { ShownFlag } from './flags';

/** The flags of a panel, as Atlassian products show them (bottom left, newest first). */
export default function FlagHost({ flags, onDismiss }: { flags: readonly ShownFlag[]; onDismiss: (id: number | string) => void }) {
  return (
    <FlagGroup onDismissed={(id) => onDismiss(id)} label="Messages">
      {flags.map((f) => {
        const Component = f.isAutoDismiss ? AutoDismissFlag : Flag;
        return <Component key={f.id} id={f.id} appearance={f.appearance === 'info' ? 'info' : f.appearance} title={f.title} description={f.description} actions={f.actions} />;
      })}
    </FlagGroup>
  );
}
