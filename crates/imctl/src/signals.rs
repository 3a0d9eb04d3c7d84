//! Ctrl-C and SIGTERM during a job: the first one stops the sending (the job finishes what is
//! in flight and prints its summary), a second one aborts at once.

use tokio::sync::watch;

use crate::term::{EXIT_INTERRUPTED, EXIT_TERMINATED, note};

/// Whether (and how) the user asked the job to stop.
#[derive(Clone)]
pub(crate) struct Interrupt {
    requested: watch::Receiver<Option<u8>>,
}

impl Interrupt {
    /// Starts listening for the signals (on the current tokio runtime).
    pub(crate) fn watch() -> std::io::Result<Interrupt> {
        let (tx, requested) = watch::channel(None);
        let mut signals = Signals::new()?;
        tokio::spawn(async move {
            let code = signals.next().await;
            let _ = tx.send(Some(code));
            note("stopping: finishing the requests in flight (press Ctrl-C again to abort)");
            let code = signals.next().await;
            note("aborted");
            std::process::exit(i32::from(code));
        });
        Ok(Interrupt { requested })
    }

    /// Resolves once a stop is requested.
    pub(crate) fn requested(&self) -> impl Future<Output = ()> + Send + 'static {
        let mut requested = self.requested.clone();
        async move {
            let _ = requested.wait_for(Option::is_some).await;
        }
    }

    /// The exit code of the signal received, if any.
    pub(crate) fn code(&self) -> Option<u8> {
        *self.requested.borrow()
    }
}

/// SIGINT and SIGTERM (Ctrl-C elsewhere), listened for from creation on.
#[cfg(unix)]
pub(crate) struct Signals {
    interrupt: tokio::signal::unix::Signal,
    terminate: tokio::signal::unix::Signal,
}

#[cfg(unix)]
impl Signals {
    pub(crate) fn new() -> std::io::Result<Self> {
        use tokio::signal::unix::{SignalKind, signal};
        Ok(Signals {
            interrupt: signal(SignalKind::interrupt())?,
            terminate: signal(SignalKind::terminate())?,
        })
    }

    /// The next signal's exit code.
    pub(crate) async fn next(&mut self) -> u8 {
        tokio::select! {
            _ = self.interrupt.recv() => EXIT_INTERRUPTED,
            _ = self.terminate.recv() => EXIT_TERMINATED,
        }
    }
}

/// Ctrl-C.
#[cfg(not(unix))]
pub(crate) struct Signals;

#[cfg(not(unix))]
impl Signals {
    pub(crate) fn new() -> std::io::Result<Self> {
        Ok(Signals)
    }

    pub(crate) async fn next(&mut self) -> u8 {
        let _ = tokio::signal::ctrl_c().await;
        EXIT_INTERRUPTED
    }
}
