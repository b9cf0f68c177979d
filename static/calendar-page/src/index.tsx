import { mount } from '../../shared/mount';
import { prefetch } from '../../shared/prefetch';
import { CalendarPage } from './CalendarPage';

// The first resolver call starts now, not after React's first render.
prefetch('getSlotCalendar');
mount(<CalendarPage />);
