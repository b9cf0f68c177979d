import { mount } from '../../shared/mount';
import { prefetch } from '../../shared/prefetch';
import { SettingsPage } from './SettingsPage';

// The first resolver call starts now, not after React's first render.
prefetch('getSettings');
mount(<SettingsPage />);
