/** What every Slack form modal shares: its frame (title, submit, "Annuleren", ids as private_metadata), and reading an id back. */
import type { Locale } from '../../services/protocol';
import { t } from '../strings';
import { LIMITS, plain } from './blocks';

export interface ModalFrame {
  callbackId: string;
  title: string;
  submit: string;
  /** Ids only: private_metadata comes back with the submission and is never shown. */
  metadata: Record<string, unknown>;
  blocks: unknown[];
}

export function formModal(locale: Locale, frame: ModalFrame): Record<string, unknown> {
  return {
    type: 'modal',
    callback_id: frame.callbackId,
    title: plain(frame.title, LIMITS.modalTitle),
    submit: plain(frame.submit, LIMITS.modalButton),
    close: plain(t(locale, 'form.cancel'), LIMITS.modalButton),
    private_metadata: JSON.stringify(frame.metadata),
    blocks: frame.blocks,
  };
}

/** One string field of a modal's private_metadata, if `valid` accepts it; anything unreadable is undefined. */
export function metadataField(privateMetadata: unknown, field: string, valid: (value: string) => boolean): string | undefined {
  try {
    const value = (JSON.parse(String(privateMetadata)) as Record<string, unknown>)[field];
    return typeof value === 'string' && valid(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** An incident id as the store makes them. */
export const isIncidentId = (value: string) => /^inc-[a-f0-9]{24}$/.test(value);
