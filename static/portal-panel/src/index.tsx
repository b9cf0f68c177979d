import { createRoot } from 'react-dom/client';
import '@atlaskit/css-reset';

createRoot(document.getElementById('root')!).render(<p>Loading…</p>);
