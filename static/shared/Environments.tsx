import type { ReactNode } from 'react';
import Button from '@atlaskit/button/default/button';
import Lozenge from '@atlaskit/lozenge';
import { groupEnvironments, instanceState, latestBackup, latestIq, slotOf, type Audience, type EnvironmentGroup, type IqTarget } from './environmentModel';
import { formatDay, formatInstant } from './plan';
import { dayOfInstant } from './time';
import type { Names } from './people';
import { Person } from './Person';
import { IqSignature } from './Signatures';
import type { InstanceView } from './types';

interface Props {
  environments: readonly InstanceView[];
  audience: Audience;
  viewer: string;
  names?: Names;
  /** When given (IQVIA engineers and PMs), each VAL and PROD environment offers "Record IQ documentation". */
  onRecordIq?: (targets: readonly IqTarget[], kind: string) => void;
  /** More buttons in each environment's header (IQVIA engineers and admins: edit, terminate). */
  actions?: (group: EnvironmentGroup) => ReactNode;
}

/**
 * The organization's live environments: each with its MAIN and TEST instance, the version it runs and its state. Agents
 * also see the IQ documentation (who, when, reference) and the backups; the customer sees their versions and states,
 * and whether the IQ documentation covers the version they run, without anything internal.
 */
export function Environments({ environments, audience, viewer, names, onRecordIq, actions }: Props) {
  const groups = groupEnvironments(environments);
  if (groups.length === 0)
    return <p className="cs-muted">{audience === 'agent' ? 'The registry holds no live environment of this organization yet.' : 'No environment is recorded for your organization yet.'}</p>;
  return (
    <div className="cs-env-list">
      {groups.map((group) => (
        <EnvironmentCard key={group.kind} group={group} audience={audience} viewer={viewer} names={names} onRecordIq={onRecordIq} actions={actions} />
      ))}
    </div>
  );
}

/** The same column widths in every environment's table, so they line up from one card to the next. */
function columnWidths(agent: boolean, iq: boolean): number[] {
  // Instance, version, state, then IQ documentation and (agents) the latest backup.
  if (agent) return iq ? [10, 9, 17, 37, 27] : [10, 9, 17, 64];
  return iq ? [16, 14, 26, 44] : [16, 14, 70];
}

function EnvironmentCard({ group, audience, viewer, names, onRecordIq, actions }: { group: EnvironmentGroup; audience: Audience; viewer: string; names?: Names; onRecordIq?: Props['onRecordIq']; actions?: Props['actions'] }) {
  const agent = audience === 'agent';
  const headingId = `env-${group.kind.replace(/\W+/g, '-')}`;
  return (
    <section className="cs-env" aria-labelledby={headingId}>
      <div className="cs-row" style={{ justifyContent: 'space-between' }}>
        <h4 id={headingId} className="cs-env-title">
          {group.kind}
        </h4>
        <div className="cs-row">
          {agent && onRecordIq && group.iqTargets.length > 0 && (
            <Button spacing="compact" onClick={() => onRecordIq(group.iqTargets, group.kind)}>
              Record IQ documentation
            </Button>
          )}
          {agent && actions?.(group)}
        </div>
      </div>
      <table className="cs-env-table">
        <caption className="cs-visually-hidden">{`${group.kind} instances`}</caption>
        <colgroup>
          {columnWidths(agent, group.receivesIqDocumentation).map((w, i) => (
            <col key={i} style={{ width: `${w}%` }} />
          ))}
        </colgroup>
        <thead>
          <tr>
            <th scope="col">Instance</th>
            <th scope="col">Version</th>
            <th scope="col">State</th>
            {group.receivesIqDocumentation && <th scope="col">IQ documentation</th>}
            {agent && <th scope="col">Latest backup</th>}
          </tr>
        </thead>
        <tbody>
          {group.instances.map((instance) => {
            const state = instanceState(instance, audience);
            const iq = latestIq(instance);
            const backup = latestBackup(instance);
            return (
              <tr key={instance.name}>
                <th scope="row" data-label="Instance">
                  {group.instances.length > 1 || slotOf(instance) === 'TEST' ? slotOf(instance) : instance.name}
                  <span className="cs-visually-hidden"> ({instance.name})</span>
                </th>
                <td data-label="Version">
                  <strong>{instance.version}</strong>
                </td>
                <td data-label="State">
                  <Lozenge appearance={state.appearance}>{state.text}</Lozenge>
                  {state.detail && <span className="cs-muted"> {state.detail}</span>}
                </td>
                {group.receivesIqDocumentation && (
                  <td data-label="IQ documentation">
                    {iq ? (
                      <div>
                        {agent ? (
                          <div>
                            {iq.record.documentedOn ? `Documented ${formatDay(iq.record.documentedOn)}` : `Recorded ${formatInstant(iq.record.at)}`}
                            <span className={iq.current ? 'cs-muted' : 'cs-warning'}> · version {iq.record.version}{iq.current ? '' : ` (it now runs ${instance.version})`}</span>
                          </div>
                        ) : (
                          <div>
                            Version {iq.record.version}, documented {formatDay(iq.record.documentedOn ?? dayOfInstant(iq.record.at))}
                            {!iq.current && <span className="cs-muted"> · {instance.version} not documented yet</span>}
                          </div>
                        )}
                        {agent && (
                          <div className="cs-subtlest">
                            <Person accountId={iq.record.by} viewer={viewer} names={names} size="xsmall" subtle />
                            {iq.record.reference && (
                              <>
                                {' · '}
                                <span className="cs-mono">{iq.record.reference}</span>
                              </>
                            )}
                            {instance.iqDocumentation.length > 1 && <> · {instance.iqDocumentation.length} records</>}
                          </div>
                        )}
                        {agent && iq.record.signature && <IqSignature instance={instance.name} signature={iq.record.signature} />}
                        {agent && !iq.record.signature && iq.record.documentedOn && <div className="cs-subtlest">Transcribed from the document of {formatDay(iq.record.documentedOn)}, signed outside the app</div>}
                      </div>
                    ) : (
                      <span className={agent ? 'cs-warning' : 'cs-muted'}>{agent ? 'None recorded: needed before the instance is active' : 'Not yet'}</span>
                    )}
                  </td>
                )}
                {agent && (
                  <td data-label="Latest backup">
                    {backup ? (
                      <div>
                        <div>
                          Version {backup.version}, {formatInstant(backup.at)}
                        </div>
                        <div className="cs-subtlest">
                          <Person accountId={backup.by} viewer={viewer} names={names} size="xsmall" subtle />
                          {backup.reference && (
                            <>
                              {' · '}
                              <span className="cs-mono">{backup.reference}</span>
                            </>
                          )}
                        </div>
                      </div>
                    ) : (
                      <span className="cs-subtlest">None</span>
                    )}
                  </td>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
