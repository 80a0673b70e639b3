import { useState } from 'react';
import { hostAdapter, session } from '../../shared/adapter';

// one adapter for the page's life: a new object would make every element reload
const adapter = hostAdapter();

/**
 * Provider, banner and thread. React 19 sets `adapter` (an object) as a property
 * because the element defines it, and `onengage-message-sent` becomes a listener for
 * that event; the handler's type comes from the package's JSX declarations.
 */
export function App() {
  const [sent, setSent] = useState('');
  return (
    <main>
      <h1>React host</h1>
      <engage-provider adapter={adapter} patient={session.patient} user={session.user} userName={session.userName} userRole="patient" locale="en">
        <engage-patient-banner></engage-patient-banner>
        <engage-message-thread
          threadId={session.threadId}
          onengage-message-sent={(event) => setSent(event.detail.message.body)}
        ></engage-message-thread>
      </engage-provider>
      <output id="host-event">{sent && `engage-message-sent: ${sent}`}</output>
    </main>
  );
}
