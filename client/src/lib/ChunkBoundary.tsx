import { Component, type ErrorInfo, type ReactNode } from 'react';
import { ChunkLoadFailure, retryFailedChunks } from './lazyComponent';

interface Props {
  children: ReactNode;
  /** Shown instead of the children once their chunk could not be loaded. */
  fallback?: ReactNode;
  onFailure?: () => void;
}

/**
 * Catches a lazy chunk that did not load, so a dropped request on venue Wi-Fi costs one dialog
 * or page, not the whole app. Any other error is thrown on, as if this boundary were not here.
 * Give it a new key to try again.
 */
export class ChunkBoundary extends Component<Props, { error: unknown }> {
  override state: { error: unknown } = { error: null };

  static getDerivedStateFromError(error: unknown) {
    return { error };
  }

  override componentDidCatch(error: unknown, _info: ErrorInfo): void {
    if (!(error instanceof ChunkLoadFailure)) return;
    retryFailedChunks();
    this.props.onFailure?.();
  }

  override render(): ReactNode {
    const { error } = this.state;
    if (error === null) return this.props.children;
    if (error instanceof ChunkLoadFailure) return this.props.fallback ?? null;
    throw error;
  }
}
