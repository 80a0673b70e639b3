import { property } from 'lit/decorators.js';
import { EngageElement } from '../../core/engage-element.js';
import { DeceasedStatus, deceasedNoticeStyles } from '../../core/deceased.js';
import { hostTextConverter, hostTextIn, type HostText } from '../../core/host-text.js';
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

  /**
   * When a reply can be expected, in words, shown before sending: one text
   * (`2 business days`) or one per language, as a property (`{ en: '2 business days',
   * es: '2 días hábiles' }`) or a JSON attribute; a language left out reads the English.
   */
  @property({ attribute: 'reply-time', converter: hostTextConverter })
  replyTime?: HostText;

  /** The reply time in the element's language (see {@link replyTime}). */
  protected get replyTimeText(): string | undefined {
    return hostTextIn(this.replyTime, this.activeSession.locale);
  }

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
