// @ts-check
/**
 * The Messages tab of the host page (demo/app.js): the inbox opens a conversation in the
 * thread beside it. The session closes the thread when the patient changes.
 */
import { byId, setOrRemove } from './app-state.js';

// Messages: choosing a conversation in the inbox opens it in the thread beside it; a
// send or a status change there refreshes the inbox's previews and unread counts.

const messageInbox = /** @type {any} */ (byId('message-inbox'));
export const messageThread = /** @type {any} */ (byId('message-thread'));

const messagesLayout = byId('messages-layout');
/** Narrow screens show the list or the conversation, never both (demo.css). */
const oneColumn = () => window.matchMedia('(max-width: 59.99rem)').matches;

/** @param {string | undefined} threadId */
export function showThread(threadId) {
  setOrRemove(messageThread, 'thread-id', threadId);
  messageThread.hidden = !threadId;
  // two columns only while a conversation is open, so the list never sits beside an empty half page
  messagesLayout.classList.toggle('messages-layout--open', Boolean(threadId));
}

byId('messages-back').addEventListener('click', () => {
  showThread(undefined);
  // the button is gone with the conversation: back to the list's panel
  byId('panel-messages').focus();
});

messageInbox.addEventListener('engage-thread-select', (/** @type {any} */ event) => {
  showThread(event.detail.thread.id);
  // on a narrow screen the list (and the focused conversation in it) is hidden now
  if (oneColumn()) byId('messages-back').focus();
});
messageThread.addEventListener('engage-message-sent', () => messageInbox.refresh());
messageThread.addEventListener('engage-thread-status', () => messageInbox.refresh());
messageThread.addEventListener('engage-message-read', () => messageInbox.refresh());
