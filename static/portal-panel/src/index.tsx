import { mount } from '../../shared/mount';
import { prefetch } from '../../shared/prefetch';
import { PortalPanel } from './PortalPanel';

// The first resolver call starts now, not after React's first render.
prefetch('getPlanView');
mount(<PortalPanel />);
