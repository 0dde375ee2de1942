import { showConfirmDialog } from 'vant';
import 'vant/es/dialog/style';

/**
 * Asks before a consequential action, saying what will happen; resolves true only when the person confirms.
 * The buttons carry the page's words (Vant's own would stay in its default language).
 */
export async function confirmed(options: { title: string; message: string; confirm: string; cancel: string; danger?: boolean }): Promise<boolean> {
  try {
    await showConfirmDialog({
      title: options.title,
      message: options.message,
      confirmButtonText: options.confirm,
      cancelButtonText: options.cancel,
      confirmButtonColor: options.danger ? 'var(--danger)' : 'var(--brand)',
      messageAlign: 'left',
      className: 'me-confirm',
    });
    return true;
  } catch {
    return false;
  }
}
