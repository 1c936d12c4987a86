import { Component, type ErrorInfo, type ReactNode } from 'react';
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
      return (
        <CrashReport
          title="The lab stopped working"
          message={this.state.error.message}
          detail={this.state.error.stack}
          onRestart={this.restart}
        />
      );
    }
    return this.props.children;
  }
}
