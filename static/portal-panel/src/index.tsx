import { FlagsProvider } from '../../shared/flags';
import { mount } from '../../shared/mount';
import { PortalPanel } from './PortalPanel';

mount(
  <FlagsProvider>
    <PortalPanel />
  </FlagsProvider>,
);
