import { Component, type ReactNode } from 'react';

interface State {
  failed: boolean;
}

/**
 * The chart's code loads after the page. If that fails (a new version was deployed while the page was
 * open, or the connection dropped), say so in place of the chart and keep the rest of the page, with
 * any form being filled, working.
 */
export class ChartBoundary extends Component<{ children: ReactNode }, State> {
  override state: State = { failed: false };

  static getDerivedStateFromError(): State {
    return { failed: true };
  }

  override render() {
    if (!this.state.failed) return this.props.children;
    return (
      <div className="card" role="status">
        <p className="error">
          The chart could not be loaded. The records below are complete; reload the page to see the chart.
        </p>
        <button type="button" className="button" onClick={() => window.location.reload()}>
          Reload
        </button>
      </div>
    );
  }
}
