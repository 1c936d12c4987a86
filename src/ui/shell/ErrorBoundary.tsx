import { Component, type ErrorInfo, type ReactNode } from 'react';
import { useT } from '../i18n';
import { CrashReport } from './CrashReport';

interface Props {
  onRestart: () => void;
  children: ReactNode;
}
interface State {
  error: Error | null;
}

/** A render error anywhere in the lab shows what went wrong and offers a fresh machine. */
export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: unknown): State {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.warn('Container Lab: the page failed to render', error, info.componentStack);
  }

  private restart = () => {
    this.setState({ error: null });
    this.props.onRestart();
  };

  override render() {
    if (this.state.error) {
      return <PageCrash error={this.state.error} onRestart={this.restart} />;
    }
    return this.props.children;
  }
}

/** The boundary's report, in the UI's language (a class component cannot use the hook). */
function PageCrash({ error, onRestart }: { error: Error; onRestart: () => void }) {
  const t = useT();
  return <CrashReport title={t('shell.crash.page')} message={error.message} detail={error.stack} onRestart={onRestart} />;
}
