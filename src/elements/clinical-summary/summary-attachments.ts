/**
 * Files a note points at but does not hold (a `Binary` reference, a relative URL), read
 * through the summary port's `getAttachment` the first time the viewer shows them (the
 * reader opens the note, or the summary prints), and kept for the element's life. A read
 * still in flight when the element leaves the page is cancelled, and read again if it
 * comes back.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { SummaryPort } from '../../adapters/ports.js';
import { isEngageError } from '../../core/errors.js';
import type { FetchedContent } from './document-viewer.js';

export class AttachmentReader implements ReactiveController {
  private readonly fetched = new Map<string, FetchedContent>();
  private abort?: AbortController;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly port: () => SummaryPort | undefined,
  ) {
    host.addController(this);
  }

  hostDisconnected(): void {
    this.abort?.abort();
    this.abort = undefined;
  }

  /** The viewer's reader of server files; undefined when the port cannot read them. */
  get reader(): ((url: string) => FetchedContent) | undefined {
    return this.port()?.getAttachment ? (url) => this.read(url) : undefined;
  }

  private read(url: string): FetchedContent {
    const known = this.fetched.get(url);
    if (known) return known;
    const getAttachment = this.port()?.getAttachment;
    if (!getAttachment) return { state: 'failed', code: 'not-configured' };
    this.abort ??= new AbortController();
    const { signal } = this.abort;
    const loading: FetchedContent = { state: 'loading' };
    this.fetched.set(url, loading);
    void getAttachment
      .call(this.port(), url, { signal })
      .then(
        (content) => this.fetched.set(url, { state: 'done', content }),
        (error: unknown) => {
          if (signal.aborted) this.fetched.delete(url);
          else this.fetched.set(url, { state: 'failed', code: isEngageError(error) ? error.code : 'server' });
        },
      )
      .finally(() => this.host.requestUpdate());
    return loading;
  }
}
