import { css } from 'lit';
import { token } from '../../core/tokens.js';

/*
 * Why some of these rules are as they are (notes kept out of the CSS text, which ships as written):
 * - `.messages.messages--virtual`: A virtualized list needs a definite height to scroll in. The
 *   virtualizer places each row at the list's padding edge with the list's full width, so the
 *   list's own padding would push every row past the right edge (a sideways scrollbar): the rows
 *   pad instead.
 */
export const threadStyles = css`
  :host {
    display: block;
    container-type: inline-size;
  }
  .thread {
    display: grid;
    gap: ${token('space-3')};
    min-width: 0;
  }
  .header {
    display: grid;
    gap: ${token('space-1')};
    padding-bottom: ${token('space-2')};
    border-bottom: 1px solid ${token('color-border-subtle')};
  }
  .subject {
    margin: 0;
    font-size: ${token('font-size-large')};
    font-weight: 700;
    overflow-wrap: anywhere;
  }
  .meta {
    display: flex;
    flex-wrap: wrap;
    gap: ${token('space-1')} ${token('space-3')};
    margin: 0;
    color: ${token('color-text-muted')};
    font-size: ${token('font-size-small')};
  }
  .meta div {
    display: flex;
    gap: ${token('space-1')};
  }
  .meta dt {
    font-weight: 600;
  }
  .meta dd {
    margin: 0;
    overflow-wrap: anywhere;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: ${token('space-2')};
  }
  .messages.messages--virtual {
    height: var(--engage-thread-height, 32rem);
    padding: 0;
  }
  .messages--virtual .row {
    padding-inline: ${token('space-1')};
  }
  .row {
    width: 100%;
    padding-bottom: ${token('space-2')};
  }
  .messages {
    max-height: var(--engage-thread-height, 32rem);
    overflow: auto;
    padding: ${token('space-1')};
    margin: 0;
    list-style: none;
    display: block;
    border: 1px solid ${token('color-border-subtle')};
    border-radius: ${token('radius')};
  }
  .message {
    display: grid;
    min-width: 0;
    gap: ${token('space-1')};
    width: 100%;
    padding: ${token('space-2')} ${token('space-3')};
    border-radius: ${token('radius')};
    border: 1px solid ${token('color-border-subtle')};
    background: ${token('color-surface')};
  }
  .message--mine {
    background: ${token('color-surface-raised')};
    border-inline-start: 4px solid ${token('color-accent')};
  }
  .message--unread {
    border-inline-start: 4px solid ${token('color-warning')};
  }
  .message--failed {
    border: 2px solid ${token('color-danger')};
  }
  .message__head {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: ${token('space-1')} ${token('space-2')};
  }
  .sender {
    font-weight: 700;
    overflow-wrap: anywhere;
  }
  .role,
  time,
  .delivery {
    color: ${token('color-text-muted')};
    font-size: ${token('font-size-small')};
  }
  .unread-label {
    font-size: ${token('font-size-small')};
    font-weight: 700;
    color: ${token('color-warning')};
  }
  .body {
    overflow-wrap: anywhere;
  }
  .body p,
  .body ul,
  .body ol {
    margin: 0 0 ${token('space-2')};
  }
  .body a {
    color: ${token('color-accent')};
  }
  .in-reply {
    font-size: ${token('font-size-small')};
    color: ${token('color-text-muted')};
    margin: 0;
    overflow-wrap: anywhere;
  }
  .attachments {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: ${token('space-1')};
  }
  .attachments li {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: ${token('space-2')};
  }
  .failed {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: ${token('space-2')};
    color: ${token('color-danger')};
    font-weight: 600;
  }
  .reply-to {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: ${token('space-2')};
    font-size: ${token('font-size-small')};
  }
  .send-row {
    display: flex;
    flex-wrap: wrap;
    gap: ${token('space-2')};
    align-items: center;
  }
  .closed-note {
    margin: 0;
    padding: ${token('space-2')} ${token('space-3')};
    border: 1px dashed ${token('color-border')};
    border-radius: ${token('radius')};
  }
`;
