import { FlagsProvider } from '../../shared/flags';
import { mount } from '../../shared/mount';
import { IssuePanel } from './IssuePanel';

mount(
  <FlagsProvider>
    <IssuePanel />
  </FlagsProvider>,
);
