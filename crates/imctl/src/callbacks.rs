//! `imctl callbacks listen`: a receiver of the service's callbacks that verifies each one
//! (im-callback's tower service) and prints the verified events as JSON lines.

use std::io::{self, BufWriter, Write};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use im_callback::service::{Callback, CallbackService, Rejected};
use im_callback::{ReplayCache, Reply, Verifier};
use im_emulator::DEFAULT_SDKAPPID;
use tokio::net::TcpListener;
use tokio::sync::{Semaphore, mpsc, oneshot};

use crate::cli::{CallbacksCommand, Global, ListenArgs};
use crate::config::callback_token;
use crate::signals::Signals;
use crate::{CliError, EXIT_OK, WriteStop, note, write_stdout};

/// Connections served at once; more wait in the listen backlog.
const MAX_CONNECTIONS: usize = 1024;

/// How long a connection may take to send a request's headers.
const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(30);

/// Verified events waiting to be printed (a slow reader slows the answers, never drops one).
const QUEUE: usize = 4096;

/// Runs one `callbacks` command.
pub(crate) async fn run(global: &Global, command: &CallbacksCommand) -> Result<u8, CliError> {
    match command {
        CallbacksCommand::Listen(args) => listen(global, args).await,
    }
}

async fn listen(global: &Global, args: &ListenArgs) -> Result<u8, CliError> {
    let verifier = verifier(global, args)?;
    let rejected = Arc::new(AtomicU64::new(0));
    let (events, mut printed) = mpsc::channel::<Printed>(QUEUE);
    let service = CallbackService::new(verifier, move |callback: Callback| {
        let events = events.clone();
        async move {
            let mut line = serde_json::to_vec(&callback.event.to_body()).unwrap_or_default();
            line.push(b'\n');
            let (done, on_stdout) = oneshot::channel();
            // Answered OK only once the event is on stdout.
            match events.send((line, done)).await {
                Ok(()) if on_stdout.await.is_ok() => Reply::ok(),
                _ => Reply::fail("the receiver is stopping"),
            }
        }
    })
    .on_rejected(observer(rejected.clone(), global.quiet));

    let mut stop =
        Signals::new().map_err(|e| CliError::failed(format!("cannot listen for signals: {e}")))?;
    let listener = TcpListener::bind(args.listen)
        .await
        .map_err(|e| CliError::usage(format!("cannot listen on {}: {e}", args.listen)))?;
    let local = listener
        .local_addr()
        .map_err(|e| CliError::failed(format!("cannot read the listening address: {e}")))?;
    let (stop_accepting, accepting) = oneshot::channel();
    let server = tokio::spawn(accept_loop(listener, service, accepting));
    if let Err(stop) = write_stdout(&format!("{}\n", base_url(local))) {
        return Ok(stop.exit_code(EXIT_OK));
    }
    if !global.quiet {
        note(&format!(
            "receiving callbacks at {}; stop with Ctrl-C or SIGTERM",
            base_url(local)
        ));
    }
    let mut received = 0;
    let code = tokio::select! {
        code = print_events(&mut printed, args.count, &mut received) => code,
        _ = stop.next() => EXIT_OK,
    };
    // Events not printed are answered as failures (the service may retry them); then the
    // connections finish their answers.
    drop(printed);
    let _ = stop_accepting.send(());
    let _ = server.await;
    if !global.quiet {
        let rejected = rejected.load(Ordering::Relaxed);
        note(&format!(
            "stopped: {received} events printed, {rejected} requests rejected"
        ));
    }
    Ok(code)
}

/// The verifier from `--sdkappid`, the token, `--window-secs` and `--reject-replays`.
fn verifier(global: &Global, args: &ListenArgs) -> Result<Verifier, CliError> {
    let sdkappid = match global.sdkappid {
        Some(0) => return Err(CliError::usage("--sdkappid 0 is not a valid SDKAppID")),
        Some(sdkappid) => sdkappid,
        None => {
            if !global.quiet {
                note(&format!(
                    "no --sdkappid or IM_SDKAPPID: accepting callbacks for {DEFAULT_SDKAPPID}, the emulator's default"
                ));
            }
            DEFAULT_SDKAPPID
        }
    };
    let verifier = match callback_token(args.token_file.as_deref())? {
        Some(token) if args.reject_replays => {
            Verifier::new(sdkappid, token).replay_cache(ReplayCache::new())
        }
        Some(token) => Verifier::new(sdkappid, token),
        None if args.reject_replays => {
            return Err(CliError::usage(
                "--reject-replays needs the callback token (--token-file or IM_CALLBACK_TOKEN): unsigned callbacks have no Sign to tell a repeat by",
            ));
        }
        None => {
            note(
                "warning: no --token-file or IM_CALLBACK_TOKEN: callbacks are not authenticated, and anyone can forge them",
            );
            Verifier::without_sign(sdkappid)
        }
    };
    Ok(verifier.window_secs(args.window_secs))
}

/// Counts each refused request and, unless quiet, says why on stderr.
fn observer(rejected: Arc<AtomicU64>, quiet: bool) -> impl Fn(&Rejected) + Send + Sync + 'static {
    move |why: &Rejected| {
        let n = rejected.fetch_add(1, Ordering::Relaxed) + 1;
        if !quiet {
            note(&format!("rejected a request ({n} so far): {why}"));
        }
    }
}

/// An event's JSON line, and who to tell once it is on stdout.
type Printed = (Vec<u8>, oneshot::Sender<()>);

/// Prints events as they come, flushing whenever none is waiting, counting them in
/// `printed`; stops after `count`. Each event's sender hears once its line is flushed.
/// Returns the exit code.
async fn print_events(
    events: &mut mpsc::Receiver<Printed>,
    count: Option<u64>,
    printed: &mut u64,
) -> u8 {
    let mut out = BufWriter::new(io::stdout());
    let mut flushed = Vec::new();
    while let Some(event) = events.recv().await {
        let mut next = Some(event);
        while let Some((line, done)) = next.take() {
            if let Err(err) = out.write_all(&line) {
                return WriteStop::from(err).exit_code(EXIT_OK);
            }
            flushed.push(done);
            *printed += 1;
            if count.is_some_and(|n| *printed >= n) {
                break;
            }
            next = events.try_recv().ok();
        }
        if let Err(err) = out.flush() {
            return WriteStop::from(err).exit_code(EXIT_OK);
        }
        for done in flushed.drain(..) {
            let _ = done.send(());
        }
        if count.is_some_and(|n| *printed >= n) {
            break;
        }
    }
    EXIT_OK
}

/// Accepts connections and serves each with `service`, at most [`MAX_CONNECTIONS`] at once,
/// until `stop`; then lets the connections finish their answers (at most 2 s).
async fn accept_loop(
    listener: TcpListener,
    service: CallbackService,
    mut stop: oneshot::Receiver<()>,
) {
    let slots = Arc::new(Semaphore::new(MAX_CONNECTIONS));
    let mut builder = auto::Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(HEADER_READ_TIMEOUT);
    let graceful = GracefulShutdown::new();
    loop {
        let slot = tokio::select! {
            _ = &mut stop => break,
            slot = slots.clone().acquire_owned() => slot,
        };
        let Ok(slot) = slot else { break };
        let stream = tokio::select! {
            _ = &mut stop => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                // Out of descriptors, or a connection reset before it was accepted: try again
                // shortly rather than spin.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(10)).await;
                    continue;
                }
            },
        };
        let _ = stream.set_nodelay(true);
        let service = TowerToHyperService::new(service.clone());
        let connection = builder
            .serve_connection(TokioIo::new(stream), service)
            .into_owned();
        let watched = graceful.watch(connection);
        tokio::spawn(async move {
            let _ = watched.await;
            drop(slot);
        });
    }
    drop(listener);
    let _ = tokio::time::timeout(Duration::from_secs(2), graceful.shutdown()).await;
}

/// `http://{addr}`, naming loopback for an unspecified address.
fn base_url(addr: SocketAddr) -> String {
    let ip = match addr.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
        IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
        ip => ip,
    };
    format!("http://{}", SocketAddr::new(ip, addr.port()))
}
