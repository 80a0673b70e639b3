import { CUSTOM_ELEMENTS_SCHEMA, Component, signal } from '@angular/core';
import { hostAdapter, session } from '../../../shared/adapter';

/**
 * Provider, banner and thread. CUSTOM_ELEMENTS_SCHEMA lets Angular leave `engage-*`
 * tags to the browser; `[adapter]` sets a property, and under strict templates
 * `$event` of `(engage-message-sent)` is typed by the package's event declarations.
 */
@Component({
  selector: 'host-root',
  schemas: [CUSTOM_ELEMENTS_SCHEMA],
  template: `
    <main>
      <h1>Angular host</h1>
      <engage-provider
        [adapter]="adapter"
        [patient]="session.patient"
        [user]="session.user"
        [userName]="session.userName"
        user-role="patient"
        locale="en"
      >
        <engage-patient-banner></engage-patient-banner>
        <engage-message-thread
          [threadId]="session.threadId"
          (engage-message-sent)="sent.set($event.detail.message.body)"
        ></engage-message-thread>
      </engage-provider>
      <output id="host-event">{{ sent() ? 'engage-message-sent: ' + sent() : '' }}</output>
    </main>
  `,
})
export class HostApp {
  // one adapter for the page's life: a new object would make every element reload
  protected readonly adapter = hostAdapter();
  protected readonly session = session;
  protected readonly sent = signal('');
}
