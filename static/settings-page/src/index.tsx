import { FlagsProvider } from '../../shared/flags';
import { mount } from '../../shared/mount';
import { SettingsPage } from './SettingsPage';

mount(
  <FlagsProvider>
    <SettingsPage />
  </FlagsProvider>,
);
