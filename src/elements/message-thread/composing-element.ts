import { property } from 'lit/decorators.js';
import { EngageElement } from '../../core/engage-element.js';
import { DeceasedStatus, deceasedNoticeStyles } from '../../core/deceased.js';
import { Composer, DEFAULT_LIMITS, composerStyles, parseTypes } from './composer.js';

/**
 * What the inbox (new conversation) and the thread (reply) share: the settings a host
 * gives for writing a message, and the composer that applies them.
 */
export abstract class ComposingElement extends EngageElement {
  static override styles = [...EngageElement.styles, composerStyles, deceasedNoticeStyles];

  /** The number to call in an emergency, shown before sending. */
  @property({ attribute: 'emergency-number' })
  emergencyNumber = '911';

  /** When a reply can be expected, in words (`2 business days`); shown before sending. */
  @property({ attribute: 'reply-time' })
  replyTime?: string;

  /** MIME types a patient may attach, comma-separated; default PDF, PNG and JPEG. */
  @property({ attribute: 'allowed-types' })
  allowedTypes?: string;

  /** Most files on one message; default 5. */
  @property({ type: Number, attribute: 'max-files' })
  maxFiles = DEFAULT_LIMITS.maxFiles;

  /** Largest attachment in bytes; default 10 MB. */
  @property({ type: Number, attribute: 'max-file-size' })
  maxFileSize = DEFAULT_LIMITS.maxBytes;

  /** The message being written, its attachments and their limits. */
  protected readonly composer = new Composer(
    this,
    () => ({
      types: parseTypes(this.allowedTypes),
      maxFiles: this.maxFiles,
      maxBytes: this.maxFileSize,
    }),
    () => this.activeSession.locale,
    () => this.draftsInUse,
  );

  /** Whether the patient has died: then a patient or caregiver sees a notice instead of the composer. */
  protected readonly deceased = new DeceasedStatus(this, () => [
    this.portOf('patient'),
    this.activeSession.patient,
    this.activeSession.role,
  ]);
}
