/**
 * A React 19 host as a vendor writes it: the library from npm, one import that
 * defines every element, and its JSX types pulled in once.
 */
import 'ehr-engage';
import type {} from 'ehr-engage/react';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
