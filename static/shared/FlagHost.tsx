import Flag, { AutoDismissFlag, FlagGroup } from '@atlaskit/flag';
import StatusErrorIcon from '@atlaskit/icon/core/status-error';
import StatusInformationIcon from '@atlaskit/icon/core/status-information';
import StatusSuccessIcon from '@atlaskit/icon/core/status-success';
import StatusWarningIcon from '@atlaskit/icon/core/status-warning';
import { token } from '@atlaskit/tokens';
import type { ShownFlag } from './flags';

const ICONS = {
  error: <StatusErrorIcon label="Error" color={token('color.icon.danger')} />,
  warning: <StatusWarningIcon label="Warning" color={token('color.icon.warning')} />,
  success: <StatusSuccessIcon label="Success" color={token('color.icon.success')} />,
  info: <StatusInformationIcon label="Information" color={token('color.icon.information')} />,
};

/**
 * The flags of a panel, as Atlassian products show them (bottom left, newest first). They use the
 * "normal" flag with a coloured icon: a bold error flag hides its description behind an expander,
 * and the server's reason and what to do next must be readable at once.
 */
export default function FlagHost({ flags, onDismiss }: { flags: readonly ShownFlag[]; onDismiss: (id: number | string) => void }) {
  return (
    <FlagGroup onDismissed={(id) => onDismiss(id)} label="Messages">
      {flags.map((f) => {
        const Component = f.isAutoDismiss ? AutoDismissFlag : Flag;
        return <Component key={f.id} id={f.id} appearance="normal" icon={ICONS[f.appearance]} title={f.title} description={f.description} actions={f.actions} />;
      })}
    </FlagGroup>
  );
}
