/** The frame every plan dialog shares: a modal with a form, its title, Cancel and the confirming button. */
import { useId, useLayoutEffect, useState, type FormEvent, type ReactNode } from 'react';
import Button from '@atlaskit/button/default/button';
import { ErrorMessage, HelperMessage, Label } from '@atlaskit/form';
import Modal, { ModalBody, ModalFooter, ModalHeader, ModalTitle } from '@atlaskit/modal-dialog';
import TextArea from '@atlaskit/textarea';
import { REASON_MAX_LENGTH } from '../forms';
import type { StageView } from '../types';

export { useServerForm } from './serverForm';

/** Room the modal keeps above and below itself inside the panel's frame. */
const MODAL_MARGIN_PX = 140;

/**
 * The panel's frame follows the height of its content (#root), and a modal is fixed, not content: while a dialog is open
 * the root is kept at least as tall as the dialog, so a short panel (a plan's Documents tab) does not clip it.
 */
function useRoomFor(node: HTMLFormElement | null): void {
  useLayoutEffect(() => {
    const root = document.getElementById('root');
    if (!root || !node) return;
    const fit = (): void => {
      root.style.minHeight = `${Math.ceil(node.getBoundingClientRect().height) + MODAL_MARGIN_PX}px`;
    };
    fit();
    const observer = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(fit);
    observer?.observe(node);
    return () => {
      observer?.disconnect();
      root.style.minHeight = '';
    };
  }, [node]);
}

export function DialogFrame(props: { title: string; appearance?: 'danger' | 'warning'; onClose: () => void; onSubmit: (e: FormEvent) => void; confirm: string; confirmAppearance?: 'primary' | 'danger' | 'warning'; busy?: boolean; children: ReactNode; width?: 'small' | 'medium' | 'large' }) {
  const titleId = useId();
  // The modal renders its content in a portal after the frame mounts: the form is followed through a callback ref.
  const [form, setForm] = useState<HTMLFormElement | null>(null);
  useRoomFor(form);
  return (
    <Modal onClose={props.onClose} width={props.width ?? 'medium'} shouldScrollInViewport label={props.title}>
      <form ref={setForm} onSubmit={props.onSubmit} aria-labelledby={titleId} noValidate>
        <ModalHeader hasCloseButton>
          <ModalTitle appearance={props.appearance}>
            <span id={titleId}>{props.title}</span>
          </ModalTitle>
        </ModalHeader>
        <ModalBody>{props.children}</ModalBody>
        <ModalFooter>
          <Button appearance="subtle" onClick={props.onClose}>
            Cancel
          </Button>
          <Button type="submit" appearance={props.confirmAppearance ?? 'primary'} isLoading={props.busy}>
            {props.confirm}
          </Button>
        </ModalFooter>
      </form>
    </Modal>
  );
}

export function StageQuote({ stage }: { stage: StageView }) {
  return (
    <p className="cs-muted">
      <strong>Stage {stage.number}.</strong> {stage.activity}
    </p>
  );
}

export function ReasonField(props: { value: string; onChange: (v: string) => void; error: string | null; required: boolean; help: string; autoFocus?: boolean }) {
  const id = useId();
  return (
    <div className="cs-field">
      <Label htmlFor={id}>Reason{props.required ? ' (required)' : ' (optional)'}</Label>
      <TextArea
        id={id}
        value={props.value}
        onChange={(e) => props.onChange(e.currentTarget.value)}
        isInvalid={Boolean(props.error)}
        isRequired={props.required}
        minimumRows={3}
        maxHeight="30vh"
        autoFocus={props.autoFocus}
        aria-describedby={`${id}-help`}
      />
      {props.error ? <ErrorMessage>{props.error}</ErrorMessage> : <HelperMessage>{props.help} Kept in the plan's audit trail with your name and the time.</HelperMessage>}
      <span id={`${id}-help`} className="cs-visually-hidden">
        Up to {REASON_MAX_LENGTH} characters.
      </span>
    </div>
  );
}
