import { useState } from 'react';
import Avatar, { AvatarContent } from '@atlaskit/avatar';
import { avatarColour, initialsOf, personText, type Names } from './people';

/**
 * A person as the panels show them: their avatar from Jira (initials when Jira gave none, or it does not load) and
 * their name ("You" for the viewer). Without a name from Jira the account id is shown instead, in code type. The avatar
 * is decorative: the name next to it is what a screen reader reads.
 */
export function Person({ accountId, viewer, names, size = 'small', subtle = false }: { accountId: string | null; viewer: string; names?: Names; size?: 'xsmall' | 'small'; subtle?: boolean }) {
  const [avatarFailed, setAvatarFailed] = useState(false);
  const { text, known } = personText(accountId, viewer, names);
  if (!accountId) return <span className={subtle ? 'cs-subtlest' : 'cs-muted'}>{text}</span>;
  const initialsSource = known && text !== 'You' ? text : (names?.get(accountId) ?? accountId);
  const avatar = avatarFailed ? undefined : names?.avatarOf?.(accountId);
  return (
    <span className={`cs-person${size === 'xsmall' ? ' cs-person-xs' : ''}${subtle ? ' cs-subtlest' : ''}`}>
      <Avatar size={size === 'xsmall' ? 'xxsmall' : 'small'} borderColor="transparent">
        <AvatarContent>
          {avatar ? (
            <img className="cs-avatar-image" src={avatar} alt="" aria-hidden="true" onError={() => setAvatarFailed(true)} />
          ) : (
            <span className="cs-initials" aria-hidden="true" style={{ background: avatarColour(accountId) }}>
              {initialsOf(initialsSource)}
            </span>
          )}
        </AvatarContent>
      </Avatar>
      <span className={known ? undefined : 'cs-mono'} title={known && text !== accountId ? accountId : undefined}>
        {text}
      </span>
    </span>
  );
}
