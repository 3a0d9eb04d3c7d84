//! The progress bar of a running job, on stderr when it is a terminal (indicatif), driven by
//! the engine's progress.

use std::time::Duration;

use im_client::bulk::Progress;
use indicatif::{ProgressBar, ProgressStyle};
use tokio::sync::watch;

/// `1h02m`, `3m05s`, `42s`.
fn eta_text(eta: Duration) -> String {
    let secs = eta.as_secs();
    match secs {
        0..60 => format!("{secs}s"),
        60..3600 => format!("{}m{:02}s", secs / 60, secs % 60),
        _ => format!("{}h{:02}m", secs / 3600, secs % 3600 / 60),
    }
}

/// The progress bar of a running job.
pub(crate) struct ProgressDisplay {
    bar: ProgressBar,
    task: tokio::task::JoinHandle<()>,
}

impl ProgressDisplay {
    /// Shows a bar on stderr driven by `progress`.
    pub(crate) fn start(op: &'static str, mut progress: watch::Receiver<Progress>) -> Self {
        let total = progress.borrow().total;
        let bar = match total {
            Some(total) => ProgressBar::new(total).with_style(
                ProgressStyle::with_template("{prefix} [{bar:30}] {pos}/{len} {msg}")
                    .unwrap_or_else(|_| ProgressStyle::default_bar())
                    .progress_chars("=> "),
            ),
            None => ProgressBar::new_spinner().with_style(
                ProgressStyle::with_template("{prefix} {spinner} {pos} done {msg}")
                    .unwrap_or_else(|_| ProgressStyle::default_spinner()),
            ),
        };
        bar.set_prefix(op);
        bar.enable_steady_tick(Duration::from_millis(200));
        let shown = bar.clone();
        let task = tokio::spawn(async move {
            loop {
                {
                    let p = progress.borrow_and_update();
                    shown.set_position(p.done + p.skipped);
                    // The engine's estimate: its rate leaves out what a resume skipped (which
                    // indicatif's own {eta} would count as instant progress).
                    let eta = match p.eta {
                        Some(eta) if p.total.is_some() => format!(", ETA {}", eta_text(eta)),
                        _ if p.total.is_some() => ", ETA ?".to_owned(),
                        _ => String::new(),
                    };
                    shown.set_message(format!("{:.0}/s, {} failed{eta}", p.rate, p.failed));
                }
                if progress.changed().await.is_err() {
                    break;
                }
            }
        });
        ProgressDisplay { bar, task }
    }

    /// Runs `f` with the bar hidden (to print lines under it).
    pub(crate) fn suspend<R>(&self, f: impl FnOnce() -> R) -> R {
        self.bar.suspend(f)
    }

    /// Removes the bar.
    pub(crate) fn finish(self) {
        self.task.abort();
        self.bar.finish_and_clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eta_texts() {
        assert_eq!(eta_text(Duration::from_secs(42)), "42s");
        assert_eq!(eta_text(Duration::from_secs(185)), "3m05s");
        assert_eq!(eta_text(Duration::from_secs(3720)), "1h02m");
    }
}
