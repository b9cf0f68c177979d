import { createContext, lazy, Suspense, useCallback, useContext, useMemo, useRef, useState, type ReactNode } from 'react';

export interface FlagRequest {
  title: string;
  description?: string;
  appearance: 'success' | 'error' | 'warning' | 'info';
  /** Success flags go away by themselves; errors stay until dismissed. */
  isAutoDismiss?: boolean;
  actions?: { content: string; onClick: () => void }[];
}
export interface ShownFlag extends FlagRequest {
  id: number;
}

interface FlagApi {
  showFlag: (flag: FlagRequest) => void;
}

const FlagContext = createContext<FlagApi>({ showFlag: () => undefined });
// @atlaskit/flag is loaded with the first flag, not with the panel.
const FlagHost = lazy(() => import('./FlagHost'));

export function FlagsProvider({ children }: { children: ReactNode }) {
  const [flags, setFlags] = useState<readonly ShownFlag[]>([]);
  const nextId = useRef(1);
  const showFlag = useCallback((flag: FlagRequest) => setFlags((now) => [{ ...flag, id: nextId.current++ }, ...now]), []);
  const dismiss = useCallback((id: number | string) => setFlags((now) => now.filter((f) => f.id !== id)), []);
  const api = useMemo(() => ({ showFlag }), [showFlag]);
  return (
    <FlagContext.Provider value={api}>
      {children}
      {nextId.current > 1 && (
        <Suspense fallback={null}>
          <FlagHost flags={flags} onDismiss={dismiss} />
        </Suspense>
      )}
    </FlagContext.Provider>
  );
}

export const useFlags = (): FlagApi => useContext(FlagContext);
